"""Peterborough §1: a MASH Enquiry with an outcome of Early Help becomes an Early Help Hub Enquiry."""
from ..forms import NOW_KEY, Field, Handler, Outcome, StartPathway
from .consent_given import consent_fields, consent_needed, consent_record

STEP_DOWN = "Step down to Early Help"
REFERRAL = "Progress to a referral"
NFA = "No Further Action"
ROUTES = {STEP_DOWN: "early_help", REFERRAL: "referral", NFA: "nfa"}


def _step_down_rules(clean, _context):
    errors = {}
    if clean["enquiry_outcome"] == STEP_DOWN:
        errors.update(consent_needed(clean, "A MASH Enquiry goes to the Early Help Hub"))
        if not clean["needs_for_early_help"]:
            errors["needs_for_early_help"] = "Detail the needs identified for Early Help"
        if clean["hub_enquiry_initiated"] is not True:
            errors["hub_enquiry_initiated"] = ("Initiate the Early Help Hub Enquiry in EHM and reassign it to the "
                                               "Contacts Early Help Tray")
    return errors


def _prefill(context):
    return {"enquiry_findings": context.get("concerns_identified")}


def _completed(clean, context):
    outcome = clean["enquiry_outcome"]
    starts, updates = (), {}
    if outcome == REFERRAL:
        # The referral is made now: the C&F assessment's 45 working days run from this moment.
        starts = (StartPathway("referral", {"concerns_identified": clean["enquiry_findings"],
                                            "referral_received_at": context.get(NOW_KEY)}),)
        updates = {"current_service": "CSC"}
    consents = consent_record(clean, "service", "MASH Enquiry stepped down to Early Help") \
        if outcome == STEP_DOWN else ()
    return Outcome(data={**clean, "enquiry_route": ROUTES[outcome]}, case_updates=updates, starts=starts,
                   consents=consents)


complete_mash_enquiry = Handler(
    task_id="complete_mash_enquiry",
    title="Complete the MASH Enquiry",
    guidance=("With a recommendation of Early Help: complete the MASH Enquiry record with the outcome 'step down to "
              "Early Help', and initiate the Early Help Hub Enquiry in EHM detailing the decision and the needs "
              "identified, reassigned to the Contacts Early Help Tray. Only with the family's consent."),
    fields=(
        Field("enquiry_findings", "MASH Enquiry findings", "textarea", required=True),
        Field("enquiry_outcome", "Outcome of the MASH Enquiry", "choice", required=True,
              choices=(STEP_DOWN, REFERRAL, NFA)),
        Field("decision_rationale", "Decision and rationale", "textarea", required=True),
        Field("needs_for_early_help", "Needs identified for Early Help", "textarea"),
        Field("hub_enquiry_initiated", "I have initiated the Early Help Hub Enquiry in EHM (Contacts Early Help Tray)",
              "boolean"),
        *consent_fields("The family's consent to Early Help support"),
    ),
    rules=(_step_down_rules,),
    prefill=_prefill,
    hand_on=_completed,
)
