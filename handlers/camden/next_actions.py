"""Camden Appendix 1 next actions: strategy discussion and child and family assessment."""
from ..forms import Field, Handler

strategy_discussion = Handler(
    task_id="strategy_discussion",
    title="Strategy discussion (CSSW)",
    fields=(
        Field("held_at", "Held at", "datetime", required=True),
        Field("attendees", "Agencies and people present", "textarea", required=True),
        Field("section_47_enquiry", "Outcome: start section 47 enquiries?", "choice", required=True,
              choices=("Yes", "No")),
        Field("strategy_outcome", "Outcome and actions", "textarea", required=True),
    ),
)


def _prefill_team(context):
    return {"allocated_team": context.get("receiving_team", "")}


child_and_family_assessment = Handler(
    task_id="child_and_family_assessment",
    title="Child and family assessment (CSSW)",
    fields=(
        Field("allocated_team", "Team", "text", required=True),
        Field("allocated_social_worker", "Allocated social worker", "text", required=True),
        Field("assessment_start_date", "Assessment start date", "date", required=True),
    ),
    prefill=_prefill_team,
)
