"""Knowsley Appendix 2: the MASH social worker approves the minutes and records the outcome."""
from ..forms import Field, Handler, Message, Outcome

YES_NO = ("Yes", "No")


def _minutes_approved(clean, _context):
    # Appendix 2: notes are done live in the meeting and approved at the end of it.
    if clean["minutes_approved"] is not True:
        return {"minutes_approved": "Approve the minutes at the end of the meeting to record the outcome"}
    return {}


def _no_needs_contingency_plan(clean, _context):
    # Appendix 2 "No": rationale for not stepping up with a clear contingency plan documented.
    if clean["step_up_agreed"] == "No" and not clean["action_and_contingency_plan"]:
        return {"action_and_contingency_plan": "Enter the action and contingency plan for not stepping up"}
    return {}


def _hand_on(clean, context):
    messages = ()
    if clean["step_up_agreed"] == "Yes":
        # §4: the attending social worker tells their team manager the case is to proceed.
        messages = (Message(
            to=("role:MASH Team Manager",),
            subject=f"Step-up agreed: EHM case {context.get('ehm_case_id', '')}",
            body=("The step-up TAF meeting agreed that the case steps up to Children's Social Care. The lead "
                  "practitioner transfers it from EHM to ICS today; it proceeds to the appropriate level of "
                  "assessment and intervention with reference to the step-up meeting.")),)
    return Outcome(data=dict(clean), messages=messages)


approve_minutes_and_decide = Handler(
    task_id="approve_minutes_and_decide",
    title="Approve the minutes and record the step-up outcome",
    guidance=("The attendees decide, against the Knowsley thrive document and signs of wellbeing, whether the "
              "case steps up to CSC or remains with Family First 0-18. Record the outcome and rationale; it is "
              "saved as a case note on ICS and EHM."),
    fields=(
        Field("minutes_approved", "The minutes were approved at the end of the meeting", "boolean",
              required=True),
        Field("step_up_agreed", "Outcome: step up to Children's Social Care?", "choice", required=True,
              choices=YES_NO),
        Field("decision_rationale", "Rationale for the outcome", "textarea", required=True),
        Field("action_and_contingency_plan", "Action and contingency plan (if not stepping up)", "textarea",
              help="Required when the case does not step up"),
    ),
    rules=(_minutes_approved, _no_needs_contingency_plan),
    hand_on=_hand_on,
)
