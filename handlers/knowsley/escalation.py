"""Knowsley §4: when the case stays with Family First and professionals still disagree."""
from ..forms import Field, Handler

YES_NO = ("Yes", "No")
REMAINS = "Agreed: remains with Family First"
STEP_UP = "Agreed: step up to Children's Social Care"
CONTACT_MEETING = "No agreement: take to contact meeting"


def _concerns_when_escalating(clean, _context):
    if clean["professionals_still_concerned"] == "Yes" and not clean["remaining_concerns"]:
        return {"remaining_concerns": "Say what professionals remain concerned about"}
    return {}


def _prefill_plan(context):
    return {"contingency_plan_noted": context.get("action_and_contingency_plan")}


continue_to_manage_case = Handler(
    task_id="continue_to_manage_case",
    title="Continue to manage the case (not stepped up)",
    guidance=("The step-up meeting decided the case remains at Level 3 with Family First 0-18. You continue "
              "as lead professional under the action and contingency plan. If professionals working with the "
              "family remain concerned about the decision, raise it with your team manager."),
    fields=(
        Field("contingency_plan_noted", "Action and contingency plan from the meeting", "textarea",
              required=True),
        Field("professionals_still_concerned", "Do professionals remain concerned about the decision?",
              "choice", required=True, choices=YES_NO),
        Field("remaining_concerns", "What they remain concerned about", "textarea"),
    ),
    rules=(_concerns_when_escalating,),
    prefill=_prefill_plan,
)


team_manager_escalation = Handler(
    task_id="team_manager_escalation",
    title="Professionals disagree with the step-up outcome",
    guidance=("Discuss the disagreement with the Family First case manager and, if required, escalate it to "
              "the MASH Team Manager for discussion. Other agencies use their own agency's and the Knowsley "
              "Safeguarding Partnership multi-agency escalation policy."),
    fields=(
        Field("team_manager_view", "Your discussion with the case manager", "textarea", required=True),
        Field("escalate_to_mash_team_manager", "Escalate to the MASH Team Manager?", "choice", required=True,
              choices=YES_NO),
    ),
)


mash_team_manager_discussion = Handler(
    task_id="mash_team_manager_discussion",
    title="Escalation discussion with the Family First Team Manager",
    guidance="Discuss the step-up outcome with the Family First Team Manager. If you cannot agree, take it to "
             "the contact meeting.",
    fields=(
        Field("escalation_discussion", "Discussion and reasons", "textarea", required=True),
        Field("escalation_outcome", "Outcome", "choice", required=True, choices=(REMAINS, STEP_UP, CONTACT_MEETING)),
    ),
)
