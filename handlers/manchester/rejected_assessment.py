"""Manchester §3.7: a MASH recommendation for a C&F assessment the area team does not progress.

The area social worker discusses the change of outcome with the MASH team manager, who records
the case note (§3.7.1 i); then agrees Early Help with the hub and writes the plan with its
contingencies and timescales (§3.7.1 ii). The decision is resolved within 24 hours of the area
team not progressing the assessment; escalated to senior management, within a further 24 hours
(§3.7.2): deadlines fixed here, when the decision not to progress is recorded.
"""
from datetime import timedelta

from ..forms import Field, Handler, Outcome
from ..timing import as_utc, now_from

RESOLVE_HOURS = 24  # §3.7.2 "resolved within 24hrs"; escalated, "within a further 24hrs"
AGREED, NOT_AGREED = ("Agreed: the case does not progress to a C&F assessment",
                      "Not agreed: the C&F assessment goes ahead")


def _not_in_future(clean, context):
    now = now_from(context)
    if now is not None and as_utc(clean["not_progressed_at"]) > now:
        return {"not_progressed_at": "must not be in the future"}
    return {}


def _deadlines(clean, _context):
    decided = as_utc(clean["not_progressed_at"])
    resolve_by = decided + timedelta(hours=RESOLVE_HOURS)
    return Outcome(data={**clean, "resolve_by": resolve_by.isoformat(),
                         "escalated_resolve_by": (resolve_by + timedelta(hours=RESOLVE_HOURS)).isoformat()})


discuss_with_mash_team_manager = Handler(
    task_id="discuss_with_mash_team_manager",
    title="Discuss the change of outcome with the MASH team manager",
    guidance=("Discuss any rejected Child and Family Assessment with the MASH before approaching the Early Help Hub: "
              "the reasons for the change in outcome from the referral (§3.7.1 i). The decision must be resolved "
              "within 24 hours of the area team not progressing the assessment, or escalates to senior management."),
    fields=(
        Field("not_progressed_at", "When the area team decided not to progress the C&F assessment", "datetime",
              happened=True,
              required=True, help="London time; the 24 hours run from here"),
        Field("reasons_for_change", "Reasons for the change in outcome from the referral", "textarea", required=True),
    ),
    rules=(_not_in_future,),
    hand_on=_deadlines,
)


def _case_note(clean, _context):
    return Outcome(data=dict(clean), case_updates={"current_service": "CSC"}) if clean["mash_decision"] == NOT_AGREED \
        else Outcome(data=dict(clean))


mash_team_manager_case_note = Handler(
    task_id="mash_team_manager_case_note",
    title="MASH team manager: agree the outcome and record the case note",
    guidance=("Agree whether the case does not progress to a Child and Family Assessment. The case note is recorded "
              "by the MASH Team Manager (§3.7.1 i). Due within 24 hours of the area team's decision (§3.7.2)."),
    fields=(
        Field("mash_decision", "Outcome", "choice", required=True, choices=(AGREED, NOT_AGREED)),
        Field("mash_case_note", "Case note", "textarea", required=True),
    ),
    hand_on=_case_note,
)


def _hub_agrees(clean, _context):
    if clean["hub_agrees"] is not True:
        return {"hub_agrees": "The Early Help Hub must agree the case is appropriate for Early Help (§3.7.1 ii)"}
    return {}


agree_early_help_plan = Handler(
    task_id="agree_early_help_plan",
    title="Agree Early Help with the hub and write the plan",
    guidance=("Contact the Early Help Hub to discuss the child and family and agree it is appropriate for Early Help "
              "and a plan of action. Write the plan up, with contingencies and timescales if the family does not "
              "engage (§3.7.1 ii)."),
    fields=(
        Field("hub_contact", "Who you spoke to at the Early Help Hub", "text", required=True),
        Field("hub_agrees", "The hub agrees the case is appropriate for Early Help", "boolean", required=True),
        Field("plan_of_action", "Plan of action", "textarea", required=True),
        Field("contingencies_if_not_engaging", "Contingencies if the family does not engage", "textarea",
              required=True),
        Field("timescales", "Timescales", "textarea", required=True),
    ),
    rules=(_hub_agrees,),
    hand_on=lambda clean, _context: Outcome(data=dict(clean), case_updates={"current_service": "EH"}),
)

rejected_assessment_escalated = Handler(
    task_id="rejected_assessment_escalated",
    title="Escalation: decision not to progress a C&F assessment unresolved after 24 hours",
    guidance=("The decision not to progress a MASH-recommended Child and Family Assessment has not been resolved "
              "within 24 hours (§3.7.2). Senior management resolves it within a further 24 hours; after that it "
              "goes to the Deputy Director."),
    fields=(Field("resolution", "How it was resolved", "textarea", required=True),),
)

rejected_assessment_overdue = Handler(
    task_id="rejected_assessment_overdue",
    title="Escalation: decision not to progress a C&F assessment unresolved 24 hours after escalation",
    guidance=("Senior management has not resolved the decision within the further 24 hours (§3.7.2). The family "
              "must not wait: make the decision."),
    fields=(Field("resolution", "How it was resolved", "textarea", required=True),),
)
