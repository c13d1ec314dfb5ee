"""Knowsley §4: the lead practitioner discusses the step-up with their team manager, who must agree."""
from ..forms import Field, Handler

YES_NO = ("Yes", "No")


discuss_with_team_manager = Handler(
    task_id="discuss_with_team_manager",
    title="Discuss the step-up with your team manager",
    guidance=("Family First 0-18 is supporting the family and needs are increasing, with evidence of "
              "risk or harm and impact, or neglect. Discuss a step-up to Children's Social Care with "
              "your team manager. Immediate safeguarding concerns go to the MASH duty social work team "
              "now, not through this pathway."),
    fields=(
        Field("concerns_for_discussion", "Why needs are increasing: the evidence of risk or harm and impact",
              "textarea", required=True),
        Field("discussed_on", "Date discussed with your team manager", "date", happened=True, required=True),
    ),
)


def _reason_when_not_agreed(clean, _context):
    if clean["management_agrees"] == "No" and not clean["reason_not_agreed"]:
        return {"reason_not_agreed": "Record why the step-up is not agreed; the lead practitioner keeps the case"}
    return {}


management_oversight = Handler(
    task_id="management_oversight",
    title="Management oversight of the step-up",
    guidance=("A step-up to CSC must contain evidence of management oversight: agree it, or record why "
              "not. Suggest anything more that could be done first, e.g. with the Engaging Families toolkit."),
    fields=(
        Field("team_manager_name", "Team manager", "text", required=True),
        Field("management_agrees", "Do you agree to the step-up to Children's Social Care?", "choice",
              required=True, choices=YES_NO),
        Field("oversight_comments", "Management oversight", "textarea", required=True,
              help="What you discussed and what the step-up should show"),
        Field("further_suggestions", "Further suggestions before the step-up", "textarea"),
        Field("reason_not_agreed", "Reason the step-up is not agreed", "textarea",
              help="Required if you do not agree; the lead practitioner keeps the case"),
    ),
    rules=(_reason_when_not_agreed,),
)
