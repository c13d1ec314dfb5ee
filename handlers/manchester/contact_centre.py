"""§4.2.1 and §4.3: a child protection concern from Early Help goes to the Contact Centre without delay."""
from ..forms import Field, Handler, StartPathway
from .clocks import referral_clocks

CONTACT_CENTRE = "contact_centre_referral"
RESPONSES = ("Strategy discussion / section 47 enquiry", "Child and family assessment",
             "Advice to Early Help: no social work response")


def refer_to_contact_centre(concern_field, stage):
    """The hand-on that sends a child protection concern to the Contact Centre, its clock started now."""
    def start(clean, context):
        return StartPathway(CONTACT_CENTRE, {"child_protection_concern_details": clean[concern_field],
                                             "referred_from": stage, **referral_clocks(context)})
    return start


def _prefill(context):
    return {"referred_from": context.get("referred_from"),
            "child_protection_concern_details": context.get("child_protection_concern_details")}


contact_centre_child_protection_referral = Handler(
    task_id="contact_centre_child_protection_referral",
    title="Child protection concern from Early Help: decide the response (within 1 working day)",
    guidance=("Early Help referred this child protection concern without delay (§4.2.1, §4.3): their Social Worker "
              "was not available, or the concern arose during an intervention. The Contact Centre mailbox was "
              "e-mailed when it arrived. Decide the response within 1 working day."),
    fields=(
        Field("referred_from", "Referred from", "choice", required=True, choices=("Triage", "Interventions")),
        Field("child_protection_concern_details", "The concern Early Help raised", "textarea", required=True),
        Field("contact_centre_response", "Response", "choice", required=True, choices=RESPONSES),
        Field("response_rationale", "Rationale", "textarea", required=True),
    ),
    prefill=_prefill,
)
