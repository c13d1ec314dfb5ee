"""Knowsley §2-§3: the receiving Early Help service's work after a step-down from CSC."""
from ..forms import Field, Handler


def _prefill(context):
    return {"lead_practitioner_name": context.get("new_lead_practitioner_name"),
            "lead_practitioner_organisation": context.get("new_lead_practitioner_organisation"),
            "bottom_lines_noted": context.get("bottom_lines")}


take_over_as_lead_practitioner = Handler(
    task_id="take_over_as_lead_practitioner",
    title="Take over as lead practitioner after the step-down",
    guidance=("The family has stepped down from Children's Social Care to Early Help. You are the lead "
              "practitioner. The final CIN meeting's minutes can be the interim Early Help Assessment until you "
              "complete a new Early Help Assessment on the EH Module. Keep the 'bottom lines' in view: if they are "
              "crossed, step the case back up."),
    fields=(
        Field("lead_practitioner_name", "Lead practitioner", "text", required=True),
        Field("lead_practitioner_organisation", "Organisation", "text", required=True),
        Field("bottom_lines_noted", "Bottom lines that would step the case back up", "textarea"),
        Field("early_help_assessment_started_on", "New Early Help Assessment started on the EH Module on", "date",
              required=True),
    ),
    prefill=_prefill,
)


first_taf_review = Handler(
    task_id="first_taf_review",
    title="First TAF review after the step-down",
    guidance="The first Team Around the Family review after the step-down, on the date the final CIN meeting agreed.",
    fields=(
        Field("review_held_on", "Review held on", "date", required=True),
        Field("review_summary", "What the review found and agreed", "textarea", required=True),
        Field("bottom_lines_crossed", "Has any bottom line been crossed (consider a step-up)?", "choice",
              required=True, choices=("No", "Yes")),
    ),
)
