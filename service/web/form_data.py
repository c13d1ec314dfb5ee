"""Between HTML form posts and task data: what a browser sends, what a handler expects.

Browsers send every value as text, omit unticked checkboxes and repeat a name for each
ticked box of a group; handlers validate typed data. Nothing here stores anything.
"""


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
            value = formdata.get(name, "")
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
            shaped[name] = value[:10]
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
        value = formdata.get(key, "")
        if key in ("date_of_birth", "expected_date") and value.strip() == "":
            continue
        data[key] = value
    return data
