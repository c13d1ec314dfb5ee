"""Knowsley §4: after the transfer, Family First stays involved until the C&F assessment concludes."""
from datetime import date

from ..forms import Field, Handler
from ..timing import now_from

OUTCOMES = ("Child in need plan", "Child protection (s47 / conference)", "Step down to Family First (Level 3)",
            "Step down to a Level 2 service", "No further action")


def _concluded_when_it_could_be(clean, context):
    """The conclusion date is neither in the future nor before the case was transferred."""
    concluded = date.fromisoformat(clean["assessment_concluded_on"])
    now = now_from(context)
    if now and concluded > now.date():
        return {"assessment_concluded_on": "The date the C&F assessment concluded must be today or in the past"}
    transferred = context.get("transferred_on")
    if transferred and concluded < date.fromisoformat(transferred):
        return {"assessment_concluded_on": ("The date the C&F assessment concluded must be on or after the "
                                            "transfer to CSC")}
    return {}


c_and_f_assessment_concluded = Handler(
    task_id="c_and_f_assessment_concluded",
    title="Family First involvement until the C&F assessment concludes",
    guidance=("The case has stepped up to Children's Social Care. Family First 0-18 stays involved until the Child "
              "and Family assessment is completed and a decision is reached about future intervention and support. "
              "Record the conclusion here when CSC tells you; this task stays open until then."),
    fields=(
        Field("assessment_concluded_on", "Date the C&F assessment concluded", "date", happened=True, required=True),
        Field("assessment_outcome", "Decision about future intervention and support", "choice", required=True,
              choices=OUTCOMES),
        Field("family_first_involvement_ended", "How Family First's involvement ends (or continues)", "textarea",
              required=True),
    ),
    rules=(_concluded_when_it_could_be,),
)


c_and_f_assessment_overdue = Handler(
    task_id="c_and_f_assessment_overdue",
    title="Escalation: C&F assessment not concluded within 45 working days",
    guidance=("The child and family assessment must conclude within 45 working days of the referral (Working "
              "Together to Safeguard Children 2023); the step-up transfer was the referral. Find out why it has "
              "not, agree when it will, and tell Family First, who stay involved until it does."),
    fields=(
        Field("reason_overdue", "Why the assessment has not concluded", "textarea", required=True),
        Field("assessment_expected_by", "Now expected to conclude by", "date", required=True),
    ),
)
