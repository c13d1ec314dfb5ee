"""Times for the Manchester pack: the service's "now" from the handler context, and London times."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from ..forms import NOW_KEY

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
