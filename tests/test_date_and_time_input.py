"""A date and time is typed as GOV.UK's date input (Day, Month, Year) and a Time box, in one fieldset."""
import pytest

from test_camden_step_up_to_mash import step_up, through_to_decision
from test_ui import Browser, doc, text

MASH_MANAGER = "camden-mash-manager"
DUTY = "camden-duty-manager-of-the-receiving-team"
ANSWERS = {"attendees": "Fictional: police, health, MASH", "section_47_enquiry": "Yes",
           "strategy_outcome": "Fictional: section 47 enquiries begin"}


@pytest.fixture
def strategy(app, as_user):
    """The strategy discussion's page (its "Held at" is a date and time), open for the MASH manager."""
    case_id = step_up(as_user, "CP")
    through_to_decision(as_user, case_id, "CP")
    item_id = as_user(MASH_MANAGER).task("strategy_discussion", case_id)["id"]
    browser = Browser(app)
    browser.sign_in(MASH_MANAGER)
    return browser, item_id, case_id


def recorded_held_at(as_user, case_id):
    """"Held at" as the strategy discussion recorded it, read from the evidence the next task shows."""
    item = as_user(DUTY).task("section_47_enquiry_outcome", case_id)
    evidence = as_user(DUTY).get(f"/api/v1/tasks/{item['id']}").json["evidence"]
    [strategy] = [e for e in evidence if e["task_id"] == "strategy_discussion"]
    return {a["name"]: a["value"] for a in strategy["answers"]}["held_at"]


def refusal(browser, item_id, parts):
    """The page's answer to a send with these boxes: (the message beside "Held at", the error summary's link)."""
    response = browser.post(f"/tasks/{item_id}", {**parts, **ANSWERS})
    assert response.status_code == 422, response.data[:2000]
    page = doc(response)
    [message] = page.xpath("//*[@id='f-held_at-error']")
    [link] = page.xpath("//*[contains(@class, 'govuk-error-summary')]//a[@href='#f-held_at-day']")
    assert text(link) == text(message).replace("Error: ", "")
    return text(link), page


def held_at(day="2", month="11", year="2026", time="09:15"):
    return {"held_at-day": day, "held_at-month": month, "held_at-year": year, "held_at-time": time}


def test_the_field_is_one_group_named_by_its_label_with_day_month_year_and_time(strategy):
    browser, item_id, _case_id = strategy
    page = browser.page(f"/tasks/{item_id}")
    [group] = page.xpath("//fieldset[@role='group'][legend[normalize-space()='Held at']]")
    labels = {text(label): label.get("for") for label in group.xpath(".//label")}
    assert labels == {"Day": "f-held_at-day", "Month": "f-held_at-month", "Year": "f-held_at-year",
                      "Time": "f-held_at-time"}
    assert [i.get("name") for i in group.xpath(".//input")] == ["held_at-day", "held_at-month", "held_at-year",
                                                                "held_at-time"]
    assert "For example, 14:30" in text(group)
    assert not page.xpath("//input[@type='datetime-local']")



@pytest.mark.parametrize("typed, recorded", [
    ("09:15", "2026-11-02T09:15:00"), ("9:15", "2026-11-02T09:15:00"), ("9.15", "2026-11-02T09:15:00"),
    ("9:15am", "2026-11-02T09:15:00"), ("9am", "2026-11-02T09:00:00"), ("9.15 a.m.", "2026-11-02T09:15:00"),
    ("12am", "2026-11-02T00:00:00"), ("midnight", "2026-11-02T00:00:00"), (" 00:05 ", "2026-11-02T00:05:00"),
])
def test_the_boxes_are_joined_into_one_date_and_time_in_24_hour_clock(strategy, as_user, typed, recorded):
    browser, item_id, case_id = strategy
    response = browser.post(f"/tasks/{item_id}", {**held_at(time=typed), **ANSWERS})
    assert response.status_code == 302, response.data[:2000]
    assert recorded_held_at(as_user, case_id) == recorded


def test_an_afternoon_time_typed_with_pm_is_read_on_the_24_hour_clock(strategy, as_user, clock):
    from datetime import datetime, timezone
    browser, item_id, case_id = strategy
    clock.set(datetime(2026, 11, 2, 16, 0, tzinfo=timezone.utc))  # 4pm: a 2:30pm discussion has happened
    response = browser.post(f"/tasks/{item_id}", {**held_at(time="2:30pm"), **ANSWERS})
    assert response.status_code == 302, response.data[:2000]
    assert recorded_held_at(as_user, case_id) == "2026-11-02T14:30:00"


def test_an_older_client_sending_one_value_is_still_understood(strategy, as_user):
    browser, item_id, case_id = strategy
    response = browser.post(f"/tasks/{item_id}", {"held_at": "2026-11-01T16:45", **ANSWERS})
    assert response.status_code == 302, response.data[:2000]
    assert recorded_held_at(as_user, case_id) == "2026-11-01T16:45:00"


@pytest.mark.parametrize("parts, message", [
    (held_at(month=""), "Held at must include a month"),
    (held_at(day="", year=""), "Held at must include a day and year"),
    (held_at(time=""), "Held at must include a time"),
    (held_at(month="", time=""), "Held at must include a month and time"),
    (held_at(day="", month="", year=""), "Held at must include a date"),
    (held_at(day="", month="", year="", time=""), "Enter held at"),
    (held_at(time="25:00"), "Held at must include a real time, like 14:30 or 2:30pm"),
    (held_at(time="9"), "Held at must include a real time, like 14:30 or 2:30pm"),
    (held_at(time="13pm"), "Held at must include a real time, like 14:30 or 2:30pm"),
    (held_at(time="soon"), "Held at must include a real time, like 14:30 or 2:30pm"),
    (held_at(day="31"), "Held at must be a real date and time, like 27 3 2026 14:30"),
    (held_at(month="x"), "Held at must be a real date and time, like 27 3 2026 14:30"),
    (held_at(time="11:00"), "Held at must be today or in the past"),
])
def test_a_date_and_time_typed_in_part_or_wrongly_is_refused_naming_what_to_fix(strategy, as_user, parts, message):
    browser, item_id, case_id = strategy
    shown, page = refusal(browser, item_id, parts)
    assert shown == message
    # The boxes come back as typed, and nothing was recorded: the task is still open.
    for part, typed in parts.items():
        [box] = page.xpath(f"//input[@name='{part}']")
        assert (box.get("value") or "") == typed.strip()
    assert as_user(MASH_MANAGER).task("strategy_discussion", case_id)["id"] == item_id


def test_only_the_boxes_left_blank_are_marked(strategy):
    browser, item_id, _case_id = strategy
    _shown, page = refusal(browser, item_id, held_at(month="", time=""))
    marked = [i.get("name") for i in page.xpath("//input[contains(@class, 'govuk-input--error')]")]
    assert marked == ["held_at-month", "held_at-time"]


def test_a_draft_keeps_the_boxes_as_typed_even_in_part(strategy):
    browser, item_id, _case_id = strategy
    for parts in (held_at(time="2pm"), held_at(month="", time="")):
        response = browser.post(f"/tasks/{item_id}", {**parts, **ANSWERS, "action": "draft"})
        assert response.status_code == 302, response.data[:2000]
        page = browser.page(f"/tasks/{item_id}")
        boxes = page.xpath("//fieldset//input[starts-with(@name, 'held_at')]")
        shown = {box.get("name"): box.get("value") or "" for box in boxes}
        expected = {**parts, "held_at-time": "14:00"} if parts["held_at-time"] == "2pm" else parts
        assert shown == expected


def test_check_your_answers_reads_the_date_and_time_back_in_words_and_confirming_sends_it(app, as_user):
    """Knowsley's notice of the final CIN meeting is a long form: its answers are read back before sending."""
    from lxml.html import fromstring
    from werkzeug.datastructures import MultiDict
    from test_knowsley_step_down_from_cin import LEVEL_3, NOTICE, SW, open_cin_case
    case_id = open_cin_case(as_user)
    item_id = as_user(SW).task("notify_early_help_service", case_id)["id"]
    browser = Browser(app)
    browser.sign_in(SW)
    parts = {"final_cin_meeting_start-day": "9", "final_cin_meeting_start-month": "11",
             "final_cin_meeting_start-year": "2026", "final_cin_meeting_start-time": "9am"}
    shown = browser.post(f"/tasks/{item_id}", {**NOTICE, "step_down_level": LEVEL_3, **parts})
    assert shown.status_code == 200, shown.data[:2000]
    page = fromstring(shown.data)
    rows = {text(row.xpath(".//dt")[0]): row
            for row in page.xpath("//div[contains(@class, 'govuk-summary-list__row')]")}
    row = rows["Date and time of the final CIN meeting"]
    assert text(row.xpath(".//dd")[0]) == "Mon 9 Nov 2026, 09:00"
    assert row.xpath(".//a")[0].get("href").endswith("#f-final_cin_meeting_start-day")
    form = page.xpath("//form[.//button[normalize-space()='Confirm and send']]")[0]
    posted = [(i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']")]
    done = browser.post(f"/tasks/{item_id}", MultiDict(posted))
    assert done.status_code == 302, done.data[:2000]
    # The next task carries the meeting's date and time on, shown in its boxes.
    meeting = browser.page(f"/tasks/{as_user(SW).task('final_cin_meeting', case_id)['id']}")
    boxes = {box.get("name"): box.get("value")
             for box in meeting.xpath("//input[starts-with(@name, 'meeting_held_at')]")}
    assert boxes == {"meeting_held_at-day": "9", "meeting_held_at-month": "11", "meeting_held_at-year": "2026",
                     "meeting_held_at-time": "09:00"}


@pytest.mark.parametrize("value, boxes", [
    ("2026-07-01T09:00:00+00:00", {"day": "1", "month": "7", "year": "2026", "time": "10:00"}),  # summer time
    ("2026-11-02T10:00:00+00:00", {"day": "2", "month": "11", "year": "2026", "time": "10:00"}),
    ("2026-11-02T08:05", {"day": "2", "month": "11", "year": "2026", "time": "08:05"}),
    ("2026-02-31T09:00", {"day": "31", "month": "2", "year": "2026", "time": "09:00"}),  # refused, shown as typed
    ("2026--02T", {"day": "02", "month": "", "year": "2026", "time": ""}),  # typed in part: kept as typed
])
def test_a_date_and_time_from_an_earlier_step_is_shown_in_the_boxes_in_london_time(value, boxes):
    from service.web.form_data import datetime_parts
    assert datetime_parts(value) == boxes




def test_a_draft_saved_through_the_api_shows_in_the_boxes_and_one_typed_in_part_comes_back_as_typed(strategy, as_user):
    from test_drafts import put_draft
    browser, item_id, _case_id = strategy
    manager = as_user(MASH_MANAGER)
    for saved, boxes in (("2026-11-01T16:45", ["1", "11", "2026", "16:45"]),
                         ("2026--1T16:45", ["1", "", "2026", "16:45"])):
        assert put_draft(manager, item_id, {"held_at": saved}).status_code == 200
        page = browser.page(f"/tasks/{item_id}")
        assert [box.get("value") or "" for box in page.xpath("//input[starts-with(@name, 'held_at-')]")] == boxes
        assert manager.get(f"/api/v1/tasks/{item_id}").json["draft"]["data"] == {"held_at": saved}
@pytest.mark.parametrize("parts, message", [
    ({"date_of_birth-day": "29", "date_of_birth-month": "", "date_of_birth-year": "2024"},
     "Date of birth must include a month"),
    ({"date_of_birth-day": "", "date_of_birth-month": "2", "date_of_birth-year": ""},
     "Date of birth must include a day and year"),
])
def test_a_date_typed_in_part_names_the_missing_part_too(app, parts, message):
    browser = Browser(app)
    browser.sign_in("camden-early-help-manager")
    response = browser.post("/cases/new", {"child_name": "Fictional Child Golf", "pack": "camden",
                                           "person_id": "P-7", "family_id": "F-7", **parts})
    assert response.status_code == 422, response.data[:2000]
    page = doc(response)
    assert text(page.get_element_by_id("f-date_of_birth-error")) == f"Error: {message}"
    assert [i.get("value") or "" for i in page.xpath("//input[starts-with(@name, 'date_of_birth-')]")] == \
        list(parts.values())
