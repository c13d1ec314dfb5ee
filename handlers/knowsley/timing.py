"""Meeting times for the Knowsley pack: the service's "now", London wall-clock times, notice."""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo


from ..forms import NOW_KEY

LONDON = ZoneInfo("Europe/London")
NOTICE_WORKING_DAYS = 5  # §4: "at least 5 working days' notice when requesting a TAF Meeting"
PREFERRED_WEEKDAY = 2  # §4: "arrange any step up TAF meeting where possible on a Wednesday"


def now_from(context):
    """The service's clock reading passed in the handler context (NOW_KEY), or None."""
    value = context.get(NOW_KEY)
    return as_utc(value) if value else None


def as_utc(iso_text):
    """An ISO 8601 time as aware UTC; a time without an offset is London wall-clock time."""
    value = datetime.fromisoformat(str(iso_text))
    if value.tzinfo is None:
        value = value.replace(tzinfo=LONDON)
    return value.astimezone(timezone.utc)


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


def _calendar():
    """England's working-day calendar.

    Imported when first needed: importing ``service`` at module level would load the whole
    app (and, through it, this package) while ``handlers`` is still initialising.
    """
    from service.calendar import england
    return england
