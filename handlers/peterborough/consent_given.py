"""Peterborough §1 note: the family's consent before anything goes to the Early Help Hub.

"Contacts / Referrals / MASH Enquiry requests should only be sent to the EHH where the family
consented to the safeguarding referral and /or have consented to Early Help support", and
"parents and young people are able to decline the offer of a service". So a step that sends a
family to Early Help records the family's answer, how and when, and is refused without it.
"""
from ..consent import GIVEN, HOW, REFUSED, ConsentRecord
from ..forms import Field

PARENTS = "Parents / carers"
ANSWERS = ("Given", "Refused")
SECTION = "The family's consent"


def consent_fields(label):
    """The three consent questions, under ``label`` (what the family is asked to agree to)."""
    return (
        Field("family_consent", label, "choice", choices=ANSWERS, section=SECTION,
              help="Parents and young people may decline: then nothing is sent to Early Help"),
        Field("family_consent_how", "How", "choice", choices=HOW, section=SECTION),
        Field("family_consent_date", "When", "date", happened=True, section=SECTION),
    )


def consent_needed(clean, why):
    """{field: message} unless the family's consent was given, with how and when."""
    if clean.get("family_consent") != "Given":
        return {"family_consent": f"{why} only with the family's consent; if they declined, choose another outcome"}
    errors = {}
    if not clean.get("family_consent_how"):
        errors["family_consent_how"] = "Say how the family gave consent"
    if not clean.get("family_consent_date"):
        errors["family_consent_date"] = "Say when the family gave consent"
    return errors


def consent_record(clean, scope, note):
    """The family's answer as a consent record (none when the question was not answered)."""
    if clean.get("family_consent") not in ANSWERS:
        return ()
    return (ConsentRecord(given_by=PARENTS, scope=scope,
                          decision=GIVEN if clean["family_consent"] == "Given" else REFUSED,
                          how=clean.get("family_consent_how") or "", when=clean.get("family_consent_date"),
                          note=note),)
