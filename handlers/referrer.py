"""Telling the referrer the outcome of their referral, in fixed words.

Working Together asks that referrers are told what happens to their referral. The referrer is
often outside the council (a school, a health visitor), and an outside address never gets
what a form said (service/mail/outside_mail.py). So the outcome travels as a key of
``OUTCOME_WORDS``: the e-mail, inside or outside the council, says those words, the case
number and a link, and nothing typed on a form. The referrer's address is the optional
"referrer's e-mail" a form records; without one nobody is e-mailed.
"""
from .forms import Field, Message

# A decision's key -> what the referrer is told. Never a child's details: these are the only
# words about the outcome an outside address can receive.
OUTCOME_WORDS = {
    "child_protection": "a social worker will make child protection enquiries (section 47) and carry out a child "
                        "and family assessment",
    "strategy_discussion": "a strategy discussion will consider child protection enquiries (section 47)",
    "child_in_need": "a social worker will carry out a child and family assessment (child in need, section 17)",
    "advice": "no further action by children's social care; advice has been given",
    "back_to_early_help": "the family's needs will be met by Early Help rather than by children's social care",
    "early_help": "the family is offered support by the Early Help service",
    "caf_link_worker": "a CAF link worker will give advice and guidance on the CAF process",
    "early_help_continues": "no further action by children's social care; the family's Early Help support continues",
    "recorded_with_early_help": "recorded with the family's Early Help support; no children's social care involvement "
                                "is needed",
}

REFERRER_EMAIL = "referrer_email"


def referrer_email_field(section=""):
    """The optional field that lets MASH tell the referrer the outcome."""
    return Field(REFERRER_EMAIL, "Referrer's e-mail (to tell them the outcome)", "email", section=section,
                 help="Optional. They are told the outcome and the case number, never the child's details")


def outcome_message(address, outcome):
    """The e-mail telling the referrer at ``address`` the outcome ``outcome`` (a key of OUTCOME_WORDS)."""
    words = OUTCOME_WORDS[outcome]
    return Message(to=(f"email:{address}",), subject="The outcome of your referral",
                   body=f"The outcome of the referral you made: {words}.", outcome=outcome)


def told(context, outcome):
    """(the referrer's message,) when a referrer's e-mail was recorded; () otherwise."""
    address = context.get(REFERRER_EMAIL)
    return (outcome_message(address, outcome),) if address else ()
