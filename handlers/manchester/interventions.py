"""§4.3: stepping up from Early Help interventions (TAF within 5 working days, Signs of Safety consultation)."""
from datetime import date

from ..forms import Field, Handler, Outcome, StartPathway
from ..timing import LONDON, as_utc
from .clocks import TAF_WORKING_DAYS, end_of, taf_latest_day, today
from .contact_centre import refer_to_contact_centre

YES_NO = ("Yes", "No")
WHY = ("Concerns have been raised", "The Early Help plan is not working")
SOS = "Signs of Safety"

STATUTORY = "Statutory intervention needed: Contact Information record to the area social work team"
REVISED_PLAN = "Continue in Early Help with a revised plan"
DIFFER = "Professionals differ about the level of need: escalate (§6)"
SW_DECISIONS = (STATUTORY, REVISED_PLAN, DIFFER)


def _concern_not_in_the_future(clean, context):
    on_day = today(context)
    if on_day is not None and date.fromisoformat(clean["concern_raised_on"]) > on_day:
        return {"concern_raised_on": "The date the issues were raised must be today or in the past"}
    return {}


def _hand_on_concern(clean, context):
    latest = taf_latest_day(date.fromisoformat(clean["concern_raised_on"]))
    data = {**clean, "taf_latest_day": latest.isoformat(), "taf_due_at": end_of(latest)}
    if clean["child_protection_concern"] == "Yes":
        # §4.3: "If a child protection concern is raised Early Help workers should refer without delay".
        return Outcome(data=data, starts=(refer_to_contact_centre("concern_details", "Interventions")(clean, context),))
    return Outcome(data=data)


raise_intervention_concern = Handler(
    task_id="raise_intervention_concern",
    title="Concerns raised, or the Early Help plan is not working",
    guidance=("§4.3: discuss it with the key professionals involved with the family and call a Team Around the "
              "Family meeting within 5 working days of the issues being raised. A child protection concern goes to "
              "the Contact Centre / MASH without delay: completing this refers it at once."),
    fields=(
        Field("concern_raised_on", "Day the issues were raised", "date", happened=True, required=True),
        Field("why_step_up_considered", "Why", "choice", required=True, choices=WHY),
        Field("concern_details", "The concerns", "textarea", required=True),
        Field("child_protection_concern", "Is this a child protection concern?", "choice", required=True,
              choices=YES_NO),
    ),
    rules=(_concern_not_in_the_future,),
    hand_on=_hand_on_concern,
)


def _meeting_within_five_working_days(clean, context):
    held = as_utc(clean["taf_meeting_held_at"]).astimezone(LONDON).date()
    raised, latest = date.fromisoformat(context["concern_raised_on"]), date.fromisoformat(context["taf_latest_day"])
    if held < raised:
        return {"taf_meeting_held_at": ("The date of the TAF meeting must be on or after the day the issues were "
                                        f"raised ({raised:%d %B %Y})")}
    if held > latest:
        return {"taf_meeting_held_at": (f"The TAF meeting must be within {TAF_WORKING_DAYS} working days of the "
                                        f"issues being raised: by {latest:%A %d %B %Y} (§4.3)")}
    if today(context) is not None and held > today(context):
        return {"taf_meeting_held_at": "Record the TAF meeting once it has been held"}
    return {}


def _senior_social_worker_when_complex(clean, _context):
    if clean["issues_complex"] == "Yes" and not clean["senior_social_worker_attended"]:
        return {"senior_social_worker_attended": "When the issues are complex the Early Help Senior Social Worker "
                                                 "should attend the TAF meeting (§4.3.1)"}
    return {}


def _prefill_taf(context):
    return {"taf_latest_day": context.get("taf_latest_day")}


hold_taf_meeting = Handler(
    task_id="hold_taf_meeting",
    title="Team Around the Family meeting (within 5 working days of the concern)",
    guidance=("§4.3: the TAF meeting must be prompt and not delay case planning: within 5 working days of the issues "
              "being raised. When the issues are complex, the Early Help Senior Social Worker attends (§4.3.1)."),
    fields=(
        Field("taf_meeting_held_at", "TAF meeting held at", "datetime", happened=True, required=True),
        Field("key_professionals", "Key professionals who took part", "textarea", required=True),
        Field("issues_complex", "Are the issues complex?", "choice", required=True, choices=YES_NO),
        Field("senior_social_worker_attended", "Early Help Senior Social Worker attended", "boolean"),
        Field("taf_discussion", "What the TAF meeting concluded", "textarea", required=True),
    ),
    rules=(_meeting_within_five_working_days, _senior_social_worker_when_complex),
    prefill=_prefill_taf,
)


senior_social_worker_consultation = Handler(
    task_id="senior_social_worker_consultation",
    title="Signs of Safety consultation with the Early Help Senior Social Worker",
    guidance=("§4.3.1: use the Signs of Safety approach to identify existing strengths, danger / risk and what needs "
              "to happen. The Early Help Social Worker records it as a case note next."),
    fields=(
        Field("existing_strengths", "Existing strengths", "textarea", required=True, section=SOS),
        Field("danger_and_risk", "Danger / risk", "textarea", required=True, section=SOS),
        Field("what_needs_to_happen", "What needs to happen", "textarea", required=True, section=SOS),
        Field("consultation_held_on", "Consultation held on", "date", happened=True, required=True),
    ),
)


def case_note(context):
    """The consultation as the Early Help Social Worker's case note (§4.3.1: "recorded on a case note")."""
    if not context.get("existing_strengths"):
        return None
    return (f"Signs of Safety consultation with the Early Help Senior Social Worker ({context.get('consultation_held_on')})"
            f"\nExisting strengths: {context['existing_strengths']}\nDanger / risk: {context.get('danger_and_risk')}"
            f"\nWhat needs to happen: {context.get('what_needs_to_happen')}")


def _difference_summary(clean, _context):
    if clean["intervention_decision"] == DIFFER and not clean["difference_summary"]:
        return {"difference_summary": "Say what the professionals differ about"}
    return {}


def _hand_on_decision(clean, context):
    decision = clean["intervention_decision"]
    if decision == STATUTORY:
        return Outcome(data=dict(clean), starts=(StartPathway("area_team_contact", {
            "step_up_stage": "Interventions", "step_up_reasons": context.get("concern_details"),
            "what_is_working_well": context.get("existing_strengths"), "worries": context.get("danger_and_risk"),
            "what_needs_to_happen": context.get("what_needs_to_happen")}),))
    if decision == DIFFER:
        return Outcome(data=dict(clean), starts=(StartPathway("professional_differences", {
            "difference_stage": "Interventions", "difference_summary": clean["difference_summary"]}),))
    return Outcome(data=dict(clean))


early_help_social_worker_step_up_decision = Handler(
    task_id="early_help_social_worker_step_up_decision",
    title="Record the consultation as a case note and decide: statutory intervention?",
    guidance=("§4.3.1: record the Signs of Safety consultation on a case note. If the child requires a statutory "
              "intervention as a child in need or a child in need of protection, refer direct to the area social work "
              "team with a Contact Information record."),
    fields=(
        Field("case_note", "Case note of the consultation", "textarea", required=True),
        Field("intervention_decision", "Decision", "choice", required=True, choices=SW_DECISIONS),
        Field("difference_summary", "What the professionals differ about", "textarea"),
    ),
    rules=(_difference_summary,),
    prefill=lambda context: {"case_note": case_note(context)},
    hand_on=_hand_on_decision,
)
