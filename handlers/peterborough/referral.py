"""Peterborough §1: a referral not meeting the threshold for a C&F Assessment steps down to Early Help."""
from ..forms import NOW_KEY, Field, Handler, Outcome, StartPathway
from .consent_given import consent_fields, consent_needed, consent_record

ASSESS = "Complete a C&F Assessment"
STEP_DOWN = "Step down to Early Help"
NFA = "No Further Action"
ROUTES = {ASSESS: "assessment", STEP_DOWN: "early_help", NFA: "nfa"}


def _step_down_rules(clean, _context):
    errors = {}
    if clean["referral_outcome"] == STEP_DOWN:
        errors.update(consent_needed(clean, "A referral steps down to Early Help"))
        if not clean["needs_for_early_help"]:
            errors["needs_for_early_help"] = "Detail the needs identified for Early Help"
        if clean["transfer_initiated"] is not True:
            errors["transfer_initiated"] = "Initiate the Transfer from LCS to EHM to step the referral down"
    return errors


def _prefill(context):
    return {"referral_details": context.get("concerns_identified")}


def _decided(clean, context):
    outcome = clean["referral_outcome"]
    # The assessment's clock runs from the referral: handed on by the contact or MASH Enquiry
    # that made it; a referral started by hand counts from its decision.
    received = context.get("referral_received_at") or context.get(NOW_KEY)
    starts = (StartPathway("after_assessment", {"referral_details": clean["referral_details"],
                                                "referral_received_at": received}),) \
        if outcome == ASSESS else ()
    consents = consent_record(clean, "service", "Step-down of a referral to Early Help") if outcome == STEP_DOWN else ()
    return Outcome(data={**clean, "referral_route": ROUTES[outcome]}, starts=starts, consents=consents)


referral_decision = Handler(
    task_id="referral_decision",
    title="Referral: decide the response",
    guidance=("Decide within 1 working day of the referral whether to complete a C&F Assessment. Where not, decide "
              "whether a step down to Early Help is appropriate: with the family's consent, complete the referral "
              "record with the outcome 'step down to Early Help' and initiate the Transfer from LCS to EHM, "
              "detailing the decision and the needs identified for Early Help."),
    fields=(
        Field("referral_details", "The referral", "textarea", required=True),
        Field("referral_outcome", "Outcome of the referral", "choice", required=True, choices=(ASSESS, STEP_DOWN, NFA)),
        Field("decision_rationale", "Decision and rationale", "textarea", required=True),
        Field("needs_for_early_help", "Needs identified for Early Help", "textarea"),
        Field("transfer_initiated", "I have initiated the Transfer from LCS to EHM", "boolean"),
        *consent_fields("The family's consent to Early Help support"),
    ),
    rules=(_step_down_rules,),
    prefill=_prefill,
    hand_on=_decided,
)

referral_decision_overdue = Handler(
    task_id="referral_decision_overdue",
    title="Escalation: no decision on the referral within 1 working day",
    guidance="The decision stays with the social worker; record what you have done to get it made.",
    fields=(Field("action_taken", "Action taken", "textarea", required=True),),
)
