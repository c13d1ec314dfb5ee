"""§5: joint working of an on-going social work case with an Early Help offer."""
from .. import wording
from ..forms import Field, Handler

YES_NO = ("Yes", "No")
MODEL = "The model for joint working (§5.3): all must hold"
PRO_FORMA = "Early Help pro forma (§5.5, Appendix 2)"

# §5.3, in the protocol's words: each must hold, or the request is refused naming it.
CRITERIA = (
    ("meets_early_help_criteria", "The child or family meet the Early Help criteria: the early signs of an "
                                  "emerging problem"),
    ("family_engaging_with_social_work", "The family are engaging in the Social Work intervention"),
    ("signs_of_safety_plan_owned_by_social_worker", "A Signs of Safety assessment and plan is completed and owned "
                                                    "by the Social Worker, with identified needs and specific "
                                                    "timescales"),
    ("evidence_based_intervention_deliverable", "An evidence based intervention is required and can be delivered "
                                                "by an Early Help practitioner"),
)

ACCEPT = "Accept for joint working"
DECLINE = "Decline: does not meet the model"
SCREENING = (ACCEPT, DECLINE)


def _meets_the_model(clean, _context):
    errors = {name: f"{wording.missing(label, 'boolean')} (§5.3: joint working needs each of these)"
              for name, label in CRITERIA if clean[name] is not True}
    if clean["escalating_statutory_case"] == "Yes":
        errors["escalating_statutory_case"] = ("§5.2: a child subject to child protection, public law or looked-after "
                                               "procedures whose needs are escalating needs a more specialist "
                                               "service within Social Work, not Early Help")
    return errors


request_joint_working = Handler(
    task_id="request_joint_working",
    title="Request joint working with Early Help (pro forma)",
    guidance=("§5.5: refer to the Early Help Hub as for a step-down, with a Children & Family Referral episode that "
              "says \"see Early Help pro forma\". The pro forma must show the case meets the joint-working model."),
    fields=(
        *(Field(name, label, "boolean", required=True, section=MODEL) for name, label in CRITERIA),
        Field("escalating_statutory_case", "Is the child subject to child protection, public law or looked-after "
              "procedures with escalating needs?", "choice", required=True, choices=YES_NO, section=MODEL),
        Field("what_is_working_well", "What's working well / strengths", "textarea", required=True, section=PRO_FORMA),
        Field("worries", "What are we worried about", "textarea", required=True, section=PRO_FORMA),
        Field("what_needs_to_happen", "What needs to happen (the family plan)", "textarea", required=True,
              section=PRO_FORMA),
        Field("forthcoming_meetings_and_visits", "Dates of forthcoming meetings / visits to the family for the joint "
              "handover", "textarea", required=True, section=PRO_FORMA),
        Field("intervention_timescales", "Timescales for the evidence based intervention", "textarea",
              required=True, section=PRO_FORMA),
        Field("referrer_contact_details", "Referrer contact details", "text", required=True, section=PRO_FORMA),
    ),
    rules=(_meets_the_model,),
)


def _reason_when_declining(clean, _context):
    if clean["screening_decision"] == DECLINE and not clean["screening_reasons"]:
        return {"screening_reasons": "Say why the request does not meet the model"}
    return {}


screen_joint_working_request = Handler(
    task_id="screen_joint_working_request",
    title="Screen the joint working request",
    guidance="§5.5: the Early Help Social Worker screens requests for joint worked cases, with oversight from the "
             "Interventions Manager (Team Manager, Locality Manager or Team Leader).",
    fields=(
        Field("screening_decision", "Screening", "choice", required=True, choices=SCREENING),
        Field("proposed_intervention", "Proposed evidence based intervention / practitioner", "textarea"),
        Field("screening_reasons", "Reasons", "textarea"),
    ),
    rules=(_reason_when_declining,),
)


def _oversight_rules(clean, context):
    errors = {}
    if clean["joint_working_decision"] != context.get("screening_decision") and not clean["oversight_comments"]:
        errors["oversight_comments"] = "Say why you decide differently from the screening"
    if clean["joint_working_decision"] == ACCEPT and not clean["allocated_practitioner"]:
        errors["allocated_practitioner"] = "Name the Early Help practitioner allocated to the joint worked case"
    return errors


interventions_manager_oversight = Handler(
    task_id="interventions_manager_oversight",
    title="Interventions Manager oversight: joint working decision",
    guidance="§5.5: oversight of the Early Help Social Worker's screening of a joint working request. Joint worked "
             "cases can draw on the hub's multi-agency partners (§5.4).",
    fields=(
        Field("joint_working_decision", "Decision", "choice", required=True, choices=SCREENING),
        Field("interventions_manager_role", "Your role", "choice", required=True,
              choices=("Team Manager", "Locality Manager", "Team Leader")),
        Field("allocated_practitioner", "Allocated Early Help practitioner", "text"),
        Field("oversight_comments", "Comments", "textarea"),
    ),
    rules=(_oversight_rules,),
)
