"""§4.2: stepping up from the Early Help triage process."""
from ..forms import Field, Handler, Outcome, StartPathway
from ..timing import now_from
from .clocks import MASH_DISCUSSION_HOURS, hours_after
from .contact_centre import refer_to_contact_centre

YES_NO = ("Yes", "No")
CONTACT_CENTRE = "Contact Centre"
EH_SOCIAL_WORKER = "Early Help Social Worker"

STEP_UP = "Step up: Contact Information record to the area social work team"
CP_TO_CONTACT_CENTRE = "Child protection concern: refer to the Contact Centre now"
DISCUSS_WITH_MASH = "Discuss MASH's Early Help outcome with MASH"
STAYS = "Stays with Early Help"
SW_DECISIONS = (STEP_UP, CP_TO_CONTACT_CENTRE, DISCUSS_WITH_MASH, STAYS)
WHY_DISCUSS = ("The original referrer does not support the Early Help recommendation",
               "The child's or family's needs are greater than Early Help")

CHANGED = "MASH changes the outcome to a Social Work Assessment"
STANDS = "Early Help outcome stands (agreed)"
STILL_DIFFER = "Still differ: escalate (§6)"
MASH_OUTCOMES = (CHANGED, STANDS, STILL_DIFFER)


def _availability_when_cp(clean, _context):
    if clean["child_protection_concern"] == "Yes" and not clean["early_help_social_worker_available"]:
        return {"early_help_social_worker_available": "Say whether an Early Help Social Worker is available now"}
    return {}


def _hand_on_triage(clean, context):
    to_contact_centre = (clean["child_protection_concern"] == "Yes"
                         and clean["early_help_social_worker_available"] == "No")
    data = {**clean, "triage_route": CONTACT_CENTRE if to_contact_centre else EH_SOCIAL_WORKER}
    if to_contact_centre:
        return Outcome(data=data, starts=(refer_to_contact_centre("triage_findings", "Triage")(clean, context),))
    return Outcome(data=data)


record_triage_concern = Handler(
    task_id="record_triage_concern",
    title="Triage: the child may need social work",
    guidance=("§4.2: triage shows the child may need a Social Work assessment, or a risk of / harm has been "
              "identified. A child protection concern when no Early Help Social Worker is available goes to the "
              "Contact Centre without delay (§4.2.1): completing this refers it at once and e-mails the Contact "
              "Centre. Otherwise the Early Help Social Worker decides."),
    fields=(
        Field("triage_findings", "What triage has shown", "textarea", required=True),
        Field("child_protection_concern", "Is this a child protection concern?", "choice", required=True,
              choices=YES_NO),
        Field("early_help_social_worker_available", "Is an Early Help Social Worker available now?", "choice",
              choices=YES_NO, help="Needed for a child protection concern"),
    ),
    rules=(_availability_when_cp,),
    hand_on=_hand_on_triage,
)


def _reason_to_discuss(clean, _context):
    if clean["triage_decision"] == DISCUSS_WITH_MASH and not clean["why_discuss_with_mash"]:
        return {"why_discuss_with_mash": "Say why MASH's Early Help outcome is questioned"}
    return {}


def _hand_on_sw(clean, context):
    # §4.2.2: a discussion with MASH is due within 24 hours of the Early Help Social Worker asking for it.
    now = now_from(context)
    data = {**clean, "mash_discussion_due_at": hours_after(now, MASH_DISCUSSION_HOURS) if now else None}
    decision = clean["triage_decision"]
    if decision == STEP_UP:
        return Outcome(data=data, starts=(StartPathway("area_team_contact", {
            "step_up_stage": "Triage", "step_up_reasons": clean["social_worker_view"]}),))
    if decision == CP_TO_CONTACT_CENTRE:
        return Outcome(data=data, starts=(refer_to_contact_centre("social_worker_view", "Triage")(clean, context),))
    return Outcome(data=data)


early_help_social_worker_triage_decision = Handler(
    task_id="early_help_social_worker_triage_decision",
    title="Early Help Social Worker: step up from triage?",
    guidance=("§4.2: a child needing a Social Work assessment is sent direct to the area social work team with a "
              "Contact Information record. If MASH referred to Early Help and the original referrer does not support "
              "the Early Help recommendation, or you feel the needs are greater than Early Help, discuss the case "
              "with MASH within 24 hours (§4.2.2)."),
    fields=(
        Field("social_worker_view", "Your view of the child's needs", "textarea", required=True),
        Field("triage_decision", "Decision", "choice", required=True, choices=SW_DECISIONS),
        Field("why_discuss_with_mash", "Why discuss with MASH", "choice", choices=WHY_DISCUSS),
    ),
    rules=(_reason_to_discuss,),
    hand_on=_hand_on_sw,
)


def _hand_on_mash(clean, context):
    data = dict(clean)
    if clean["mash_outcome"] == CHANGED:
        return Outcome(data=data, starts=(StartPathway("area_team_contact", {
            "step_up_stage": "Triage", "step_up_reasons": clean["discussion_summary"]}),))
    if clean["mash_outcome"] == STILL_DIFFER:
        return Outcome(data=data, starts=(StartPathway("professional_differences", {
            "difference_stage": "Triage", "difference_summary": clean["discussion_summary"]}),))
    return Outcome(data=data)


mash_case_discussion = Handler(
    task_id="mash_case_discussion",
    title="Case discussion with Early Help Social Work (within 24 hours)",
    guidance=("§4.2.2: Early Help Social Work questions MASH's Early Help outcome. Discuss the case within 24 hours "
              "so MASH can consider the decision and, if appropriate, change the outcome to a Social Work "
              "Assessment (the Early Help Social Worker then sends the Contact Information record)."),
    fields=(
        Field("discussion_held_at", "Discussion held at", "datetime", happened=True, required=True),
        Field("early_help_social_worker", "Early Help Social Worker taking part", "text", required=True),
        Field("discussion_summary", "Discussion", "textarea", required=True),
        Field("mash_outcome", "MASH's decision", "choice", required=True, choices=MASH_OUTCOMES),
    ),
    hand_on=_hand_on_mash,
)
