"""Filling the pages' GOV.UK inputs from a real browser, as a worker would."""
import re
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def fill_date_and_time(page, legend, dt):
    """Type ``dt`` into the Day, Month, Year and Time boxes of the group whose legend is ``legend``.

    A date-time with an offset is typed as the London clock reads it, as a worker would type it.
    An optional field's legend ends "(optional)"; ``legend`` is the field's label either way.
    """
    if dt.tzinfo is not None:
        dt = dt.astimezone(LONDON)
    group = page.get_by_role("group", name=re.compile(rf"^{re.escape(legend)}( \(optional\))?$"))
    group.get_by_label("Day", exact=True).fill(str(dt.day))
    group.get_by_label("Month", exact=True).fill(str(dt.month))
    group.get_by_label("Year", exact=True).fill(str(dt.year))
    group.get_by_label("Time", exact=True).fill(f"{dt:%H:%M}")
    return group
