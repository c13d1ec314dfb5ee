"""§6: escalating professional differences, tier by tier, each within 48 hours; the top tier's decision is final."""
from ..forms import Field, Handler, Outcome, StartPathway

TRIAGE, INTERVENTIONS = "Triage", "Interventions"
STAGES = (TRIAGE, INTERVENTIONS)
SOCIAL_WORK = "Agreed: social work (step up to the area team)"
EARLY_HELP = "Agreed: stays with Early Help"
ESCALATE = "Not agreed: escalate to the next tier"
OUTCOMES = (SOCIAL_WORK, EARLY_HELP, ESCALATE)
FINAL_OUTCOMES = (SOCIAL_WORK, EARLY_HELP)
CONTACT = "area_team_contact"


def _prefill_record(context):
    return {"difference_stage": context.get("difference_stage"),
            "difference_summary": context.get("difference_summary")}


def _prefill_views(context):
    return {"difference_summary": context.get("difference_summary")}


def _hand_on(outcome_field):
    def hand_on(clean, context):
        data = dict(clean, difference_outcome=clean[outcome_field])
        if clean[outcome_field] == SOCIAL_WORK:
            # Agreed step-up: the Early Help Social Worker sends the Contact Information record (§4.2, §4.3.1).
            return Outcome(data=data, starts=(StartPathway(CONTACT, {
                "step_up_stage": context.get("difference_stage"),
                "step_up_reasons": context.get("difference_summary")}),))
        return Outcome(data=data)
    return hand_on


record_professional_difference = Handler(
    task_id="record_professional_difference",
    title="Record the professional difference",
    guidance=("Front-line practitioners differ about the level of need or the response (§6.1). Record both views. "
              "Each tier then has 48 hours to resolve it; unresolved, it goes to the next tier, up to the Strategic "
              "Head of Early Help and the Deputy Director of Children's Social Care, who decide."),
    fields=(
        Field("difference_stage", "Stage the difference arose at", "choice", required=True, choices=STAGES),
        Field("difference_summary", "What the difference is about (level of need, response)", "textarea",
              required=True),
        Field("early_help_view", "Early Help's view", "textarea", required=True),
        Field("social_work_view", "Social work's view (MASH / Contact Centre or the locality team)", "textarea",
              required=True),
    ),
    prefill=_prefill_record,
)


def _tier(task_id, title, guidance, who_label):
    return Handler(
        task_id=task_id, title=title, guidance=guidance,
        fields=(
            Field("discussed_with", who_label, "textarea", required=True),
            Field("discussion", "Discussion and reasons", "textarea", required=True),
            Field("resolution", "Outcome", "choice", required=True, choices=OUTCOMES),
        ),
        prefill=_prefill_views, hand_on=_hand_on("resolution"))


triage_managers_resolve_difference = _tier(
    "triage_managers_resolve_difference", "Resolve the difference at triage (within 48 hours)",
    "§6.2: discuss the case with the Early Help Hub Social Worker, the Contact Centre / MASH Early Help "
    "Coordinator and the relevant Team Managers. Unresolved after 48 hours, it goes to the Hub Locality Manager "
    "and the Locality Social Work Head of Service.",
    "Who took part (Early Help Hub Social Worker, MASH Early Help Coordinator, Team Managers)")

interventions_managers_resolve_difference = _tier(
    "interventions_managers_resolve_difference", "Resolve the difference at interventions (within 48 hours)",
    "§6.3: discuss the case with the Early Help Hub Social Worker, the Early Help Team Manager and the relevant "
    "Locality Social Work Team Manager. Unresolved after 48 hours, it goes to the Hub Locality Manager and the "
    "Locality Social Work Head of Service.",
    "Who took part (Early Help Hub Social Worker, Early Help Team Manager, Locality Social Work Team Manager)")

senior_managers_resolve_difference = _tier(
    "senior_managers_resolve_difference", "Team managers cannot agree: resolve the difference (within 48 hours)",
    "§6.4: the team managers could not agree (or 48 hours passed). The Hub Locality Manager and the Locality "
    "Social Work Head of Service resolve it; unresolved after 48 hours, it goes to the Strategic Head of Early "
    "Help and the Deputy Director of Children's Social Care.",
    "Who took part (Hub Locality Manager, Locality Social Work Head of Service)")

final_decision_on_difference = Handler(
    task_id="final_decision_on_difference",
    title="Final decision on the professional difference",
    guidance=("§6.5: the Strategic Head of Early Help and the Deputy Director of Children's Social Care are the final "
              "decision makers. There is no further tier: decide within 48 hours to avoid drift for the family."),
    fields=(
        Field("decided_by", "Decided by (Strategic Head of Early Help, Deputy Director of Children's Social Care)",
              "textarea", required=True),
        Field("final_rationale", "Decision and rationale", "textarea", required=True),
        Field("final_decision", "Final decision", "choice", required=True, choices=FINAL_OUTCOMES),
    ),
    prefill=_prefill_views,
    hand_on=_hand_on("final_decision"),
)
