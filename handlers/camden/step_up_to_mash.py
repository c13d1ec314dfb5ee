"""Camden Appendix 1: Step Up to MASH (CP and CIN) — the Early Help Manager's step."""
from ..forms import Field, Handler, Outcome
from .clocks import referral_clocks

REASONS = ("CIN", "CP")


def _engagement_needs_sign_off(clean, _context):
    # Camden §2: step-ups for lack of engagement need management oversight and evidence
    # that all reasonable attempts to engage were made.
    errors = {}
    if clean["lack_of_engagement"] and not clean["engagement_attempts"]:
        errors["engagement_attempts"] = ("Enter the reasonable attempts made to engage the family: a "
                                         "step-up for lack of engagement must show them")
    if clean["lack_of_engagement"] and not clean["management_sign_off"]:
        errors["management_sign_off"] = "Select management sign-off: a step-up for lack of engagement needs it"
    return errors


# What a pathway that hands on here (the step-up decision, the daily discussion meeting)
# already recorded: the Early Help Manager checks it rather than typing it again.
HANDED_ON = ("reason", "information_for_cssw", "risk_of_significant_harm", "why_eh_cannot_meet_needs",
             "discussed_with_family", "lack_of_engagement", "engagement_attempts", "management_sign_off")


def _prefill(context):
    return {name: context.get(name) for name in HANDED_ON}


def _hand_on(clean, context):
    # Sending the step-up is the MASH contact: the decision (1 working day) and the child and
    # family assessment (45 working days) both run from now (Working Together 2023).
    return Outcome(data={**clean, "step_up_reason": clean["reason"], **referral_clocks(context)})


send_step_up = Handler(
    task_id="send_step_up_to_mash",
    title="Step Up to MASH",
    guidance=("Send when Early Help decides the family needs a statutory social work service. "
              "Immediate risk of harm goes to MASH straight away, not through this form."),
    fields=(
        Field("reason", "Reason", "choice", required=True, choices=REASONS,
              help="CIN (Children Act s17) or CP (s47)"),
        Field("send_immediately", "Send immediately?", "boolean",
              help="Send now from an incomplete Early Help step to avoid any delay"),
        Field("information_for_cssw", "Information for CSSW, if stepping up to MASH", "textarea",
              required=True, help="Pre-fills 'Further details about this contact' for MASH"),
        Field("risk_of_significant_harm", "Is the child now at risk of significant harm due to abuse or neglect?",
              "choice", required=True, choices=("Yes", "No", "Not known")),
        Field("why_eh_cannot_meet_needs", "Why can the child's needs not be met by Early Help?", "textarea",
              required=True),
        Field("discussed_with_family", "Has stepping up been discussed with the family?", "choice",
              required=True, choices=("Yes", "No", "Not appropriate")),
        Field("lack_of_engagement", "Is the step-up due to lack of engagement?", "boolean"),
        Field("engagement_attempts", "Reasonable attempts made to engage the family", "textarea"),
        Field("management_sign_off", "Management sign-off for a non-engagement step-up", "boolean"),
    ),
    rules=(_engagement_needs_sign_off,),
    prefill=_prefill,
    hand_on=_hand_on,
)
