"""Peterborough §1: a contact to Children's Social Care, its receiving team, and the Early Help Hub's review."""
from ..consent import GIVEN, REFUSED, ConsentRecord
from ..forms import NOW_KEY, Field, Handler, Outcome, StartPathway
from .consent_given import PARENTS, consent_fields, consent_needed, consent_record
from .early_help_hub import ACTION_FIELDS, action_rules, with_early_help

MASH, ASSESSMENT_TEAM = "MASH", "Assessment Team"
CONSENTED = ("Yes", "No", "Not known")


# "Has the family consented to the referral?" answered Yes or No is a decision about sharing the
# family's information with Children's Social Care: kept on the case, so every later step (the
# receiving team's review, the Early Help Hub) reads it instead of asking again. "Not known" is
# no decision, so nothing is recorded.
REFERRAL_CONSENT = {"Yes": GIVEN, "No": REFUSED}


def _referral_consent(clean, context):
    decision = REFERRAL_CONSENT.get(clean["family_consented_to_referral"])
    if decision is None:
        return ()
    now = context.get(NOW_KEY)
    return (ConsentRecord(given_by=PARENTS, scope="sharing", decision=decision, when=str(now)[:10] if now else None,
                          note="The referral to Children's Social Care, as told to the Customer Services Centre"),)


def _team_route(clean, context):
    return Outcome(data={**clean, "receiving_team": "mash" if clean["recommended_team"] == MASH else "assessment"},
                   consents=_referral_consent(clean, context))


recommend_receiving_team = Handler(
    task_id="recommend_receiving_team",
    title="Recommend a receiving team",
    guidance=("Use the Pathway Document to suggest a receiving team from the concerns identified on the referral. "
              "The team's Team Manager or Senior Practitioner reviews the contact and your recommendation."),
    fields=(
        Field("concerns_identified", "Concerns identified on the referral", "textarea", required=True),
        Field("recommended_team", "Recommended receiving team", "choice", required=True,
              choices=(MASH, ASSESSMENT_TEAM)),
        Field("family_consented_to_referral", "Has the family consented to the referral?", "choice",
              required=True, choices=CONSENTED),
    ),
    hand_on=_team_route,
)


MASH_ENQUIRY = "Accepted: complete a MASH Enquiry"
REFERRAL = "Accepted: progress to a referral within LCS"
REASSIGN = "Not accepted: reassign to the Early Help Hub"
NFA = "Closed as No Further Action"
DECISIONS = (MASH_ENQUIRY, REFERRAL, REASSIGN, NFA)
ROUTES = {MASH_ENQUIRY: "mash_enquiry", REFERRAL: "referral", REASSIGN: "early_help_hub", NFA: "nfa"}


def _review_rules(clean, _context):
    errors = {}
    if clean["contact_decision"] == REASSIGN:
        # "Review the contact and record a rationale as to why the contact should be reassigned to the EHH".
        if not clean["rationale_for_reassignment"]:
            errors["rationale_for_reassignment"] = "Record why the contact should be reassigned to the Early Help Hub"
        errors.update(consent_needed(clean, "A contact is sent to the Early Help Hub"))
    if clean["contact_decision"] == NFA and not clean["decision_notes"]:
        errors["decision_notes"] = "Record why the contact is closed with no further action"
    return errors


def _prefill_review(context):
    return {"family_consent": "Given" if context.get("family_consented_to_referral") == "Yes" else None}


def _reviewed(clean, context):
    decision = clean["contact_decision"]
    data = {**clean, "contact_route": ROUTES[decision]}
    handed = {"concerns_identified": context.get("concerns_identified")}
    starts, updates = (), {}
    if decision == MASH_ENQUIRY:
        starts = (StartPathway("mash_enquiry", handed),)
    elif decision == REFERRAL:
        # The referral is made now: the C&F assessment's 45 working days run from this moment.
        handed_referral = {**handed, "referral_received_at": context.get(NOW_KEY)}
        starts, updates = (StartPathway("referral", handed_referral),), {"current_service": "CSC"}
    consents = consent_record(clean, "service", "Early Help support, before the contact went to the Early Help Hub") \
        if decision == REASSIGN else ()
    return Outcome(data=data, case_updates=updates, starts=starts, consents=consents)


def review_contact(task_id, team):
    """The receiving team's Team Manager / Senior Practitioner reviews the contact and the recommendation."""
    return Handler(
        task_id=task_id,
        title=f"{team}: review the contact and the Customer Services Centre's recommendation",
        guidance=("Accept the recommendation (a MASH Enquiry, or a referral within LCS), reassign the contact to the "
                  "Early Help Hub where the family may benefit from multi-agency support at an Early Help level, or "
                  "close it as No Further Action. A reassigned contact is saved but not finalised and goes to the "
                  "Contacts Early Help Tray; the EHH reviews it within 24 hours. Only with the family's consent."),
        fields=(
            Field("contact_decision", "Decision", "choice", required=True, choices=DECISIONS),
            Field("rationale_for_reassignment", "Rationale for reassigning the contact to the Early Help Hub",
                  "textarea", help="Required when reassigning to the Early Help Hub"),
            Field("decision_notes", "Notes on the decision", "textarea",
                  help="Required when closing as No Further Action"),
            *consent_fields("The family's consent to the referral, or to Early Help support"),
        ),
        rules=(_review_rules,),
        prefill=_prefill_review,
        hand_on=_reviewed,
    )


mash_review_contact = review_contact("mash_review_contact", MASH)
assessment_team_review_contact = review_contact("assessment_team_review_contact", ASSESSMENT_TEAM)


def _hub_review_rules(clean, _context):
    errors = action_rules(clean)
    if clean["contact_closed"] is not True:
        errors["contact_closed"] = "Action and close the contact to complete the review"
    return errors


def _prefill_hub_review(context):
    return {"rationale_for_reassignment": context.get("rationale_for_reassignment"),
            "concerns_identified": context.get("concerns_identified")}


def _hub_reviewed(clean, _context):
    return Outcome(data=dict(clean), case_updates=with_early_help(clean))


ehh_review_contact = Handler(
    task_id="ehh_review_contact",
    title="EHH: review the reassigned contact (within 24 hours)",
    guidance=("The MASH or Assessment Team reassigned this contact to the Contacts Early Help Tray. Review it within "
              "24 hours of receipt, check whether early help support is already in place, then action and close the "
              "contact. The Early Help Hub does not undertake Early Help Assessments: it helps identify the agency "
              "and lead professional to do so."),
    fields=(
        Field("concerns_identified", "Concerns identified on the referral", "textarea", required=True),
        Field("rationale_for_reassignment", "Why the contact was reassigned to the Early Help Hub", "textarea",
              required=True),
        Field("existing_early_help_support", "Early help support already in place", "textarea"),
        *ACTION_FIELDS,
        Field("contact_closed", "I have actioned and closed the contact", "boolean", required=True),
    ),
    rules=(_hub_review_rules,),
    prefill=_prefill_hub_review,
    hand_on=_hub_reviewed,
)

ehh_review_overdue = Handler(
    task_id="ehh_review_overdue",
    title="Escalation: a reassigned contact is not reviewed within 24 hours",
    guidance=("The EHH Team Manager / Senior Practitioner reviews reassigned contacts within 24 hours of receipt. "
              "The review stays with them; record what you have done to get it done."),
    fields=(Field("action_taken", "Action taken", "textarea", required=True),),
)
