"""Between HTML form posts and task data: what a browser sends, what a handler expects.

Browsers send every value as text, omit unticked checkboxes and repeat a name for each
ticked box of a group; handlers validate typed data. Nothing here stores anything.

Dates arrive as three boxes (GOV.UK's date input: ``name-day``, ``name-month``, ``name-year``)
and date-times as those three and a ``name-time`` box; they are joined into the ISO text the
handlers take (``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM`` in London time). A date that is not a real
date, or is typed only in part, is passed on as typed, in the same shape, for the handler to
refuse by name; the page then reads the parts back to show them as typed and to say which
part is missing.
"""
import re
from datetime import datetime

from handlers import wording

from service.web import typed_time
from service.web.web_format import LONDON

DATE_PARTS = ("day", "month", "year")
DATETIME_PARTS = DATE_PARTS + ("time",)
_NUMBER = re.compile(r"\d{1,4}", re.ASCII)
# What the joining below gives back, read the other way: "2026-3-" (a day left out) → its parts.
_JOINED = re.compile(r"(?P<year>[^-]*)-(?P<month>[^-]*)-(?P<day>[^T]*)(?:T(?P<time>.*))?", re.DOTALL)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", re.ASCII)


def _parts_of(formdata, name, parts):
    """What was typed in each of ``name``'s boxes, trimmed; None if the form sent ``name`` whole."""
    if name in formdata and not any(f"{name}-{part}" in formdata for part in parts):
        return None
    return {part: formdata.get(f"{name}-{part}", "").strip() for part in parts}


def _joined_date(day, month, year):
    if all(_NUMBER.fullmatch(p) for p in (day, month, year)) and len(year) == 4:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return f"{year}-{month}-{day}"  # refused by the handler as not a real date


def date_from_parts(formdata, name):
    """The ISO date typed in ``name``'s three boxes ('' if all are blank), or ``name`` itself if sent whole."""
    typed = _parts_of(formdata, name, DATE_PARTS)
    if typed is None:
        return formdata.get(name, "")
    if not any(typed.values()):
        return ""
    return _joined_date(typed["day"], typed["month"], typed["year"])


def datetime_from_parts(formdata, name):
    """``YYYY-MM-DDTHH:MM`` from ``name``'s date boxes and time box ('' if all are blank), or ``name`` if sent whole.

    A time typed as "2:30pm" or "14.30" is written as 14:30; one that is not a time stays as typed.
    """
    typed = _parts_of(formdata, name, DATETIME_PARTS)
    if typed is None:
        return formdata.get(name, "")
    if not any(typed.values()):
        return ""
    time = typed_time.parse(typed["time"]) or typed["time"]
    return f"{_joined_date(typed['day'], typed['month'], typed['year'])}T{time}"


def _as_typed(value, parts):
    """The boxes' values from joined text (``_JOINED``), zero-padding taken off as it was added."""
    found = _JOINED.fullmatch(value)
    if found is None:
        return {}
    typed = {part: found.group(part) or "" for part in parts}
    if all(_NUMBER.fullmatch(typed[p]) for p in DATE_PARTS):  # padded on joining: "9" was typed, not "09"
        typed.update({p: typed[p].lstrip("0") or typed[p] for p in ("day", "month")})
    return typed


def date_parts(value):
    """An ISO date (or what was typed, even in part) as the three boxes' values."""
    if not value:
        return {}
    value = str(value)
    return _as_typed(value[:10] if _ISO_DATE.match(value) else value, DATE_PARTS)


def datetime_parts(value):
    """A date-time (ISO, or as typed in the boxes) as the four boxes' values, in London time."""
    if not isinstance(value, str) or not value:
        return {}
    if _ISO_DATETIME.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo:  # given with an offset (through the API): shown as the worker's clock reads
                moment = moment.astimezone(LONDON)
            return {"day": str(moment.day), "month": str(moment.month), "year": str(moment.year),
                    "time": f"{moment:%H:%M}"}
    return _as_typed(value, DATETIME_PARTS)


def _is_datetime(value):
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def part_problem(f, value):
    """Why a date or date-time typed in its boxes is incomplete ("… must include a month"), or None.

    Only the page knows the boxes; the handler refuses the joined text as not a real date, and
    this says which box to fill instead.
    """
    found = _JOINED.fullmatch(value) if isinstance(value, str) else None
    if f["type"] not in ("date", "datetime") or found is None or _is_datetime(value):
        return None
    parts = {part: found.group(part) or "" for part in DATETIME_PARTS}
    if not any(parts.values()):
        return None
    missing = [part for part in DATE_PARTS if not parts[part]]
    if len(missing) == 3:
        missing = ["date"]
    if f["type"] == "datetime" and not parts["time"]:
        missing.append("time")
    if missing:
        return wording.missing_parts(f["label"], missing)
    if f["type"] == "datetime" and typed_time.parse(parts["time"]) is None:
        return wording.not_a_time(f["label"])
    return None


def page_errors(fields, errors, values=None):
    """Refusals as sentences a worker reads beside the field: "Enter date of birth", not "is required".

    ``values`` (the answers as posted) let a date typed in part say which part is missing.
    """
    labels = {f["name"]: f for f in fields}
    out = {}
    for name, message in errors.items():
        f = labels.get(name)
        message = str(message)
        in_part = part_problem(f, values.get(name)) if f is not None and values else None
        if in_part:
            out[name] = in_part
        elif f is None or message[:1].isupper():
            out[name] = message
        elif message.split(" ")[0] not in ("must", "is", "has", "unknown"):
            out[name] = message[:1].upper() + message[1:]  # already says what to do
        elif message == "is required":
            out[name] = wording.missing(f["label"], f["type"])
        else:
            out[name] = f"{wording.subject(f['label'])} {message}"
    return out


def to_data(fields, formdata):
    """Turn a submitted form into the data dict for ``tasks.complete``.

    Booleans: a ticked checkbox is true, an absent one false. Multichoice: the list of
    ticked values. Anything else: the text as sent; empty text is left out so that
    "required" is judged by the handler, not by the browser.
    """
    data = {}
    for f in fields:
        name, kind = f["name"], f["type"]
        if kind == "boolean":
            data[name] = name in formdata
        elif kind == "multichoice":
            values = [v for v in formdata.getlist(name) if v != ""]
            if values:
                data[name] = values
        else:
            value = date_from_parts(formdata, name) if kind == "date" \
                else datetime_from_parts(formdata, name) if kind == "datetime" else formdata.get(name, "")
            if value.strip() != "":
                data[name] = value
    return data


def display_values(fields, values):
    """Values shaped for the inputs: lists for checkbox groups, the boxes' parts for dates and date-times."""
    shaped = {}
    for f in fields:
        name, kind = f["name"], f["type"]
        value = values.get(name)
        if value is None:
            continue
        if kind == "multichoice":
            shaped[name] = value if isinstance(value, list) else [value]
        elif kind == "boolean":
            shaped[name] = value is True or value in ("true", "on", "yes", "1")
        elif kind == "datetime" and isinstance(value, str):
            shaped[name] = datetime_parts(value)
        elif kind == "date" and isinstance(value, str):
            shaped[name] = date_parts(value)
        else:
            shaped[name] = str(value)
    return shaped


def sections(fields):
    """Fields grouped by their ``section``, in the order the handler declares them."""
    groups = []
    for f in fields:
        title = f.get("section", "")
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        groups[-1][1].append(f)
    return groups


def case_input(formdata, keys):
    """The case form as the dict ``cases.create_case`` takes (blank dates left out)."""
    data = {}
    for key in keys:
        value = date_from_parts(formdata, key) if key in ("date_of_birth", "expected_date") \
            else formdata.get(key, "")
        if key in ("date_of_birth", "expected_date") and value.strip() == "":
            continue
        data[key] = value
    return data
