"""Knowsley §6-§7: the monthly review of the step-up request log, through its page."""
import lxml.html
from smtp_helpers import outbox
from test_knowsley_step_up import FF_TM, LP, MASH_TM
from test_knowsley_step_up_log import signed_in, three_requests

REVIEW = "/knowsley/step-up-log/review"
HEAD_OF_SERVICE = "knowsley-head-of-service-for-child-in-need-and-child-protection@demo.invalid"
DEPARTURES = "No: departures from the process found"
ANSWERS = {"requests_reviewed": "2", "process_followed": DEPARTURES,
           "departures": "Case 2: transfer a day late (fictional)",
           "departures_addressed_with": "Demo Family First MASH Manager",
           "findings": "Most requests on time (fictional)", "actions_agreed": "Remind LPs of same-day transfer",
           "qa_meeting_themes": "Neglect step-ups", "persistent_issues": "Yes",
           "persistent_issues_summary": "Late transfers three months running (fictional)"}


def errors_on(response):
    return {e.get("id") for e in lxml.html.fromstring(response.data).find_class("govuk-error-message")}


def test_the_mash_team_manager_reviews_last_months_requests_and_persistent_issues_reach_the_head_of_service(
        app, as_user, clock):
    refused_case, stepped_up, december = three_requests(as_user, clock)  # today is 1 December 2026
    browser = signed_in(app, MASH_TM)
    page = lxml.html.fromstring(browser.get(REVIEW).data)
    assert "Monthly review of step-up requests: 2026-11" in page.text_content()  # last month by default
    cases = [tr.find("td").text_content().strip() for tr in page.get_element_by_id("month-requests").iter("tr")
             if tr.find("td") is not None]
    assert cases == [str(refused_case), str(stepped_up)]  # not December's
    assert page.get_element_by_id("no-review") is not None
    assert page.get_element_by_id("f-requests_reviewed").get("value") == "2"  # pre-filled from the log

    incomplete = {**ANSWERS, "departures": "", "departures_addressed_with": "", "persistent_issues_summary": ""}
    response = browser.post(f"{REVIEW}?month=2026-11", data=incomplete)
    assert response.status_code == 422
    assert errors_on(response) == {"f-departures-error", "f-departures_addressed_with-error",
                                   "f-persistent_issues_summary-error"}
    assert [m for m in outbox(as_user) if "monthly review" in m["reason"]] == []

    response = browser.post(f"{REVIEW}?month=2026-11", data=ANSWERS)
    assert response.status_code == 302
    page = lxml.html.fromstring(browser.get(f"{REVIEW}?month=2026-11").data)
    recorded = page.get_element_by_id("month-reviews").text_content()
    assert "Late transfers three months running" in recorded and "Demo Family First MASH Manager" in recorded
    [alert] = [m for m in outbox(as_user) if m["reason"] == "step-up monthly review 2026-11"]
    assert alert["recipients"] == [HEAD_OF_SERVICE]
    assert "persistent issues" in alert["subject"]
    # A month's review is no child's event: no case's chronology carries it.
    assert not [e for e in as_user(MASH_TM).history(stepped_up) if e["action"] == "knowsley.step_up_review"]
    # Another month has its own review to record.
    assert lxml.html.fromstring(browser.get(f"{REVIEW}?month=2026-12").data).get_element_by_id("no-review") is not None


def test_a_review_without_persistent_issues_emails_no_one(app, as_user, clock):
    three_requests(as_user, clock)
    answers = {**ANSWERS, "process_followed": "Yes: every request followed the process", "departures": "",
               "departures_addressed_with": "", "persistent_issues": "No", "persistent_issues_summary": ""}
    assert signed_in(app, MASH_TM).post(f"{REVIEW}?month=2026-11", data=answers).status_code == 302
    assert [m for m in outbox(as_user) if "monthly review" in m["reason"]] == []


def test_only_knowsley_managers_read_it_and_only_the_csc_and_mash_team_managers_record_it(app, as_user, clock):
    three_requests(as_user, clock)
    assert signed_in(app, LP).get(REVIEW).status_code == 403
    family_first_manager = signed_in(app, FF_TM)
    page = family_first_manager.get(REVIEW)
    assert page.status_code == 200 and b"Record the review" not in page.data
    assert family_first_manager.post(f"{REVIEW}?month=2026-11", data=ANSWERS).status_code == 403
    assert signed_in(app, MASH_TM).get(f"{REVIEW}?month=2026-13").status_code == 400
    assert signed_in(app, "knowsley-csc-team-manager").post(f"{REVIEW}?month=2026-11", data=ANSWERS).status_code == 302
