"""Manchester §3.1-3.5: step-down from the Contact Centre / MASH to the Early Help Hub.

Consent is explored with the family first (§3.3: they know a referral is being made into Early
Help and what it means; triage happens with their agreement). A decision that does not go on
to a targeted offer is recorded as an offer at the point of contact (§3.4). A referral into the
hub is mapped with Signs of Safety and has a plan and a contingency if the family do not engage,
including whether a social work referral would follow (§3.5).
"""
from ..consent import GIVEN, HOW, REFUSED, ConsentRecord
from ..forms import Field, Handler, Outcome

REFER, POINT_OF_CONTACT = ("Refer to the Early Help Hub for a targeted offer",
                           "Offer provided at the point of contact (no targeted offer)")
YES_NO = ("Yes", "No")
SIGNS = "Signs of Safety mapping"


def _consent_rules(clean, _context):
    errors = {}
    if clean["early_help_decision"] == REFER:
        if clean["family_understand_referral"] is not True:
            errors["family_understand_referral"] = ("Select to confirm the family are clear that a referral is being "
                                                    "made into Early Help and what this means (§3.3)")
        if clean["consent_decision"] != GIVEN:
            errors["consent_decision"] = ("The Early Help Hub triages only with the family's agreement (§3.3): "
                                          "without consent, record an offer at the point of contact instead")
        if not clean["consent_how"]:
            errors["consent_how"] = "Say how the family gave consent"
    if clean["early_help_decision"] == POINT_OF_CONTACT and not clean["point_of_contact_offer"]:
        errors["point_of_contact_offer"] = "Record the offer provided at the point of contact (§3.4)"
    return errors


def _consent_hand_on(clean, _context):
    record = ConsentRecord(given_by="Parents / carers", scope="service", decision=clean["consent_decision"],
                           how=clean["consent_how"] or "", when=clean["consent_on"],
                           note="Referral into the Early Help Hub explained to the family (§3.3)")
    return Outcome(data=dict(clean), consents=(record,))


explore_consent = Handler(
    task_id="explore_consent",
    title="Explore consent with the family and decide the Early Help response",
    guidance=("The Contact Centre and MASH fully explore consent with the family: they must be clear that a "
              "referral is being made into Early Help and what this means; the hub's triage is completed with their "
              "agreement (§3.3). A decision that does not progress to a targeted offer through the hubs is recorded "
              "as an offer provided at the point of contact (§3.4)."),
    fields=(
        Field("family_understand_referral", "The family are clear a referral is being made into Early Help and what "
              "this means", "boolean"),
        Field("consent_decision", "The family's consent to Early Help", "choice", required=True,
              choices=(GIVEN, REFUSED)),
        Field("consent_how", "How", "choice", choices=HOW),
        Field("consent_on", "When", "date", happened=True, required=True),
        Field("early_help_decision", "Early Help decision", "choice", required=True, choices=(REFER, POINT_OF_CONTACT)),
        Field("point_of_contact_offer", "Offer provided at the point of contact", "textarea"),
    ),
    rules=(_consent_rules,),
    hand_on=_consent_hand_on,
)


def _contingency_rules(clean, _context):
    if clean["social_work_referral_if_not_engaging"] == "No" and not clean["why_no_social_work_referral"]:
        return {"why_no_social_work_referral": "Say why no referral to Social Work would follow if the family do not "
                                               "engage"}
    return {}


refer_to_early_help_hub = Handler(
    task_id="refer_to_early_help_hub",
    title="Refer to the Early Help Hub: Signs of Safety mapping, plan and contingency",
    guidance=("Children and families referred into the Early Help Hubs should have been mapped using Signs of "
              "Safety and have a plan and contingency for Early Help if the family do not engage, including whether "
              "a referral to Social Work should be made if they do not engage (§3.5)."),
    fields=(
        Field("worries", "What are we worried about?", "textarea", required=True, section=SIGNS),
        Field("working_well", "What is working well?", "textarea", required=True, section=SIGNS),
        Field("what_needs_to_happen", "What needs to happen?", "textarea", required=True, section=SIGNS),
        Field("early_help_plan", "Plan for Early Help", "textarea", required=True),
        Field("contingency_if_not_engaging", "Contingency if the family do not engage", "textarea", required=True),
        Field("social_work_referral_if_not_engaging", "If the family do not engage, should a referral to Social Work "
              "be made?", "choice", required=True, choices=YES_NO),
        Field("why_no_social_work_referral", "If not, why not", "textarea"),
    ),
    rules=(_contingency_rules,),
)


def _triaged(clean, _context):
    if clean["triage_with_family_agreement"] is not True:
        return {"triage_with_family_agreement": "The triage is completed with the agreement of the family (§3.3)"}
    return {}


hub_triage = Handler(
    task_id="hub_triage",
    title="Early Help Hub triage",
    guidance=("Triage the referral with the family's agreement and identify the future help and support (§3.2). "
              "The Signs of Safety mapping, plan and contingency from the Contact Centre / MASH are on the case."),
    fields=(
        Field("triage_with_family_agreement", "Triage completed with the family's agreement", "boolean",
              required=True),
        Field("triage_outcome", "Future help and support", "choice", required=True,
              choices=("Targeted Early Help offer", "Advice, guidance and signposting")),
        Field("triage_notes", "Notes", "textarea"),
    ),
    rules=(_triaged,),
    hand_on=lambda clean, _context: Outcome(data=dict(clean), case_updates={"current_service": "EH"}),
)
