"""Blackburn: MASH initial screening, then MASH management oversight and the decision."""
from ..consent import OVERRIDDEN, ConsentRecord, latest
from ..forms import CHILD_AGE_KEY, CONSENT_KEY, NOW_KEY, PEOPLE_KEY, Field, Handler, Message, Outcome
from ..referrer import told
from .consent_sought import PARENTS

CONSENTED = "Consent given by the parents / carers"
CONSENT_REFUSED = "Consent refused"
NO_CONSENT = "Consent not sought, or cannot be obtained"
CONSENT_POSITIONS = (CONSENTED, CONSENT_REFUSED, NO_CONSENT)

ADVICE = "Advice to the referrer"
CAF_LINK = "CAF link worker advice and guidance"
EARLY_HELP = "Support from the Early Help service"
CIN = "Social worker allocated: Child in Need assessment (s17)"
CP = "Social worker allocated: Child Protection enquiry (s47)"
OUTCOMES = (ADVICE, CAF_LINK, EARLY_HELP, CIN, CP)
# The diagram routes on these short codes (handed on with the decision).
ROUTES = {ADVICE: "advice", CAF_LINK: "caf_link_worker", EARLY_HELP: "early_help", CIN: "assessment",
          CP: "assessment"}
# Advice goes back to the referring practitioner; every other outcome passes the family's
# information on to a service, which needs consent or a recorded override.
SHARES_INFORMATION = (EARLY_HELP, CIN, CP)
YOUNG_PERSON_AGES = (16, 17)


def _prefill_consent(context):
    # What the practitioner recorded on the case; MASH still asks, and may learn otherwise.
    found = latest(context.get(CONSENT_KEY), "sharing", PARENTS)
    position = {"given": CONSENTED, "refused": CONSENT_REFUSED, "not sought": NO_CONSENT}.get(
        (found or {}).get("decision"))
    return {"consent_position": position}


def _young_persons_views(clean, context):
    # Ages 16 and 17: their views are ascertained directly, unless that is not in their best interests.
    if context.get(CHILD_AGE_KEY) in YOUNG_PERSON_AGES and not clean["young_persons_views"] \
            and not clean["views_not_sought_reason"]:
        return {"young_persons_views": (f"The young person is {context[CHILD_AGE_KEY]}: record their views, "
                                        "or why ascertaining them directly is not in their best interests")}
    return {}


mash_screening = Handler(
    task_id="mash_screening",
    title="MASH initial screening",
    guidance=("MASH asks whether the parents and the child (where age appropriate) consented, considers all "
              "previous involvement of social care and other services, and, for a young person aged 16 or 17, "
              "ascertains their views directly unless that is not in their best interests. The decision is due "
              "within 4 hours when an immediate response was agreed, otherwise within 1 working day."),
    fields=(
        Field("safeguarding_lead_consulted", "Has the practitioner discussed the concern with their safeguarding "
              "lead?", "choice", required=True, choices=("Yes", "No")),
        Field("consent_position", "Consent of the parents and the child (where age appropriate)", "choice",
              required=True, choices=CONSENT_POSITIONS, help="Filled in from the consent recorded on the case"),
        Field("previous_involvement", "Previous involvement of social care and other services", "textarea",
              required=True),
        Field("multi_agency_information", "Multi-agency information (police, health, housing, probation, "
              "education, domestic abuse advisor)", "textarea", required=True),
        Field("young_persons_views", "The young person's views (ages 16 and 17)", "textarea"),
        Field("views_not_sought_reason", "Why ascertaining the young person's views directly is not in their "
              "best interests", "textarea"),
        Field("recommended_outcome", "Recommended outcome", "choice", required=True, choices=OUTCOMES),
    ),
    rules=(_young_persons_views,),
    prefill=_prefill_consent,
)


def _consent_or_override(clean, context):
    errors = {}
    consented = context.get("consent_position") == CONSENTED
    if clean["consent_override"]:
        if consented:
            errors["consent_override"] = "The parents consented: there is nothing to override"
        if not clean["override_reason"]:
            errors["override_reason"] = "Enter why overriding consent is needed for the child's safety"
        if not clean["overriding_manager"]:
            errors["overriding_manager"] = "Enter the name of the manager overriding consent"
    elif clean["referral_outcome"] in SHARES_INFORMATION and not consented:
        errors["consent_override"] = ("Consent was not given. Override it only where sharing is needed for the "
                                      "child's safety, with the reason; otherwise advise the referrer (for "
                                      "example, to ask for consent first)")
    if clean["referral_outcome"] in (CIN, CP):
        errors.update(_allocated_to_a_social_worker(clean, context))
    return errors


ALLOCATED_ROLE = "Allocated Social Worker"
# What the referrer is told of each decision (handlers/referrer.py OUTCOME_WORDS).
TOLD = {ADVICE: "advice", CAF_LINK: "caf_link_worker", EARLY_HELP: "early_help", CIN: "child_in_need",
        CP: "child_protection"}


def _allocated_to_a_social_worker(clean, context):
    # The allocation names a Stepwise colleague, so the work and the e-mail reach that person.
    username = clean["allocated_social_worker"]
    if not username:
        return {"allocated_social_worker": "Give the Stepwise username of the social worker allocated to the "
                                           "assessment"}
    roles_of = context.get(PEOPLE_KEY)
    if roles_of is not None and ALLOCATED_ROLE not in roles_of(username):
        return {"allocated_social_worker": f"No active Stepwise user with that username holds the {ALLOCATED_ROLE} "
                                           "role in Blackburn with Darwen"}
    return {}


def _allocation_message(username):
    return Message(to=(f"user:{username}",), subject="You have been allocated a child and family assessment",
                   body=("The MASH Manager has allocated you a child and family assessment. It is in your Stepwise "
                         "work tray; it is due within 45 working days of the referral, and the CAF closes at the "
                         "10-day assessment checkpoint. Sign in to read the referral and the decision."))


def _prefill_decision(context):
    return {"referral_outcome": context.get("recommended_outcome")}


def _decided(clean, context):
    data = {**clean, "outcome_route": ROUTES[clean["referral_outcome"]]}
    consents = ()
    if clean["consent_override"]:
        today = (context.get(NOW_KEY) or "")[:10] or None
        consents = (ConsentRecord(given_by=PARENTS, scope="sharing", decision=OVERRIDDEN, when=today,
                                  override_reason=clean["override_reason"],
                                  overridden_by=clean["overriding_manager"],
                                  note="Overridden in MASH management oversight"),)
    updates, messages = {}, told(context, TOLD[clean["referral_outcome"]])
    if clean["referral_outcome"] in (CIN, CP):
        updates = {"current_service": "CSC"}
        messages += (_allocation_message(clean["allocated_social_worker"]),)
    return Outcome(data=data, case_updates=updates, consents=consents, messages=messages)


mash_management_oversight = Handler(
    task_id="mash_management_oversight",
    title="MASH management oversight and decision",
    guidance=("Consider the multi-agency information and views proportionately and decide. Where consent "
              "cannot or has not been obtained and sharing is needed for the child's safety, consent is "
              "overridden, and the reason recorded here. A Child in Need or Child Protection assessment closes "
              "the CAF at the 10-day assessment checkpoint."),
    fields=(
        Field("management_oversight", "Management oversight", "textarea", required=True,
              section="MASH management oversight"),
        Field("referral_outcome", "Decision", "choice", required=True, choices=OUTCOMES,
              section="MASH management oversight"),
        Field("decision_rationale", "Rationale", "textarea", required=True, section="MASH management oversight"),
        Field("consent_override", "Override consent for the child's safety", "boolean", section="Consent"),
        Field("override_reason", "Why sharing is needed for the child's safety without consent", "textarea",
              section="Consent"),
        Field("overriding_manager", "Manager overriding consent", "text", section="Consent"),
        Field("allocated_social_worker", "Social worker allocated to the assessment (Stepwise username)", "text",
              section="Allocation", help="They hold the Allocated Social Worker role; they are e-mailed"),
        Field("allocated_team", "Team", "text", section="Allocation"),
    ),
    rules=(_consent_or_override,),
    prefill=_prefill_decision,
    hand_on=_decided,
)


screening_decision_overdue = Handler(
    task_id="screening_decision_overdue",
    title="Escalation: the MASH screening decision is overdue",
    guidance=("The decision was due within 4 hours (an immediate response was agreed) or within 1 working day. "
              "The screening stays open with the MASH social worker; record what you have done."),
    fields=(Field("action_taken", "Action taken", "textarea", required=True),),
)
