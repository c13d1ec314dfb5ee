"""Blackburn: the practitioner discusses the concern with the MASH social worker, then submits a request for service."""
from ..forms import NOW_KEY, Field, Handler, Outcome
from ..referrer import referrer_email_field

ADVICE_ENOUGH = "No: the advice given was enough"


def _advice_recorded(clean, _context):
    if clean["submit_request_for_service"] == ADVICE_ENOUGH and not clean["advice_given"]:
        return {"advice_given": "Record the advice given, as no request for service follows"}
    return {}


discuss_with_mash = Handler(
    task_id="discuss_with_mash",
    title="Discussion with the practitioner",
    guidance=("Consider the presenting information, any relevant historical information and the previous offer "
              "of early help. Agree whether an immediate response is required: the lead agency decision maker "
              "then responds within 4 hours of the request for service."),
    fields=(
        Field("presenting_information", "Presenting information", "textarea", required=True),
        Field("historical_information", "Relevant historical information", "textarea", required=True),
        Field("previous_early_help_offer", "Previous offer of early help", "textarea", required=True),
        Field("immediate_response_required", "Is an immediate response required?", "choice", required=True,
              choices=("Yes", "No"), help="Yes: the MASH decision is due within 4 hours of the request for service"),
        Field("submit_request_for_service", "Should the practitioner submit a request for service?", "choice",
              required=True, choices=("Yes", ADVICE_ENOUGH)),
        Field("advice_given", "Advice given", "textarea"),
    ),
    rules=(_advice_recorded,),
)


def _prefill_request(context):
    return {"request_details": context.get("concern", "")}


def _request_received(clean, context):
    # The request for service is the referral: the child and family assessment's 45 working
    # days run from this moment (Working Together 2023), whenever the assessment itself opens.
    return Outcome(data={**clean, "request_received_at": context.get(NOW_KEY)})


request_for_service = Handler(
    task_id="request_for_service",
    title="Submit a request for service to MASH",
    guidance="Submitting sends the request to MASH for initial screening.",
    fields=(
        Field("request_details", "What you are worried about, and what you are asking for", "textarea",
              required=True),
        Field("referrer_name", "Referrer's name and role", "text", required=True),
        Field("referrer_contact", "How MASH can contact you", "text", required=True),
        referrer_email_field(),
    ),
    prefill=_prefill_request,
    hand_on=_request_received,
)
