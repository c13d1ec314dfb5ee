"""Manchester's deadlines, worked out from the service's "now" (handlers never read the time themselves).

A clock that runs from an earlier moment (the contact record, the concern being raised) is fixed
when that moment is recorded and handed on as an aware instant, so a timer on a later task reads
the same deadline.
"""
from datetime import date, datetime, time, timezone

from ..timing import LONDON, now_from
from ..timing import england as _calendar

DECISION_WORKING_DAYS = 1     # Working Together 2023: a decision on the response within 1 working day of a referral
ASSESSMENT_WORKING_DAYS = 45  # and the child and family assessment within 45 working days of it
TAF_WORKING_DAYS = 5          # §4.3: the TAF meeting "within 5 working days from the issues being raised"
MASH_DISCUSSION_HOURS = 24    # §4.2.2: the Early Help Social Work / MASH case discussion "within 24 hours"
# §6.1 "within 48 hours" at each tier of a professional difference is the diagram's own hours(48) timers.
RETURN_MONTHS = 3             # §4.4: back to the team that stepped the case down "within a 3 month timescale"




def today(context):
    """Today's date in England by the service's clock (None if the clock is not given)."""
    now = now_from(context)
    return now.astimezone(LONDON).date() if now else None


def hours_after(start, hours):
    return _calendar().add_hours(start, hours).isoformat()


def referral_clocks(context):
    """The clocks a referral to social work starts: the decision and the child and family assessment."""
    now = now_from(context)
    if now is None:
        return {}
    calendar = _calendar()
    return {"referred_at": now.isoformat(),
            "decision_due_at": calendar.add_working_days(now, DECISION_WORKING_DAYS).isoformat(),
            "assessment_due_at": calendar.add_working_days(now, ASSESSMENT_WORKING_DAYS).isoformat()}


def taf_latest_day(concern_raised_on):
    """The last day a TAF meeting may be held: 5 working days after the day the issues were raised."""
    start = datetime.combine(concern_raised_on, time(9), tzinfo=LONDON)
    return _calendar().add_working_days(start, TAF_WORKING_DAYS).astimezone(LONDON).date()


def end_of(day):
    """17:00 London on ``day``, as aware UTC ISO text (when a day's deadline has passed)."""
    return datetime.combine(day, time(17), tzinfo=LONDON).astimezone(timezone.utc).isoformat()


def months_after(day, months):
    """The same day of the month ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


