"""Camden Appendix 1: MASH Manager Decision, and where each decision takes the child."""
from ..forms import Field, Handler, Message, Outcome
from ..referrer import told

CP = "CP"
CIN = "CIN"
ADVICE = "No further action: advice to the referrer"
BACK_TO_EARLY_HELP = "Back to Early Help"
NEXT_ACTIONS = (CP, CIN, ADVICE, BACK_TO_EARLY_HELP)
# What the referrer is told of each decision (handlers/referrer.py OUTCOME_WORDS).
TOLD = {CP: "child_protection", CIN: "child_in_need", ADVICE: "advice", BACK_TO_EARLY_HELP: "back_to_early_help"}


def _must_authorise(clean, _context):
    if not clean["authorised"]:
        return {"authorised": "The MASH Manager must authorise the contact and referral to finish this step"}
    return {}


def _what_each_decision_needs(clean, _context):
    # Each route carries what its receiver needs: the receiving team for an assessment, the
    # advice the referrer is given, or what Early Help is to pick up again.
    decision, errors = clean["next_actions"], {}
    if decision in (CP, CIN) and not clean["receiving_team"]:
        errors["receiving_team"] = "Name the receiving team whose duty manager takes the assessment"
    if decision == ADVICE and not clean["advice_to_referrer"]:
        errors["advice_to_referrer"] = "Record the advice given to the referrer"
    if decision == BACK_TO_EARLY_HELP and not clean["early_help_next_steps"]:
        errors["early_help_next_steps"] = "Say what Early Help should pick up with the family"
    return errors


def _prefill(context):
    return {"next_actions": context.get("step_up_reason")}


def _hand_on(clean, context):
    decision = clean["next_actions"]
    # Every decision closes or routes the referral: the referrer hears which, if MASH has their e-mail.
    referrer = told(context, TOLD[decision])
    if decision in (CP, CIN):
        # An authorised CP or CIN decision moves the child into Children's Social Care.
        return Outcome(data=dict(clean), case_updates={"current_service": "CSC"}, messages=referrer)
    if decision == ADVICE:
        return Outcome(data=dict(clean), messages=referrer + (Message(
            to=("role:Early Help Manager",),
            subject="MASH decision: no further action, advice given to the referrer",
            body=("The MASH Manager decided no further action by Children's Safeguarding and Social Work on "
                  "this case and recorded advice to the referrer. The case stays with Early Help. Sign in to "
                  "read the decision and the advice.")),))
    # Back to Early Help: the case stays (or returns) with Early Help, whose manager takes it back.
    return Outcome(data=dict(clean), case_updates={"current_service": "EH"}, messages=referrer)


decision = Handler(
    task_id="mash_manager_decision",
    title="MASH Manager Decision",
    guidance=("CP: a strategy discussion (MASH Manager) and a child and family assessment (duty manager "
              "of the receiving team). CIN: a child and family assessment only. No further action: record the "
              "advice to the referrer; the Early Help Manager is e-mailed. Back to Early Help: the Early Help "
              "Manager gets a task to take the family back. Due within 1 working day of the contact."),
    fields=(
        Field("authorised", "I authorise this MASH contact and referral", "boolean", required=True),
        Field("next_actions", "Next actions", "choice", required=True, choices=NEXT_ACTIONS,
              help="CP creates both a strategy discussion and a child and family assessment",
              section="6. Next actions"),
        Field("receiving_team", "Receiving team", "text", section="6. Next actions",
              help="CP or CIN: the team whose duty manager receives the child and family assessment"),
        Field("decision_rationale", "Decision and rationale", "textarea", required=True,
              section="4. Decisions and actions"),
        Field("advice_to_referrer", "Advice to the referrer", "textarea", section="4. Decisions and actions",
              help="No further action: the advice given to the referrer"),
        Field("early_help_next_steps", "What Early Help should pick up", "textarea",
              section="4. Decisions and actions", help="Back to Early Help: what Early Help should do next"),
    ),
    rules=(_must_authorise, _what_each_decision_needs),
    prefill=_prefill,
    hand_on=_hand_on,
)


def _prefill_next_steps(context):
    return {"mash_advice_noted": context.get("early_help_next_steps")}


take_back_into_early_help = Handler(
    task_id="take_back_into_early_help",
    title="Take the family back into Early Help",
    guidance=("The MASH decided the family's needs are met by Early Help, not a statutory service. Take the "
              "family back: confirm the lead professional and the plan from here."),
    fields=(
        Field("mash_advice_noted", "What the MASH asked Early Help to pick up", "textarea", required=True),
        Field("lead_professional_confirmed", "Lead professional", "text", required=True),
        Field("early_help_plan", "Early Help plan from here", "textarea", required=True),
    ),
    prefill=_prefill_next_steps,
)
