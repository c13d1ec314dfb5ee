"""Blackburn: consent from parents (and the child, where age appropriate) is sought where appropriate."""
from ..consent import GIVEN, HOW, NOT_SOUGHT, REFUSED, ConsentRecord
from ..forms import Field, Handler, Outcome

PARENTS, CHILD = "Parents / carers", "Child / young person"
ANSWERS = {"Given": GIVEN, "Refused": REFUSED, "Not sought": NOT_SOUGHT}
NOT_AGE_APPROPRIATE = "Not age appropriate"


def _answer_needs_detail(clean, _context):
    errors = {}
    if clean["parents_consent"] in ("Given", "Refused"):
        if not clean["parents_consent_how"]:
            errors["parents_consent_how"] = "Say how the parents gave or refused consent"
        if not clean["parents_consent_date"]:
            errors["parents_consent_date"] = "Say when the parents gave or refused consent"
    # "Where appropriate": not asking is allowed, but the reason it was not appropriate is recorded.
    if clean["parents_consent"] == "Not sought" and not clean["consent_not_sought_reason"]:
        errors["consent_not_sought_reason"] = "Say why it was not appropriate to seek the parents' consent"
    return errors


def _records(clean, _context):
    parents = ConsentRecord(
        given_by=PARENTS, scope="sharing", decision=ANSWERS[clean["parents_consent"]],
        how=clean["parents_consent_how"] or "", when=clean["parents_consent_date"],
        note=clean["consent_not_sought_reason"] or "")
    child_answer = clean["child_consent"]
    child = ConsentRecord(
        given_by=CHILD, scope="sharing", decision=ANSWERS.get(child_answer, NOT_SOUGHT),
        how=(clean["parents_consent_how"] or "") if child_answer in ("Given", "Refused") else "",
        when=clean["parents_consent_date"] if child_answer in ("Given", "Refused") else None,
        note=NOT_AGE_APPROPRIATE if child_answer == NOT_AGE_APPROPRIATE else "")
    return Outcome(data=dict(clean), consents=(parents, child))


seek_consent = Handler(
    task_id="seek_consent",
    title="Seek consent from the parents, where appropriate",
    guidance=("MASH will always ask whether the parents and the child (where age appropriate) consented to "
              "their information being shared. Record what they said, how and when."),
    fields=(
        Field("parents_consent", "Parents' / carers' consent to share information with MASH", "choice",
              required=True, choices=tuple(ANSWERS)),
        Field("parents_consent_how", "How", "choice", choices=HOW),
        Field("parents_consent_date", "When", "date", happened=True),
        Field("consent_not_sought_reason", "Why was it not appropriate to seek consent?", "textarea"),
        Field("child_consent", "The child's consent", "choice", required=True,
              choices=(*ANSWERS, NOT_AGE_APPROPRIATE), help="Asked at the same time as the parents, where age appropriate"),
    ),
    rules=(_answer_needs_detail,),
    hand_on=_records,
)
