"""Camden §6: resolving professional differences when MASH and Early Help cannot agree on a step-up."""
from ..forms import Field, Handler, Outcome, StartPathway

STAGES = ("Daily discussion meeting", "Urgent case", "Notification")
STEP_UP = "Resolved: step up to MASH"
STAYS = "Resolved: stays with Early Help"
ESCALATE = "Not resolved: escalate"
FIRST_OUTCOMES = (STEP_UP, STAYS, ESCALATE)
FINAL_OUTCOMES = (STEP_UP, STAYS)


def _prefill(context):
    return {"difference_stage": context.get("difference_stage"),
            "difference_summary": context.get("difference_summary")}


def _hand_on(clean, context):
    if clean.get("resolution") == STEP_UP or clean.get("final_resolution") == STEP_UP:
        reason = clean.get("reason") or context.get("reason")
        return Outcome(data=dict(clean), starts=(StartPathway("step_up_to_mash", {
            "reason": reason, "information_for_cssw": context.get("difference_summary")}),))
    return Outcome(data=dict(clean))


def _reason_when_stepping_up(field):
    def rule(clean, _context):
        if clean[field] == STEP_UP and not clean["reason"]:
            return {"reason": "Choose CIN or CP for the step-up"}
        return {}
    return rule


record_professional_difference = Handler(
    task_id="record_professional_difference",
    title="Record the professional difference",
    guidance=("MASH and Early Help cannot agree whether the family should step up. Record both views: the Camden "
              "Safeguarding Children Partnership escalation procedure is followed from here."),
    fields=(
        Field("difference_stage", "Stage", "choice", required=True, choices=STAGES),
        Field("difference_summary", "What the disagreement is about", "textarea", required=True),
        Field("early_help_view", "Early Help's view", "textarea", required=True),
        Field("mash_view", "MASH's view", "textarea", required=True),
    ),
    prefill=_prefill,
)


managers_resolve_difference = Handler(
    task_id="managers_resolve_difference",
    title="Resolve the professional difference (managers)",
    guidance="Managers above the two practitioners discuss and try to resolve the difference.",
    fields=(
        Field("resolution_discussion", "Discussion", "textarea", required=True),
        Field("resolution", "Outcome", "choice", required=True, choices=FIRST_OUTCOMES),
        Field("reason", "Reason for step-up", "choice", choices=("CIN", "CP")),
    ),
    rules=(_reason_when_stepping_up("resolution"),),
    hand_on=_hand_on,
)


service_manager_resolves_difference = Handler(
    task_id="service_manager_resolves_difference",
    title="Resolve the professional difference (service manager)",
    guidance=("The difference was not resolved between managers. Decide, following the Camden Safeguarding "
              "Children Partnership escalation procedure; the decision is final at this stage."),
    fields=(
        Field("final_discussion", "Discussion and rationale", "textarea", required=True),
        Field("final_resolution", "Decision", "choice", required=True, choices=FINAL_OUTCOMES),
        Field("reason", "Reason for step-up", "choice", choices=("CIN", "CP")),
    ),
    rules=(_reason_when_stepping_up("final_resolution"),),
    hand_on=_hand_on,
)
