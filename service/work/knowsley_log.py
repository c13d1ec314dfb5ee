"""Knowsley §6: the step-up request log, read from the chronology for the monthly review.

Every run of knowsley/step_up is one request. Its dates and outcome come from the tasks
completed on it (audit events), so the log needs no table of its own and cannot drift from
what happened. Rows carry the case number, person id and EHM case id, never the child's name.
"""
import csv
import io
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from service.extensions import db
from service.store.models import AuditEvent, Case, ProcessInstance

PATHWAY = "knowsley/step_up"
LONDON = ZoneInfo("Europe/London")
# Task completions the log reads: the step that dates each column, and what it recorded.
STEPS = ("management_oversight", "step_up_request", "book_step_up_meeting", "approve_minutes_and_decide",
         "mash_team_manager_discussion", "initiate_transfer", "c_and_f_assessment_concluded")
COLUMNS = (
    ("case", "Case"), ("person_id", "Person ID"), ("ehm_case_id", "EHM case ID"),
    ("requested_on", "Requested on"), ("manager_decision", "Team manager"),
    ("manager_decided_on", "Manager decided on"),
    ("route", "Route"), ("meeting_at", "Step-up TAF meeting"), ("decided_on", "Meeting decision on"),
    ("outcome", "Outcome"), ("transferred_on", "Transferred to CSC on"),
    ("assessment_concluded_on", "C&F assessment concluded on"), ("status", "Status"),
)


class BadMonth(ValueError):
    """A month filter that is not YYYY-MM."""


def month_bounds(month):
    """(start, end) instants in UTC of a London calendar month given as YYYY-MM; (None, None) for no month."""
    if not month:
        return None, None
    try:
        year, number = (int(part) for part in month.split("-"))
        if not (len(month) == 7 and 2000 <= year <= 2999 and 1 <= number <= 12):
            raise ValueError
    except ValueError:
        raise BadMonth(f"month must be YYYY-MM, not {month[:20]!r}") from None
    following = (year + number // 12, number % 12 + 1)
    start = datetime.combine(datetime(year, number, 1), time(), tzinfo=LONDON)
    end = datetime.combine(datetime(*following, 1), time(), tzinfo=LONDON)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def step_up_requests(month=None):
    """One row per step-up request (started in ``month``, YYYY-MM, if given), oldest first."""
    start, end = month_bounds(month)
    query = (db.select(ProcessInstance, Case).join(Case, Case.id == ProcessInstance.case_id)
             .where(ProcessInstance.pathway == PATHWAY))
    if start is not None:
        query = query.where(ProcessInstance.started_at >= start, ProcessInstance.started_at < end)
    runs = db.session.execute(query.order_by(ProcessInstance.started_at, ProcessInstance.id)).all()
    completions = _completions([instance.id for instance, _case in runs])
    return [_row(instance, case, completions.get(instance.id, {})) for instance, case in runs]


def _completions(instance_ids):
    """{instance id: {task id: (when, data)}}: the latest completion of each step the log reads."""
    found = {}
    if not instance_ids:
        return found
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "task.completed", AuditEvent.instance_id.in_(instance_ids),
                                    AuditEvent.task_bpmn_id.in_(STEPS)).order_by(AuditEvent.at, AuditEvent.id))
    for event in events:
        found.setdefault(event.instance_id, {})[event.task_bpmn_id] = (event.at, event.data or {})
    return found


def _row(instance, case, done):
    def when(step):
        return _day(done[step][0]) if step in done else ""

    def said(step, key):
        return (done.get(step, (None, {}))[1] or {}).get(key) or ""

    route = ""
    if "step_up_request" in done:
        route = ("Direct transfer (C&F already recommended)" if said("step_up_request", "c_and_f_already_recommended")
                 == "Yes" else "Step-up TAF meeting")
    return {
        "case": case.id, "person_id": case.person_id, "ehm_case_id": said("step_up_request", "ehm_case_id"),
        "requested_on": _day(instance.started_at),
        "manager_decision": {"Yes": "Agreed", "No": "Not agreed"}.get(said("management_oversight", "management_agrees"),
                                                                     ""),
        "manager_decided_on": when("management_oversight"), "route": route,
        "meeting_at": _minute(said("book_step_up_meeting", "meeting_start")),
        "decided_on": when("approve_minutes_and_decide"), "outcome": _outcome(done, said),
        "transferred_on": when("initiate_transfer"), "assessment_concluded_on": when("c_and_f_assessment_concluded"),
        "status": instance.status,
    }


def _outcome(done, said):
    """The request's outcome in the protocol's words, as far as it has got."""
    if said("management_oversight", "management_agrees") == "No":
        return "Not agreed by the team manager"
    if "initiate_transfer" in done:
        return "Stepped up to CSC"
    escalated = said("mash_team_manager_discussion", "escalation_outcome")
    if escalated:
        return f"Escalated: {escalated}"
    if said("approve_minutes_and_decide", "step_up_agreed") == "No":
        return "Not stepped up: remains with Family First"
    if said("approve_minutes_and_decide", "step_up_agreed") == "Yes":
        return "Step-up agreed: transfer pending"
    return "In progress"


def _day(instant):
    return _london(instant).date().isoformat() if instant else ""


def _minute(iso_text):
    if not iso_text:
        return ""
    value = datetime.fromisoformat(iso_text)
    return (_london(value) if value.tzinfo else value).strftime("%Y-%m-%d %H:%M")


def _london(instant):
    # Stored instants are UTC; SQLite hands them back without a zone.
    return (instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)).astimezone(LONDON)


def as_csv(rows):
    """The log as CSV text with a header row; cells a spreadsheet would run as a formula are defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _key, label in COLUMNS])
    for row in rows:
        writer.writerow([_defused(row[key]) for key, _label in COLUMNS])
    return out.getvalue()


def _defused(value):
    # OWASP CSV injection: a leading = + - @ (or tab / CR) makes a spreadsheet evaluate the cell.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
