"""Between HTML form posts and task data: what a browser sends, what a handler expects.

Browsers send every value as text, omit unticked checkboxes and repeat a name for each
ticked box of a group; handlers validate typed data. Nothing here stores anything.

Dates arrive as three boxes (GOV.UK's date input: ``name-day``, ``name-month``, ``name-year``)
and are joined into the ISO text the handlers take; a date that is not a real date is passed
on as typed, for the handler to refuse by name.
"""
import re

from handlers import wording

DATE_PARTS = ("day", "month", "year")
_NUMBER = re.compile(r"\d{1,4}", re.ASCII)


def date_from_parts(formdata, name):
    """The ISO date typed in ``name``'s three boxes ('' if all are blank), or ``name`` itself if sent whole."""
    if name in formdata and not any(f"{name}-{part}" in formdata for part in DATE_PARTS):
        return formdata.get(name, "")
    day, month, year = (formdata.get(f"{name}-{part}", "").strip() for part in DATE_PARTS)
    if not (day or month or year):
        return ""
    if all(_NUMBER.fullmatch(p) for p in (day, month, year)) and len(year) == 4:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return f"{year}-{month}-{day}"  # refused by the handler as not a real date


def date_parts(value):
    """An ISO date (or what was typed) as the three boxes' values."""
    if not value:
        return {}
    pieces = str(value)[:10].split("-")
    if len(pieces) == 3 and pieces[0].isdigit():
        year, month, day = pieces
        return {"day": day.lstrip("0") or day, "month": month.lstrip("0") or month, "year": year}
    return {}


def page_errors(fields, errors):
    """Refusals as sentences a worker reads beside the field: "Enter date of birth", not "is required"."""
    labels = {f["name"]: f for f in fields}
    out = {}
    for name, message in errors.items():
        f = labels.get(name)
        message = str(message)
        if f is None or message[:1].isupper():
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
            value = date_from_parts(formdata, name) if kind == "date" else formdata.get(name, "")
            if value.strip() != "":
                data[name] = value
    return data


def display_values(fields, values):
    """Values shaped for the inputs: lists for checkbox groups, ``YYYY-MM-DDTHH:MM`` for datetimes."""
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
            shaped[name] = value[:16]  # datetime-local takes no seconds or offset
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
