"""A real headless Chromium types a date and time into the GOV.UK boxes and the task records it."""
from datetime import datetime

from browser_forms import fill_date_and_time
from test_camden_step_up_to_mash import step_up, through_to_decision
from browser_helpers import browser, page, server, sign_in  # noqa: F401 (fixtures)

MASH_MANAGER = "camden-mash-manager"
DUTY = "camden-duty-manager-of-the-receiving-team"


def test_the_mash_manager_records_when_the_strategy_discussion_was_held(as_user, server, page):  # noqa: F811
    case_id = step_up(as_user, "CP")
    through_to_decision(as_user, case_id, "CP")
    item_id = as_user(MASH_MANAGER).task("strategy_discussion", case_id)["id"]
    sign_in(page, server, MASH_MANAGER)
    page.goto(f"{server}/tasks/{item_id}")

    held = fill_date_and_time(page, "Held at", datetime(2026, 11, 2, 9, 15))
    held.get_by_label("Time", exact=True).fill("")  # the time forgotten at first
    page.get_by_label("Agencies and people present").fill("Fictional: police, health, MASH")
    page.get_by_role("group", name="Outcome: start section 47 enquiries?").get_by_label("Yes").check()
    page.get_by_label("Outcome and actions").fill("Fictional: section 47 enquiries begin")
    page.get_by_role("button", name="Complete task").click()

    summary = page.get_by_role("alert")
    summary.get_by_role("link", name="Held at must include a time").click()
    assert page.evaluate("document.activeElement.id") == "f-held_at-day"
    held = page.get_by_role("group", name="Held at", exact=True)
    assert held.get_by_label("Day", exact=True).input_value() == "2"  # kept as typed
    held.get_by_label("Time", exact=True).fill("9:15am")
    page.get_by_role("button", name="Complete task").click()
    page.get_by_text("Completed: Strategy discussion (CSSW).").wait_for()

    outcome = as_user(DUTY).task("section_47_enquiry_outcome", case_id)
    evidence = as_user(DUTY).get(f"/api/v1/tasks/{outcome['id']}").json["evidence"]
    [strategy] = [e for e in evidence if e["task_id"] == "strategy_discussion"]
    assert {a["name"]: a["value"] for a in strategy["answers"]}["held_at"] == "2026-11-02T09:15:00"
