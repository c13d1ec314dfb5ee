"""Form declarations and validation for task handlers (plain Python, no web framework).

A handler declares its fields; ``validate`` turns submitted JSON-ish data into clean,
JSON-serialisable values or a dict of field → message. Nothing here touches storage.
"""
import re
from dataclasses import dataclass, field as dc_field
from datetime import date, datetime, timedelta, timezone

from .messages import Meeting, Message, StartPathway  # noqa: F401  (re-exported for handlers)

# The context key under which the service passes "now" (ISO 8601, aware UTC) to handlers.
NOW_KEY = "_now"
# The child's age in whole years today, from the case's date of birth (None if unborn or not known).
CHILD_AGE_KEY = "_child_age_years"
# The consent recorded on the case so far, oldest first, as dicts (handlers/consent.py ConsentRecord.as_dict).
CONSENT_KEY = "_consent"
# A function (username) -> the roles an active Stepwise user holds in the case's pack (a frozenset;
# empty for no such user), for a form that names a colleague by username (an allocated social worker).
PEOPLE_KEY = "_people"

TYPES = ("text", "textarea", "choice", "multichoice", "boolean", "date", "datetime", "integer", "email")

# One length limit per text type, sent with the form (``max_length``) and enforced here.
# A one-line answer (a name, a venue) is short; an e-mail address is at most 254
# characters (RFC 5321); a free-text account of a family gets room.
MAX_LENGTH = {"text": 500, "email": 254, "textarea": 20000}

# How far a date may lie from the service's "now". Dates in task forms record when
# something was or will be done (a discussion, an assessment starting, a profile
# completed): two years back, one year ahead. Date-times are meetings and events,
# booked weeks ahead and minuted soon after: one year either way. Anything outside is
# a typing slip (year 1, year 9999), refused before any rule or calendar sees it.
WINDOWS = {"date": (timedelta(days=2 * 366), timedelta(days=366)),
           "datetime": (timedelta(days=366), timedelta(days=366))}

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?", re.ASCII)
# Lone UTF-16 surrogates cannot be stored as UTF-8; NUL ends a C string and PostgreSQL
# refuses it. Neither is ever part of what a person typed.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(value):
    """Why ``value`` cannot be stored as text (NUL or a lone surrogate), or None."""
    found = UNSTORABLE.search(value)
    if found is None:
        return None
    return "must not contain a NUL character" if found.group() == "\x00" else \
        "must not contain an unpaired surrogate character"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple = ()
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None
    section: str = ""

    @property
    def max_length(self):
        return MAX_LENGTH.get(self.type)

    def as_dict(self):
        out = {"name": self.name, "label": self.label, "type": self.type,
               "required": self.required, "help": self.help}
        if self.max_length:
            out["max_length"] = self.max_length
        if self.choices:
            out["choices"] = list(self.choices)
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        if self.section:
            out["section"] = self.section
        return out


@dataclass(frozen=True)
class Outcome:
    """What completing a task hands on: data for the diagram, updates for the case, e-mails."""

    data: dict = dc_field(default_factory=dict)
    case_updates: dict = dc_field(default_factory=dict)
    messages: tuple = ()  # Message objects, queued in the same transaction as the step
    starts: tuple = ()  # StartPathway objects: the pathways this step hands the case on to
    consents: tuple = ()  # ConsentRecord objects (handlers/consent.py), stored with the step


@dataclass(frozen=True)
class Handler:
    """One user task: its form, its cross-field rules, its pre-fill and its hand-on.

    ``rules`` are functions (clean_data, context) → {field: message}.
    ``prefill`` is (context) → {field: value}; context is the instance's data so far, plus
    the service's clock reading under ``NOW_KEY`` (handlers never read the time themselves),
    the child's age under ``CHILD_AGE_KEY`` and the case's consent under ``CONSENT_KEY``.
    ``hand_on`` is (clean_data, context) → Outcome; by default the clean data itself.
    """

    task_id: str
    title: str
    fields: tuple
    rules: tuple = ()
    prefill: object = None
    hand_on: object = None
    guidance: str = ""

    def field_names(self):
        return [f.name for f in self.fields]

    def form(self, context):
        values = self.prefill(context) if self.prefill else {}
        return {"title": self.title, "guidance": self.guidance,
                "fields": [f.as_dict() for f in self.fields],
                "prefilled": {k: v for k, v in values.items() if v not in (None, "")}}

    def outcome(self, clean, context):
        if self.hand_on is None:
            return Outcome(data=dict(clean))
        return self.hand_on(clean, context)


class Invalid(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def validate(handler, submitted, context=None):
    """Clean ``submitted`` against the handler's form; raise Invalid naming every bad field."""
    if not isinstance(submitted, dict):
        raise Invalid({"data": "must be an object of field names to values"})
    known = {f.name: f for f in handler.fields}
    now = _now(context)
    errors, clean = {}, {}
    for name in submitted:
        if name not in known:
            errors[name] = "unknown field for this task"
    for f in handler.fields:
        raw = submitted.get(f.name)
        if _blank(raw):
            if f.required:
                errors[f.name] = f"{f.label} is required"
            clean[f.name] = [] if f.type == "multichoice" else (False if f.type == "boolean" else None)
            continue
        try:
            clean[f.name] = _coerce(f, raw, now)
        except ValueError as exc:
            errors[f.name] = str(exc)
    if not errors:
        for rule in handler.rules:
            errors.update(rule(clean, context or {}))
    if errors:
        raise Invalid(errors)
    return clean


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _now(context):
    """The service's "now" from the handler context, as aware UTC (None when not given)."""
    value = (context or {}).get(NOW_KEY)
    return _aware(datetime.fromisoformat(value)) if value else None


def _aware(value):
    # A date-time typed without an offset is local wall-clock time; a few hours cannot
    # move it across a window measured in years, so UTC serves for the window check.
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def _within_window(kind, value, now):
    """Refuse a date or date-time outside the window around ``now`` for its kind."""
    if now is None:
        return
    back, ahead = WINDOWS[kind]
    if kind == "date":
        earliest, latest = (now - back).date(), (now + ahead).date()
    else:
        value, earliest, latest = _aware(value), now - back, now + ahead
    if not earliest <= value <= latest:
        raise ValueError(f"must be between {earliest:%d %B %Y} and {latest:%d %B %Y}")


def _coerce(f, raw, now=None):
    if f.type in ("text", "textarea", "email"):
        if not isinstance(raw, str):
            raise ValueError("must be text")
        problem = text_problem(raw)
        if problem:
            raise ValueError(problem)
        value = raw.strip()
        if len(value) > f.max_length:
            raise ValueError(f"is too long ({f.max_length:,} characters at most)")
        if f.type == "email" and ("@" not in value or " " in value):
            raise ValueError("must be an e-mail address")
        return value
    if f.type == "choice":
        if raw not in f.choices:
            raise ValueError(f"must be one of: {', '.join(f.choices)}")
        return raw
    if f.type == "multichoice":
        values = raw if isinstance(raw, list) else [raw]
        bad = [v for v in values if v not in f.choices]
        if bad:
            raise ValueError(f"unknown choice {bad[0]!r}; choose from: {', '.join(f.choices)}")
        return list(dict.fromkeys(values))
    if f.type == "boolean":
        if isinstance(raw, bool):
            return raw
        if raw in ("true", "on", "yes", "1"):
            return True
        if raw in ("false", "off", "no", "0"):
            return False
        raise ValueError("must be true or false")
    if f.type == "integer":
        # int() would quietly truncate 7.5 to 7; booleans are ints to Python but not to people.
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise ValueError("must be a whole number")
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ValueError("must be a whole number") from None
        if f.minimum is not None and value < f.minimum:
            raise ValueError(f"must be at least {f.minimum}")
        if f.maximum is not None and value > f.maximum:
            raise ValueError(f"must be at most {f.maximum}")
        return value
    if f.type == "date":
        # Text only, in one format: fromisoformat alone would also take 20261102 or 2026-W45-1.
        try:
            if not isinstance(raw, str) or not ISO_DATE.fullmatch(raw):
                raise ValueError
            value = date.fromisoformat(raw)
        except ValueError:
            raise ValueError("must be a date as YYYY-MM-DD") from None
        _within_window("date", value, now)
        return value.isoformat()  # stored as ISO text: the engine cannot serialise datetime.date
    if f.type == "datetime":
        try:
            if not isinstance(raw, str) or not ISO_DATETIME.fullmatch(raw):
                raise ValueError
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise ValueError("must be a date and time as YYYY-MM-DDTHH:MM") from None
        _within_window("datetime", value, now)
        return value.isoformat()
    raise ValueError(f"unsupported field type {f.type}")
