"""§4.2 and §4.3.1: the Contact Information record to the area social work team, and what the team does with it."""
from ..forms import Field, Handler, Outcome, StartPathway
from .clocks import referral_clocks
from .teams import AREA_TEAMS, allocation_fields, allocation_outcome, allocation_prefill, allocation_rule

STAGES = ("Triage", "Interventions", "Professional difference resolved")
SOS = "Signs of Safety"
ASSESSMENT = "Child and family assessment"
STRATEGY = "Strategy discussion (child protection)"
ADVICE = "No social work assessment: advice, back to Early Help"
DIFFER = "We differ from Early Help: escalate (§6)"
DECISIONS = (ASSESSMENT, STRATEGY, ADVICE, DIFFER)
CONCLUSIONS = ("Child in need plan", "Child protection", "Step down to Early Help", "No further action")


def _prefill_contact(context):
    carried = ("step_up_stage", "step_up_reasons", "what_is_working_well", "worries", "what_needs_to_happen")
    return {**allocation_prefill(context), **{name: context.get(name) for name in carried}}


def _hand_on_contact(clean, context):
    # The contact record is the referral to social work: it starts the statutory clocks.
    return Outcome(data={**clean, **allocation_outcome(clean, context), **referral_clocks(context)})


send_contact_information_record = Handler(
    task_id="send_contact_information_record",
    title="Send the Contact Information record to the area social work team",
    guidance=("§4.2 and §4.3.1: the Early Help Social Worker sends the child and family direct to the area social "
              "work team with a Contact Information record on Micare. A case stepped down by an area team within the "
              "last 3 months goes back to that team (§4.4). The team's decision is due within 1 working day."),
    fields=(
        Field("step_up_stage", "Stepped up from", "choice", required=True, choices=STAGES),
        Field("step_up_reasons", "Why the child needs a social work assessment (risk of / harm identified)",
              "textarea", required=True),
        Field("what_is_working_well", "What is working well (strengths)", "textarea", required=True, section=SOS),
        Field("worries", "What are we worried about (danger / risk)", "textarea", required=True, section=SOS),
        Field("what_needs_to_happen", "What needs to happen", "textarea", required=True, section=SOS),
        Field("micare_contact_reference", "Micare Contact Information record number", "text", required=True),
        *allocation_fields(),
    ),
    rules=(allocation_rule,),
    prefill=_prefill_contact,
    hand_on=_hand_on_contact,
)


def _decision_rules(clean, context):
    errors = {}
    if clean["contact_decision"] == DIFFER and not clean["difference_summary"]:
        errors["difference_summary"] = "Say what the area team and Early Help differ about"
    if context.get("returned_to_stepping_down_team") and clean["allocated_team"] != context.get("area_team"):
        errors["allocated_team"] = (f"{context.get('area_team')} stepped this case down within the last 3 months: "
                                    "it is allocated back to that team (§4.4)")
    return errors


def _prefill_decision(context):
    return {"allocated_team": context.get("area_team")}


def _hand_on_decision(clean, context):
    if clean["contact_decision"] == DIFFER:
        stage = context.get("step_up_stage")
        return Outcome(data=dict(clean), starts=(StartPathway("professional_differences", {
            "difference_stage": stage if stage in ("Triage", "Interventions") else None,
            "difference_summary": clean["difference_summary"]}),))
    return Outcome(data=dict(clean), case_updates={"current_service": "CSC"} if clean["contact_decision"] in (
        ASSESSMENT, STRATEGY) else {})


area_team_contact_decision = Handler(
    task_id="area_team_contact_decision",
    title="Decide on the Contact Information record from Early Help (within 1 working day)",
    guidance=("The area social work team decides on the response within 1 working day of the contact. If the team "
              "differs from Early Help about the level of need, escalate it (§6)."),
    fields=(
        Field("allocated_team", "Area team allocated", "choice", required=True, choices=AREA_TEAMS,
              help="A case stepped down by a team within the last 3 months goes back to that team (§4.4)"),
        Field("contact_decision", "Decision", "choice", required=True, choices=DECISIONS),
        Field("decision_rationale", "Rationale", "textarea", required=True),
        Field("allocated_social_worker", "Allocated social worker", "text"),
        Field("difference_summary", "What you differ from Early Help about", "textarea"),
    ),
    rules=(_decision_rules,),
    prefill=_prefill_decision,
    hand_on=_hand_on_decision,
)


conclude_child_and_family_assessment = Handler(
    task_id="conclude_child_and_family_assessment",
    title="Conclude the child and family assessment (within 45 working days of the referral)",
    guidance="The assessment is due 45 working days from the Contact Information record.",
    fields=(
        Field("assessment_concluded_on", "Assessment concluded on", "date", happened=True, required=True),
        Field("assessment_outcome", "Outcome", "choice", required=True, choices=CONCLUSIONS),
        Field("assessment_summary", "Summary", "textarea", required=True),
    ),
)
