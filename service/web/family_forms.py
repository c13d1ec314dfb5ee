"""A family run's task form on a page: shared questions once, then one group per child.

A per-child field (handlers/forms.py ``Field(per_child=True)``) becomes one input per child,
named ``<field>.<case id>``: the same name a refusal gives, so each error sits beside the
child's own answer. No script is needed; a plain form post carries every child's answers.
"""
from service.web.form_data import sections, to_data as flat_to_data


def fields_and_groups(form):
    """(every input's field, [(heading, fields)]) for the page; a one-child form is as declared."""
    children = form.get("children")
    if not children:
        return form["fields"], sections(form["fields"])
    shared = [f for f in form["fields"] if not f.get("per_child")]
    own = [f for f in form["fields"] if f.get("per_child")]
    groups, flat = sections(shared), list(shared)
    for child in children:
        theirs = [{**f, "name": f"{f['name']}.{child['case_id']}", "section": child["child_name"]} for f in own]
        groups.append((child["child_name"], theirs))
        flat += theirs
    return flat, groups


def to_data(form, formdata):
    """The posted page as the task's data: per-child answers gathered into {case id: answer}."""
    flat, _groups = fields_and_groups(form)
    data = flat_to_data(flat, formdata)
    for f in form["fields"]:
        if not (form.get("children") and f.get("per_child")):
            continue
        answers = {}
        for child in form["children"]:
            key = f"{f['name']}.{child['case_id']}"
            if key in data:
                answers[str(child["case_id"])] = data.pop(key)
        data[f["name"]] = answers
    return data


def page_values(form, values):
    """Data (pre-filled or as posted) under the page's input names."""
    if not form.get("children"):
        return values
    shown = dict(values)
    for f in form["fields"]:
        answers = values.get(f["name"])
        if f.get("per_child") and isinstance(answers, dict):
            shown.pop(f["name"])
            shown.update({f"{f['name']}.{case_id}": value for case_id, value in answers.items()})
    return shown


def page_errors(form, errors):
    """Refusals as the page lists them: a child's own answer says whose it is."""
    names = {str(child["case_id"]): child["child_name"] for child in form.get("children") or ()}
    shown = {}
    for key, message in errors.items():
        _field, _dot, case_id = key.rpartition(".")
        shown[key] = f"{message} ({names[case_id]})" if _dot and case_id in names else message
    return shown
