"""Form declarations and validation for task handlers (plain Python, no web framework).

A handler declares its fields; ``validate`` turns submitted JSON-ish data into clean,
JSON-serialisable values or a dict of field → message. Nothing here touches storage.
"""
import re
from dataclasses import dataclass, field as dc_field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from . import wording
from .messages import Meeting, Message, StartPathway  # noqa: F401  (re-exported for handlers)

# The context key under which the service passes "now" (ISO 8601, aware UTC) to handlers.
NOW_KEY = "_now"
# The child's age in whole years today, from the case's date of birth (None if unborn or not known).
CHILD_AGE_KEY = "_child_age_years"
# The consent recorded on the case so far, oldest first, as dicts (handlers/consent.py ConsentRecord.as_dict).
CONSENT_KEY = "_consent"
# A family run (one meeting for several children): the children it covers, as dicts with
# "case_id", "child_name" and "age_years" (None outside a family run).
FAMILY_KEY = "_family"
# While a rule looks at one child of a family run: that child (one of FAMILY_KEY's dicts).
CHILD_KEY = "_child"
# A function (username) -> the roles an active Stepwise user holds in the case's pack (a frozenset;
# empty for no such user), for a form that names a colleague by username (an allocated social worker).
PEOPLE_KEY = "_people"
# The case's latest step-down to Early Help on its chronology, {"stepped_down_by_team", "stepped_down_on"}
# (an ISO date), or None: a step-up reads who stepped the child down (Manchester §4.4).
STEP_DOWN_KEY = "_latest_step_down"

LONDON = ZoneInfo("Europe/London")  # where the forms are filled in: "today" is a London date
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

# A long form is easy to get wrong in one place and hard to re-read on the page: past this many
# fields the worker sees their answers on one summary before sending (GOV.UK "Check your answers").
CHECK_ANSWERS_AFTER = 8

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
    # In a family run, one answer per child ({"<case id>": answer}); otherwise a plain field.
    per_child: bool = False
    # A date or date-time of something that has happened (a meeting held, consent given): it cannot
    # be later than now, or deadlines would run from a false date.
    happened: bool = False

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
        if self.per_child:
            out["per_child"] = True
        if self.happened:
            out["not_in_future"] = True
        return out


@dataclass(frozen=True)
class Outcome:
    """What completing a task hands on: data for the diagram, updates for the case, e-mails."""

    data: dict = dc_field(default_factory=dict)
    case_updates: dict = dc_field(default_factory=dict)
    messages: tuple = ()  # Message objects, queued in the same transaction as the step
    starts: tuple = ()  # StartPathway objects: the pathways this step hands the case on to
    consents: tuple = ()  # ConsentRecord objects (handlers/consent.py), stored with the step
    # A completed step-down, {"stepped_down_by_team", "stepped_down_on"}: kept on the case's chronology.
    stepped_down: dict | None = None
    # A family run: children (case id -> why) the run stops covering after this step, because
    # their own work goes on elsewhere (e.g. stepped up: their own Step Up to MASH).
    leaves: dict = dc_field(default_factory=dict)


@dataclass(frozen=True)
class Handler:
    """One user task: its form, its cross-field rules, its pre-fill and its hand-on.

    ``rules`` are functions (clean_data, context) → {field: message}.
    ``prefill`` is (context) → {field: value}; context is the instance's data so far, plus
    the service's clock reading under ``NOW_KEY`` (handlers never read the time themselves),
    the child's age under ``CHILD_AGE_KEY`` and the case's consent under ``CONSENT_KEY``.
    ``hand_on`` is (clean_data, context) → Outcome; by default the clean data itself.

    In a family run (``FAMILY_KEY`` in the context) a ``per_child`` field's clean value is a
    dict of case id (as text) → that child's answer; ``rules`` then run once per child, on
    the shared answers plus that child's own (``each_child``), with the child under
    ``CHILD_KEY``, and ``family_rules`` (clean_data, context) → {field: message} once on
    the whole family's answers.
    """

    task_id: str
    title: str
    fields: tuple
    rules: tuple = ()
    prefill: object = None
    hand_on: object = None
    guidance: str = ""
    family_rules: tuple = ()
    # Earlier steps of the same run whose answers this task's page shows, in this order ("what has
    # been recorded so far"): the evidence a decision-maker decides on, in the forms' own labels.
    shows: tuple = ()
    # A check-your-answers page before the answers are sent: True or False as the handler
    # declares, or (None) for any form longer than CHECK_ANSWERS_AFTER fields.
    check_answers: object = None

    def field_names(self):
        return [f.name for f in self.fields]

    def asks_to_check(self):
        """Whether the page shows the answers back for checking before sending them."""
        return self.check_answers if self.check_answers is not None else len(self.fields) > CHECK_ANSWERS_AFTER

    def per_child_names(self, context):
        """The fields answered once per child: none outside a family run."""
        return {f.name for f in self.fields if f.per_child} if family_of(context) else set()

    def each_child(self, clean, context):
        """[(child, answers)]: each child of a family run with the shared answers and their own.

        Outside a family run: [(None, clean)], so a hand-on can be written once for both.
        """
        family = family_of(context)
        if not family:
            return [(None, clean)]
        own = self.per_child_names(context)
        return [(child, {k: (v.get(str(child["case_id"])) if k in own else v) for k, v in clean.items()})
                for child in family]

    def form(self, context):
        values = self.prefill(context) if self.prefill else {}
        family = family_of(context)
        own = self.per_child_names(context)
        # A pre-filled answer to a per-child field starts the same for every child.
        values = {k: ({str(c["case_id"]): v for c in family} if k in own and v not in (None, "") else v)
                  for k, v in values.items()}
        out = {"title": self.title, "guidance": self.guidance,
               "fields": [f.as_dict() for f in self.fields],
               "prefilled": {k: v for k, v in values.items() if v not in (None, "")}}
        if family:
            out["children"] = [{"case_id": c["case_id"], "child_name": c["child_name"]} for c in family]
        return out

    def outcome(self, clean, context):
        if self.hand_on is None:
            return Outcome(data=dict(clean))
        return self.hand_on(clean, context)


class Invalid(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def family_of(context):
    """The children of a family run from a handler context, or None for one child's run."""
    return (context or {}).get(FAMILY_KEY) or None


def validate(handler, submitted, context=None):
    """Clean ``submitted`` against the handler's form; raise Invalid naming every bad field.

    A per-child field of a family run is named ``field.<case id>`` when one child's answer
    is wrong, so the person is told which child's answer needs attention.
    """
    if not isinstance(submitted, dict):
        raise Invalid({"data": "must be an object of field names to values"})
    known = {f.name: f for f in handler.fields}
    now = _now(context)
    family = family_of(context)
    own = handler.per_child_names(context)
    errors, clean = {}, {}
    for name in submitted:
        if name not in known:
            errors[name] = "unknown field for this task"
    for f in handler.fields:
        raw = submitted.get(f.name)
        if f.name in own:
            clean[f.name] = _clean_per_child(f, raw, family, now, errors)
        else:
            _clean_into(clean, errors, f.name, f, raw, now)
    if not errors:
        if family:
            for child, answers in handler.each_child(clean, context):
                for rule in handler.rules:
                    for name, message in rule(answers, {**context, CHILD_KEY: child}).items():
                        errors.setdefault(f"{name}.{child['case_id']}" if name in own else name, message)
            for rule in handler.family_rules:
                errors.update(rule(clean, context))
        else:
            for rule in handler.rules:
                errors.update(rule(clean, context or {}))
    if errors:
        raise Invalid(errors)
    return clean


def _clean_into(clean, errors, key, f, raw, now):
    """Clean one answer into ``clean[key]``, or name what is wrong in ``errors[key]``."""
    if _blank(raw):
        if f.required:
            errors[key] = wording.missing(f.label, f.type)
        clean[key] = [] if f.type == "multichoice" else (False if f.type == "boolean" else None)
        return
    try:
        clean[key] = _coerce(f, raw, now)
    except ValueError as exc:
        errors[key] = str(exc)


def _clean_per_child(f, raw, family, now, errors):
    """One answer per child of the family run: {case id as text: clean answer}."""
    ids = [str(child["case_id"]) for child in family]
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        errors[f.name] = "give one answer per child: an object of case id to answer"
        return {}
    for key in raw:
        if key not in ids:
            errors[f"{f.name}.{key}"] = "not a child this meeting covers"
    answers, answer_errors = {}, {}
    for case_id in ids:
        _clean_into(answers, answer_errors, case_id, f, raw.get(case_id), now)
    errors.update({f"{f.name}.{case_id}": message for case_id, message in answer_errors.items()})
    return answers


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


def _within_window(kind, value, now, label):
    """Refuse a date or date-time outside the window around ``now`` for its kind."""
    if now is None:
        return
    back, ahead = WINDOWS[kind]
    if kind == "date":
        earliest, latest = (now - back).date(), (now + ahead).date()
    else:
        value, earliest, latest = _aware(value), now - back, now + ahead
    if not earliest <= value <= latest:
        raise ValueError(wording.outside(label, earliest, latest))


def _coerce(f, raw, now=None):
    if f.type in ("text", "textarea", "email"):
        if not isinstance(raw, str):
            raise ValueError("must be text")
        problem = text_problem(raw)
        if problem:
            raise ValueError(problem)
        value = raw.strip()
        if len(value) > f.max_length:
            raise ValueError(wording.too_long(f.label, f.max_length))
        if f.type == "email" and ("@" not in value or " " in value):
            raise ValueError(wording.not_email(f.label))
        return value
    if f.type == "choice":
        if raw not in f.choices:
            raise ValueError(wording.not_listed(f.label))
        return raw
    if f.type == "multichoice":
        values = raw if isinstance(raw, list) else [raw]
        bad = [v for v in values if v not in f.choices]
        if bad:
            raise ValueError(wording.not_listed(f.label))
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
            raise ValueError(wording.not_whole_number(f.label))
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise ValueError(wording.not_whole_number(f.label)) from None
        if f.minimum is not None and value < f.minimum:
            raise ValueError(wording.below(f.label, f.minimum))
        if f.maximum is not None and value > f.maximum:
            raise ValueError(wording.above(f.label, f.maximum))
        return value
    if f.type == "date":
        # Text only, in one format: fromisoformat alone would also take 20261102 or 2026-W45-1.
        try:
            if not isinstance(raw, str) or not ISO_DATE.fullmatch(raw):
                raise ValueError
            value = date.fromisoformat(raw)
        except ValueError:
            raise ValueError(wording.not_a_date(f.label)) from None
        _within_window("date", value, now, f.label)
        if f.happened and now is not None and value > now.astimezone(LONDON).date():
            raise ValueError(wording.in_future(f.label))
        return value.isoformat()  # stored as ISO text: the engine cannot serialise datetime.date
    if f.type == "datetime":
        try:
            if not isinstance(raw, str) or not ISO_DATETIME.fullmatch(raw):
                raise ValueError
            value = datetime.fromisoformat(raw)
        except ValueError:
            raise ValueError(wording.not_a_datetime(f.label)) from None
        _within_window("datetime", value, now, f.label)
        # Typed without an offset, a date-time is London wall-clock time.
        if f.happened and now is not None and (value if value.tzinfo else value.replace(tzinfo=LONDON)) > now:
            raise ValueError(wording.in_future(f.label))
        return value.isoformat()
    raise ValueError(f"unsupported field type {f.type}")
