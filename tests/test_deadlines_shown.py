"""Every deadline shows: the date, and how far off it is in working days, on the tray, task and case pages."""
from datetime import datetime, timezone

import pytest

from service.calendar import england
from service.extensions import db
from service.store.models import WorkItem
from service.web.web_format import due_words
from test_ui import eh, open_case, start_step_up, text  # noqa: F401 (eh: fixture)

MONDAY_10 = datetime(2026, 11, 2, 10, tzinfo=timezone.utc)  # Mon 2 Nov 2026, 10:00 in London (GMT)


@pytest.mark.parametrize("due, now, words", [
    (datetime(2026, 11, 4, 10, tzinfo=timezone.utc), MONDAY_10, "due in 2 working days"),
    (datetime(2026, 11, 9, 10, tzinfo=timezone.utc), datetime(2026, 11, 6, 16, tzinfo=timezone.utc),
     "due in 1 working day"),  # Friday to Monday: the weekend does not count
    (datetime(2026, 11, 2, 16, tzinfo=timezone.utc), MONDAY_10, "due today"),
    (datetime(2026, 11, 2, 12, tzinfo=timezone.utc), MONDAY_10, "due today, in 2 hours"),
    (datetime(2026, 10, 28, 10, tzinfo=timezone.utc), MONDAY_10, "overdue by 3 working days"),
    (datetime(2026, 11, 2, 9, 20, tzinfo=timezone.utc), MONDAY_10, "overdue by 40 minutes"),
    (datetime(2026, 12, 29, 10, tzinfo=timezone.utc), datetime(2026, 12, 24, 10, tzinfo=timezone.utc),
     "due in 1 working day"),  # Christmas Day and Boxing Day (substitute, Monday 28th) are bank holidays
    (datetime(2026, 12, 28, 10, tzinfo=timezone.utc), datetime(2026, 12, 24, 10, tzinfo=timezone.utc),
     "due Monday"),  # on a bank holiday: no working day to count, so the day is named
    (None, MONDAY_10, None),
])
def test_deadline_in_words(due, now, words):
    assert due_words(due, now, england) == words


def set_due(app, due_at):
    with app.app_context():
        item = db.session.scalar(db.select(WorkItem).where(WorkItem.status == "open"))
        item.due_at = due_at
        db.session.commit()
        return item.id


def test_tray_task_and_case_pages_show_the_deadline_and_how_far_off_it_is(app, eh, clock):
    case_id = open_case(eh)
    task_url = start_step_up(eh, case_id)
    now = clock()
    set_due(app, england.add_working_days(now, 2))
    row = text(eh.page("/").find_class("govuk-table")[0].findall(".//tbody/tr")[0])
    assert "due in 2 working days" in row
    assert "due in 2 working days" in text(eh.page(task_url).find_class("govuk-summary-list")[1])
    assert "due in 2 working days" in text(eh.page(f"/cases/{case_id}").find_class("govuk-task-list")[0])

    set_due(app, datetime(2026, 10, 28, 10, tzinfo=timezone.utc))  # Wednesday before the clock's Monday
    row = text(eh.page("/").find_class("govuk-table")[0].findall(".//tbody/tr")[0])
    assert "overdue by 3 working days" in row and "Overdue" in row
    assert "overdue by 3 working days" in text(eh.page(task_url).find_class("govuk-summary-list")[1])


def test_a_task_without_a_deadline_says_so(app, eh):
    start_step_up(eh, open_case(eh))
    set_due(app, None)
    row = text(eh.page("/").find_class("govuk-table")[0].findall(".//tbody/tr")[0])
    assert "No deadline" in row
