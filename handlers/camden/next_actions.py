"""Camden Appendix 1 next actions, and the statutory clocks that follow them."""
from ..forms import PEOPLE_KEY, Field, Handler, Message, Outcome
from ..timing import as_utc
from .clocks import ICPC_WORKING_DAYS, working_days_after

YES_NO = ("Yes", "No")


def _hand_on_strategy(clean, _context):
    # Working Together 2023: the initial child protection conference is held within 15 working
    # days of the strategy discussion at which section 47 enquiries were started.
    data = dict(clean)
    if clean["section_47_enquiry"] == "Yes":
        data["icpc_due_at"] = working_days_after(as_utc(clean["held_at"]), ICPC_WORKING_DAYS)
    return Outcome(data=data)


strategy_discussion = Handler(
    task_id="strategy_discussion",
    title="Strategy discussion (CSSW)",
    fields=(
        Field("held_at", "Held at", "datetime", happened=True, required=True),
        Field("attendees", "Agencies and people present", "textarea", required=True),
        Field("section_47_enquiry", "Outcome: start section 47 enquiries?", "choice", required=True,
              choices=YES_NO),
        Field("strategy_outcome", "Outcome and actions", "textarea", required=True),
    ),
    hand_on=_hand_on_strategy,
)


section_47_enquiry_outcome = Handler(
    task_id="section_47_enquiry_outcome",
    title="Outcome of the section 47 enquiries",
    guidance=("Record what the enquiries found. Where the concerns are substantiated and the child is judged "
              "likely to suffer significant harm, convene an initial child protection conference: it must be "
              "held within 15 working days of the strategy discussion."),
    fields=(
        Field("enquiries_concluded_on", "Enquiries concluded on", "date", happened=True, required=True),
        Field("enquiry_findings", "Findings of the enquiries", "textarea", required=True),
        Field("conference_needed", "Is an initial child protection conference needed?", "choice", required=True,
              choices=YES_NO),
    ),
)


initial_child_protection_conference = Handler(
    task_id="initial_child_protection_conference",
    title="Initial child protection conference",
    guidance="Due within 15 working days of the strategy discussion (Working Together 2023).",
    fields=(
        Field("conference_held_at", "Conference held at", "datetime", happened=True, required=True),
        Field("child_protection_plan", "Child protection plan made?", "choice", required=True, choices=YES_NO),
        Field("conference_outcome", "Outcome and recommendations", "textarea", required=True),
    ),
)


def _prefill_team(context):
    return {"allocated_team": context.get("receiving_team", "")}


def _allocated_to_a_colleague(clean, context):
    # The allocation names a Stepwise colleague, so the allocated social worker is told by e-mail.
    roles_of = context.get(PEOPLE_KEY)
    if roles_of is not None and not roles_of(clean["allocated_social_worker"]):
        return {"allocated_social_worker": "Give the Stepwise username of the allocated social worker (an active "
                                           "Camden user)"}
    return {}


def _hand_on_allocation(clean, _context):
    return Outcome(data=dict(clean), messages=(Message(
        to=(f"user:{clean['allocated_social_worker']}",), subject="You have been allocated a child and family assessment",
        body=("The duty manager of the receiving team has allocated you a child and family assessment. It is due "
              "within 45 working days of the referral (Working Together 2023). Sign in to read the MASH contact "
              "and referral and the decision.")),))


child_and_family_assessment = Handler(
    task_id="child_and_family_assessment",
    title="Child and family assessment (CSSW)",
    fields=(
        Field("allocated_team", "Team", "text", required=True),
        Field("allocated_social_worker", "Allocated social worker (Stepwise username)", "text", required=True,
              help="They are e-mailed that the assessment is theirs"),
        Field("assessment_start_date", "Assessment start date", "date", required=True),
    ),
    rules=(_allocated_to_a_colleague,),
    prefill=_prefill_team,
    hand_on=_hand_on_allocation,
)


ASSESSMENT_OUTCOMES = ("Child in need plan", "Child protection plan", "Step down to Early Help",
                       "No further action")

conclude_child_and_family_assessment = Handler(
    task_id="conclude_child_and_family_assessment",
    title="Child and family assessment concluded",
    guidance="Due within 45 working days of the referral (Working Together 2023).",
    fields=(
        Field("assessment_concluded_on", "Assessment concluded on", "date", happened=True, required=True),
        Field("assessment_outcome", "Outcome of the assessment", "choice", required=True,
              choices=ASSESSMENT_OUTCOMES),
        Field("assessment_summary", "Summary of the assessment and decision", "textarea", required=True),
    ),
)
