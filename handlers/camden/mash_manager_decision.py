"""Camden Appendix 1: MASH Manager Decision, and the next actions it creates."""
from ..forms import Field, Handler, Outcome

NEXT_ACTIONS = ("CP", "CIN")


def _must_authorise(clean, _context):
    if not clean["authorised"]:
        return {"authorised": "The MASH Manager must authorise the contact and referral to finish this step"}
    return {}


def _prefill(context):
    return {"next_actions": context.get("step_up_reason")}


def _hand_on(clean, _context):
    # An authorised CP or CIN decision moves the child into Children's Social Care.
    return Outcome(data=dict(clean), case_updates={"current_service": "CSC"})


decision = Handler(
    task_id="mash_manager_decision",
    title="MASH Manager Decision",
    guidance=("CP: a strategy discussion (MASH Manager) and a child and family assessment (duty manager "
              "of the receiving team). CIN: a child and family assessment only."),
    fields=(
        Field("authorised", "I authorise this MASH contact and referral", "boolean", required=True),
        Field("next_actions", "Next actions", "choice", required=True, choices=NEXT_ACTIONS,
              help="CP creates both a strategy discussion and a child and family assessment",
              section="6. Next actions"),
        Field("receiving_team", "Receiving team", "text", required=True, section="6. Next actions",
              help="The team whose duty manager receives the child and family assessment"),
        Field("decision_rationale", "Decision and rationale", "textarea", required=True,
              section="4. Decisions and actions"),
    ),
    rules=(_must_authorise,),
    prefill=_prefill,
    hand_on=_hand_on,
)
