"""Time as every pack's handlers read it: the service's "now" from the handler context, London
wall-clock times, and England's working-day calendar.

Handlers never read the clock themselves (the service passes its reading in as NOW_KEY), so a
test's fake clock and a deadline worked out here always agree.
"""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from .forms import NOW_KEY

LONDON = ZoneInfo("Europe/London")


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


def england():
    """England's working-day calendar (bank holidays skipped).

    Imported when first needed: importing ``service`` at module level would load the whole app
    (and, through it, the handlers) while ``handlers`` is still initialising.
    """
    from service.calendar import england as calendar
    return calendar
