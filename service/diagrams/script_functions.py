"""Named domain functions that diagrams may call in conditions and timer expressions.

Process owners write e.g. ``working_days(5)`` in a timer, or ``working_days_from(held_at, 15)``
for a clock that runs from a moment a task recorded; each function here is bound to the
app's clock so deadlines follow the injected time. Timer helpers return an ISO-8601
aware UTC instant, which is what a ``bpmn:timeDate`` expression must produce. Names must
not clash with form field names (in an expression the name means the function, so such a
field could not be read): see ``NAMES`` and the test that checks every pack's fields.
"""
import re
from datetime import date, datetime, time, timedelta

from service.calendar import england

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
# A deadline more than about ten years away is a slip of the keyboard, and a diagram's
# expression must not make the calendar step through millions of days.
LIMITS = {"working days": 2_600, "hours": 87_660, "minutes": 5_259_600}


def _within(n, unit, convert=int):
    """``n`` as a number of ``unit``, refused when it is beyond LIMITS."""
    value = convert(n)
    if not -LIMITS[unit] <= value <= LIMITS[unit]:
        raise ValueError(f"{n!r} {unit} is more than ten years away; check the number")
    return value


def _whole_number(n, unit):
    """``n`` as a whole number of ``unit`` within LIMITS; 7.5 or True is a slip, not a count."""
    if isinstance(n, bool) or not isinstance(n, (int, float)) or (isinstance(n, float) and not n.is_integer()):
        raise ValueError(f"{n!r} is not a whole number of {unit}")
    return _within(n, unit)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def recorded_moment(value, tz):
    """A recorded date ("2026-11-02") or moment (ISO date-time; no offset means local time) as
    (aware instant, whether it was a date alone)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{value!r} is not a recorded date or date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM); "
                         "has the task that records it been done?")
    text = value.strip()
    try:
        if ISO_DATE.fullmatch(text):
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=tz), True
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a date or a date and time (YYYY-MM-DD or YYYY-MM-DDTHH:MM)") from None
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)), False


def weekday_number(name):
    """0 for "Monday" … 4 for "Friday" (case-insensitive); weekends are never working days."""
    try:
        return WEEKDAYS.index(str(name).strip().lower())
    except ValueError:
        raise ValueError(f"{name!r} is not a working weekday (Monday to Friday)") from None


def build(clock, calendar=england):
    """The functions available to diagram expressions, bound to ``clock`` and ``calendar``."""

    def now_iso():
        """The current instant as ISO-8601 (aware UTC)."""
        return clock().isoformat()

    def working_days(n):
        """The instant ``n`` working days from now (same wall-clock time, bank holidays skipped)."""
        return calendar.add_working_days(clock(), _within(n, "working days")).isoformat()

    def working_days_from(start, n):
        """The instant ``n`` working days after a recorded moment (a field or a handed-on instant).

        A date and time keeps its wall-clock time (as ``working_days``); a date alone means
        "by the end of the day": 17:00 on the n-th working day after it. Statutory clocks that
        run from an earlier moment (the referral, the strategy discussion) are written this way.
        """
        count = _whole_number(n, "working days")
        if count < 0:
            raise ValueError(f"{n!r}: count forward, a whole number of working days of 0 or more")
        moment, date_only = recorded_moment(start, calendar.tz)
        if date_only:
            # Counted from the start of that day's business (or the next working day's), then
            # to the close of business on the day the count lands on.
            landed = calendar.add_working_days(moment.replace(hour=calendar.day_start.hour,
                                                              minute=calendar.day_start.minute), count)
            return calendar.end_of_working_day(landed).isoformat()
        return calendar.add_working_days(moment, count).isoformat()

    def hours(n):
        """The instant ``n`` elapsed hours from now (24 h / 48 h windows ignore working days)."""
        return calendar.add_hours(clock(), _within(n, "hours", float)).isoformat()

    def minutes(n):
        """The instant ``n`` elapsed minutes from now."""
        return (clock() + timedelta(minutes=_within(n, "minutes", float))).isoformat()

    def end_of_day():
        """The end of today's working day (or of the next working day, if today's is over)."""
        return calendar.end_of_working_day(clock()).isoformat()

    def next_weekday(day, notice=0):
        """Start of the first working ``day`` ("Wednesday") at least ``notice`` working days away."""
        earliest = calendar.add_working_days(clock(), _within(notice, "working days"))
        return calendar.next_weekday_on_or_after(earliest, weekday_number(day)).isoformat()

    return {"now_iso": now_iso, "working_days": working_days, "working_days_from": working_days_from,
            "hours": hours, "minutes": minutes, "end_of_day": end_of_day, "next_weekday": next_weekday}


# What a form field must never be called: in expressions the name means the function.
NAMES = frozenset(build(lambda: None))
