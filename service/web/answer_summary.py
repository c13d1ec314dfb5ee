"""The check-your-answers page: a long form's answers read back before they are sent.

The answers travel in the page as hidden inputs, exactly as the form posted them, so
"Confirm and send" completes the task with what the worker read; they are also kept as the
worker's draft, so that a "Change" link (a plain link, no script) returns to the form with
every answer still in it.
"""
from datetime import date, datetime

from service.web.form_data import date_parts
from service.web.web_format import LONDON, day, when

NOT_ANSWERED = "Not answered"
# What the form posts besides the answers: never carried into the confirm step.
NOT_ANSWERS = ("csrf_token", "action")


def _shown(f, value):
    """One answer as words, as the worker chose it."""
    names = f.get("choice_labels") or {}
    if f["type"] == "boolean":
        return "Yes" if value is True else "No"
    if value in (None, "", [], {}):
        return NOT_ANSWERED
    if f["type"] == "multichoice":
        return ", ".join(names.get(v, v) for v in (value if isinstance(value, list) else [value]))
    if f["type"] == "choice":
        return names.get(value, value)
    if f["type"] == "date" and date_parts(value):
        try:
            return day(date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if f["type"] == "datetime":
        try:  # typed in London time
            moment = datetime.fromisoformat(str(value)[:16]).replace(tzinfo=LONDON)
            return when(moment)
        except ValueError:
            return str(value)
    return str(value)


def rows(fields, values, change_url):
    """Summary-list rows (GOV.UK Frontend's macro) with a "Change" link to each field on the form."""
    out = []
    for f in fields:
        anchor = f"f-{f['name']}" + ("-day" if f["type"] in ("date", "datetime") else "")
        out.append({"key": {"text": f["label"]},
                    "value": {"text": _shown(f, values.get(f["name"]))},
                    "actions": {"items": [{"href": f"{change_url}#{anchor}", "text": "Change",
                                           "visuallyHiddenText": f["label"]}]}})
    return out


def carried(formdata):
    """The posted inputs to re-post on confirming: [(name, value)], every repeat of a name kept."""
    return [(name, value) for name, value in formdata.items(multi=True) if name not in NOT_ANSWERS]
