"""Knowsley §2-§3: the receiving Early Help service's work after a step-down from CSC."""
from datetime import date

from ..forms import Field, Handler, Outcome
from ..timing import LONDON, as_utc, now_from
from .timing import morning_of


def _agreed_review_day(context):
    """The first TAF review day the final CIN meeting agreed (handed on), or None."""
    agreed = context.get("first_taf_review_at")
    return as_utc(agreed).astimezone(LONDON).date() if agreed else None


def review_rule(clean, context):
    """§2: the review the final CIN meeting agreed stands; an earlier one may be agreed, never a later one."""
    agreed, chosen = _agreed_review_day(context), clean["first_taf_review_on"]
    if agreed and not chosen:
        return {"first_taf_review_on": f"The final CIN meeting agreed the first TAF review for {agreed:%d %B %Y}"}
    if not chosen:
        return {}
    day, now = date.fromisoformat(chosen), now_from(context)
    if agreed and day > agreed:
        return {"first_taf_review_on": f"The final CIN meeting agreed the first TAF review by {agreed:%d %B %Y}; "
                                       "it may be earlier, not later"}
    if now and day < now.astimezone(LONDON).date():
        return {"first_taf_review_on": "The date of the first TAF review must be today or in the future"}
    return {}


def _prefill(context):
    agreed = _agreed_review_day(context)
    return {"lead_practitioner_name": context.get("new_lead_practitioner_name"),
            "lead_practitioner_organisation": context.get("new_lead_practitioner_organisation"),
            "bottom_lines_noted": context.get("bottom_lines"),
            "first_taf_review_on": agreed.isoformat() if agreed else None}


def _hand_on(clean, _context):
    # The review waits for 09:00 London on its day; no date, no review timer.
    review = clean["first_taf_review_on"]
    return Outcome(data={**clean, "first_taf_review_at": morning_of(review) if review else None})


take_over_as_lead_practitioner = Handler(
    task_id="take_over_as_lead_practitioner",
    title="Take over as lead practitioner after the step-down",
    guidance=("The family has stepped down from Children's Social Care to Early Help. You are the lead "
              "practitioner. The final CIN meeting's minutes can be the interim Early Help Assessment until you "
              "complete a new Early Help Assessment on the EH Module. Keep the 'bottom lines' in view: if they are "
              "crossed, step the case back up."),
    fields=(
        Field("lead_practitioner_name", "Lead practitioner", "text", required=True),
        Field("lead_practitioner_organisation", "Organisation", "text", required=True),
        Field("bottom_lines_noted", "Bottom lines that would step the case back up", "textarea"),
        Field("early_help_assessment_started_on", "New Early Help Assessment started on the EH Module on", "date",
              happened=True,
              required=True),
        Field("first_taf_review_on", "Date of the first TAF review", "date",
              help="As the final CIN meeting agreed (6 weeks unless earlier); on other routes, if already set"),
    ),
    rules=(review_rule,),
    prefill=_prefill,
    hand_on=_hand_on,
)


first_taf_review = Handler(
    task_id="first_taf_review",
    title="First TAF review after the step-down",
    guidance="The first Team Around the Family review after the step-down, on the date the final CIN meeting agreed.",
    fields=(
        Field("review_held_on", "Review held on", "date", happened=True, required=True),
        Field("review_summary", "What the review found and agreed", "textarea", required=True),
        Field("bottom_lines_crossed", "Has any bottom line been crossed (consider a step-up)?", "choice",
              required=True, choices=("No", "Yes")),
    ),
)
