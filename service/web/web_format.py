"""How the pages show times, deadlines and pathway names (London time, plain English)."""
from zoneinfo import ZoneInfo

from service.calendar import england

LONDON = ZoneInfo("Europe/London")


def local(moment):
    """An aware UTC datetime in London time."""
    return moment.astimezone(LONDON)


def when(moment):
    """'Mon 2 Nov 2026, 10:00' in London time, or an empty string."""
    if moment is None:
        return ""
    at = local(moment)
    return f"{at:%a} {at.day} {at:%b %Y}, {at:%H:%M}"


def day(value):
    """'2 Nov 2026' for a date (or datetime), or an empty string."""
    if value is None:
        return ""
    if hasattr(value, "astimezone") and getattr(value, "tzinfo", None) is not None:
        value = local(value)
    return f"{value.day} {value:%b %Y}"


def due_status(due_at, now):
    """'overdue', 'today' or None, judged in London time against the injected clock."""
    if due_at is None:
        return None
    if due_at < now:
        return "overdue"
    if local(due_at).date() == local(now).date():
        return "today"
    return None


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def due_words(due_at, now, calendar=england):
    """How far off a deadline is, in the working days the protocols count in (London time).

    'due in 2 working days', 'due today', 'overdue by 3 working days'; within the day of a
    deadline counted in hours (an immediate concern), 'due in 3 hours' / 'overdue by 40 minutes'.
    None for no deadline.
    """
    if due_at is None:
        return None
    gap = due_at - now
    same_day = local(due_at).date() == local(now).date()
    if gap.total_seconds() < 0:
        late = calendar.working_days_between(due_at, now)
        if late >= 1 and not same_day:
            return f"overdue by {_plural(late, 'working day')}"
        return f"overdue by {_span(-gap)}"
    if same_day:
        return f"due today, in {_span(gap)}" if gap.total_seconds() < 6 * 3600 else "due today"
    ahead = calendar.working_days_between(now, due_at)
    if ahead <= 0:  # due at a weekend or on a bank holiday: name the day
        return f"due {local(due_at):%A}"
    return f"due in {_plural(ahead, 'working day')}"


def _span(delta):
    minutes = max(1, int(delta.total_seconds() // 60))
    if minutes < 60:
        return _plural(minutes, "minute")
    hours = minutes // 60
    if hours < 24:
        return _plural(hours, "hour")
    return _plural(delta.days, "day")

