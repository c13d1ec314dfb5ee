"""Meeting times for the Knowsley pack: the service's "now", London wall-clock times, notice."""
from datetime import date, datetime, time, timezone

from ..timing import LONDON, as_utc
from ..timing import england as _calendar

NOTICE_WORKING_DAYS = 5  # §4: "at least 5 working days' notice when requesting a TAF Meeting"
PREFERRED_WEEKDAY = 2  # §4: "arrange any step up TAF meeting where possible on a Wednesday"




def london_local(instant):
    """An aware instant as London wall-clock text for a date-time form field (YYYY-MM-DDTHH:MM)."""
    return instant.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")


def notice_given(now, meeting):
    """Working days' notice a meeting at ``meeting`` gets when booked at ``now`` (by calendar date)."""
    return _calendar().working_days_between(now, meeting)


def suggested_meeting(now):
    """The first Wednesday (a working day) that gives at least the required notice."""
    calendar = _calendar()
    earliest = calendar.add_working_days(now, NOTICE_WORKING_DAYS)
    return calendar.next_weekday_on_or_after(earliest, PREFERRED_WEEKDAY)


def morning_of(day_iso):
    """09:00 London on a YYYY-MM-DD day, as aware UTC ISO text (what a date's timer waits for)."""
    return datetime.combine(date.fromisoformat(day_iso), time(9, 0), tzinfo=LONDON).astimezone(timezone.utc).isoformat()


def readable(iso_text):
    """A stored meeting time as words for an e-mail, in London time."""
    return as_utc(iso_text).astimezone(LONDON).strftime("%A %d %B %Y at %H:%M")


