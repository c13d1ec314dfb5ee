"""Blackburn: the outcomes of reviewing a referral, and the social work assessment."""
from ..consent import GIVEN, HOW, REFUSED, ConsentRecord
from ..forms import Field, Handler, Outcome
from .consent_sought import PARENTS
from .screening import CP

FURTHER_ACTION = ("Progress a CAF", "Ask for consent before any further discussion", "Use supports and services "
                  "in the community", "No further action")

advise_referrer = Handler(
    task_id="advise_referrer",
    title="Advice to the person making the contact",
    guidance="Tell them about supports and services in the community and any further action they should take.",
    fields=(
        Field("advice_given", "Advice given", "textarea", required=True),
        Field("further_action", "Further action for the referrer", "multichoice", required=True,
              choices=FURTHER_ACTION),
        Field("referrer_contacted_on", "Referrer contacted on", "date", happened=True, required=True),
    ),
)

caf_link_worker_guidance = Handler(
    task_id="caf_link_worker_guidance",
    title="CAF link worker advice and guidance",
    guidance="Advice and guidance on the CAF process, the early help offer and what good looks like.",
    fields=(
        Field("guidance_given", "Advice and guidance given", "textarea", required=True),
        Field("given_on", "Given on", "date", happened=True, required=True),
    ),
)


def _service_consent(clean, _context):
    record = ConsentRecord(given_by=PARENTS, scope="service",
                           decision=GIVEN if clean["family_consent"] == "Given" else REFUSED,
                           how=clean["family_consent_how"], when=clean["family_consent_date"])
    return Outcome(data=dict(clean), consents=(record,))


offer_early_help = Handler(
    task_id="offer_early_help",
    title="Contact the referrer and offer Early Help",
    guidance="Levels 2 and 3 step across to the Early Help service: contact the referrer and make the offer.",
    fields=(
        Field("level_of_need", "Level of need", "choice", required=True, choices=("Level 2", "Level 3")),
        Field("referrer_contacted_on", "Referrer contacted on", "date", happened=True, required=True),
        Field("early_help_offer", "The Early Help offer made", "textarea", required=True),
        Field("family_consent", "The family's consent to Early Help", "choice", required=True,
              choices=("Given", "Refused")),
        Field("family_consent_how", "How", "choice", required=True, choices=HOW),
        Field("family_consent_date", "When", "date", happened=True, required=True),
    ),
    hand_on=_service_consent,
)


def _prefill_assessment(context):
    kind = "Child Protection (s47)" if context.get("referral_outcome") == CP else "Child in Need (s17)"
    return {"assessment_type": kind, "social_worker": context.get("allocated_social_worker", "")}


social_work_assessment = Handler(
    task_id="social_work_assessment",
    title="Child and family assessment",
    guidance=("Due within 45 working days of the referral. The CAF closes at the 10-day assessment "
              "checkpoint."),
    fields=(
        Field("assessment_type", "Assessment", "choice", required=True,
              choices=("Child in Need (s17)", "Child Protection (s47)")),
        Field("social_worker", "Allocated social worker", "text", required=True),
        Field("assessment_outcome", "Outcome of the assessment", "textarea", required=True),
        Field("concluded_on", "Concluded on", "date", happened=True, required=True),
    ),
    prefill=_prefill_assessment,
)

assessment_overdue = Handler(
    task_id="assessment_overdue",
    title="Escalation: the child and family assessment is past 45 working days",
    guidance="The assessment stays open with the allocated social worker; record what you have done.",
    fields=(Field("action_taken", "Action taken", "textarea", required=True),),
)
