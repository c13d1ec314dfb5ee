"""How the pages show times, deadlines and pathway names (London time, plain English)."""
from zoneinfo import ZoneInfo

from service.diagrams import catalog
from service.engine import EngineError

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


def pathway_titles(names):
    """Pathway name → the process name its newest diagram gives (fallback: the file stem)."""
    titles = {}
    for name in names:
        if name in titles or not name:
            continue
        version = catalog.current_version(name)
        title = ""
        if version is not None:
            try:
                title = catalog.definition_for(version).spec.description or ""
            except EngineError:  # a diagram that will not parse must not break a listing
                title = ""
        titles[name] = title or name.split("/")[-1].replace("_", " ").capitalize()
    return titles
