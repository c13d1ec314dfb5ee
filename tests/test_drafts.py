"""Drafts and check-your-answers (issue 9, item 6).

A worker can leave a long form half done and find it again: the draft is kept on the server,
per task and per person, shown to nobody else, checked only for what can be stored, and
gone when the task completes. It never moves the pathway. A long form reads the answers back
("Check your answers") before sending them; the JSON API completes in one step as before.
"""
import logging

import lxml.html
import pytest
from werkzeug.datastructures import MultiDict

from answers import ok, refused
from bpmn_variants import new_case_on_pathway, signed_in
from service.access import auth
from service.demo import DEMO_PASSWORD
from service.extensions import db

EH = "camden-early-help-manager"
COLLEAGUE = "drafts-eh-manager-2"
STEP_UP = {"reason": "CP", "information_for_cssw": "Fictional: bruising seen at nursery",
           "risk_of_significant_harm": "Yes", "why_eh_cannot_meet_needs": "Fictional reasons",
           "discussed_with_family": "Yes"}
HALF = {"information_for_cssw": "Fictional: half written, to finish after the visit", "reason": "CIN"}


@pytest.fixture
def colleague(app):
    """A second Early Help Manager in Camden: same role, so the same task, but not the same draft."""
    with app.app_context():
        auth.add_user(COLLEAGUE, "Fictional EH Manager Two", DEMO_PASSWORD, [("camden", "Early Help Manager")])
        db.session.commit()
    return COLLEAGUE


def step_up_task(as_user):
    case_id, instance_id, _ = new_case_on_pathway(as_user, name="Fictional Child Delta")
    return case_id, as_user(EH).task("send_step_up_to_mash", case_id)["id"]


def put_draft(actor, item_id, data):
    return actor.client.put(f"/api/v1/tasks/{item_id}/draft", json={"data": data}, headers=actor._headers())


def state(actor, case_id):
    """What moves when a pathway moves: the open tasks, the runs, and the chronology's actions."""
    case = ok(actor.get(f"/api/v1/cases/{case_id}")).json
    return ([(t["task_id"], t["status"]) for t in case["open_tasks"]],
            [(p["pathway"], p["status"]) for p in case["pathways"]])


def outbox_count(app):
    from service.mail.outbox_model import OutboxMessage
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage))


def test_a_draft_saved_through_the_api_comes_back_under_the_task(app, as_user):
    eh = as_user(EH)
    case_id, item_id = step_up_task(as_user)
    assert ok(eh.get(f"/api/v1/tasks/{item_id}")).json["draft"] is None
    saved = ok(put_draft(eh, item_id, HALF)).json
    assert saved["task_id"] == item_id and saved["data"] == HALF
    draft = ok(eh.get(f"/api/v1/tasks/{item_id}")).json["draft"]
    assert draft["data"] == HALF and draft["saved_at"]
    # Saving again replaces the draft: one per task and person.
    ok(put_draft(eh, item_id, {"reason": "CP"}))
    assert ok(eh.get(f"/api/v1/tasks/{item_id}")).json["draft"]["data"] == {"reason": "CP"}


def test_a_draft_saved_on_the_page_is_restored_on_return(app, as_user):
    case_id, item_id = step_up_task(as_user)
    browser = signed_in(app, EH)
    response = browser.post(f"/tasks/{item_id}", data={**HALF, "action": "draft"})
    assert response.status_code == 302 and response.headers["Location"] == f"/tasks/{item_id}"
    page = lxml.html.fromstring(browser.get(f"/tasks/{item_id}").data)
    assert page.get_element_by_id("f-information_for_cssw").text == HALF["information_for_cssw"]
    assert page.get_element_by_id("f-reason-2").get("checked") is not None or \
        [i.get("value") for i in page.xpath("//input[@name='reason'][@checked]")] == ["CIN"]
    assert "your draft" in page.text_content()
    # The page's draft is the API's draft: the same record.
    assert ok(as_user(EH).get(f"/api/v1/tasks/{item_id}")).json["draft"]["data"]["reason"] == "CIN"


def test_nobody_else_sees_a_draft(app, as_user, colleague):
    case_id, item_id = step_up_task(as_user)
    ok(put_draft(as_user(EH), item_id, HALF))
    other = as_user(colleague)
    assert ok(other.get(f"/api/v1/tasks/{item_id}")).json["draft"] is None
    page = signed_in(app, colleague).get(f"/tasks/{item_id}").get_data(as_text=True)
    assert HALF["information_for_cssw"] not in page
    # Someone without the role cannot reach the task, let alone save a draft of it.
    assert put_draft(as_user("camden-mash-manager"), item_id, HALF).status_code == 403
    # The colleague's own draft is theirs, and leaves the first one alone.
    ok(put_draft(other, item_id, {"reason": "CP"}))
    assert ok(as_user(EH).get(f"/api/v1/tasks/{item_id}")).json["draft"]["data"] == HALF


def test_completing_the_task_deletes_its_drafts(app, as_user, colleague):
    eh = as_user(EH)
    case_id, item_id = step_up_task(as_user)
    ok(put_draft(eh, item_id, HALF))
    ok(put_draft(as_user(colleague), item_id, HALF))
    ok(eh.post(f"/api/v1/tasks/{item_id}/complete", {"data": STEP_UP}))
    with app.app_context():
        from service.store.models import TaskDraft
        assert db.session.scalars(db.select(TaskDraft).where(TaskDraft.work_item_id == item_id)).all() == []
    assert ok(eh.get(f"/api/v1/tasks/{item_id}")).json["draft"] is None
    assert put_draft(eh, item_id, HALF).status_code == 409  # nothing left to draft


@pytest.mark.parametrize("data, field", [
    ({"information_for_cssw": "Fictional\x00"}, "information_for_cssw"),
    ({"information_for_cssw": "x" * 20001}, "information_for_cssw"),
    ({"reason": "y" * 501}, "reason"),
    ({"no_such_field": "x"}, "no_such_field"),
    ({"reason": {"nested": "object"}}, "reason"),
    ({"reason": ["x"] * 101}, "reason"),
])
def test_a_draft_that_cannot_be_stored_is_a_422_naming_the_field(app, as_user, data, field):
    eh = as_user(EH)
    case_id, item_id = step_up_task(as_user)
    refused(put_draft(eh, item_id, data), field)
    assert ok(eh.get(f"/api/v1/tasks/{item_id}")).json["draft"] is None


def test_a_draft_that_cannot_be_stored_is_refused_on_the_page_beside_the_field(app, as_user):
    case_id, item_id = step_up_task(as_user)
    response = signed_in(app, EH).post(f"/tasks/{item_id}", data={"information_for_cssw": "x" * 20001,
                                                                   "action": "draft"})
    assert response.status_code == 422
    assert lxml.html.fromstring(response.data).get_element_by_id("f-information_for_cssw-error") is not None


def test_a_draft_is_not_checked_as_an_answer_and_moves_nothing(app, as_user, caplog):
    eh = as_user(EH)
    case_id, item_id = step_up_task(as_user)
    before = state(eh, case_id)
    history_before = [e["action"] for e in eh.history(case_id)]
    messages_before = outbox_count(app)
    with caplog.at_level(logging.DEBUG):
        # Missing required answers and a choice not on the list are fine in a draft.
        ok(put_draft(eh, item_id, {"reason": "Not a choice yet", "management_sign_off": True}))
    assert state(eh, case_id) == before
    events = eh.history(case_id)
    assert [e["action"] for e in events] == history_before + ["task.draft_saved"]
    saved = events[-1]
    assert saved["actor"] == EH and saved["data"] is None and "Not a choice" not in saved["summary"]
    assert not any("Not a choice" in r.getMessage() for r in caplog.records)
    assert outbox_count(app) == messages_before  # no e-mail, no notification


def test_a_long_form_shows_the_answers_back_before_sending(app, as_user):
    eh = as_user(EH)
    case_id, item_id = step_up_task(as_user)
    browser = signed_in(app, EH)
    assert "Continue" in browser.get(f"/tasks/{item_id}").get_data(as_text=True)
    shown = browser.post(f"/tasks/{item_id}", data=STEP_UP)
    assert shown.status_code == 200
    page = lxml.html.fromstring(shown.data)
    assert page.xpath("//h1")[0].text_content().strip() == "Check your answers"
    summary = " ".join(page.find_class("govuk-summary-list")[0].text_content().split())
    assert "Fictional: bruising seen at nursery" in summary and "Fictional reasons" in summary
    assert "Not answered" in summary  # the optional engagement attempts
    # Nothing is sent yet: the task is still open and the pathway where it was.
    assert ("send_step_up_to_mash", "open") in state(eh, case_id)[0]
    # Confirming re-posts the answers as read, and completes the task.
    form = page.xpath("//form[.//button[normalize-space()='Confirm and send']]")[0]
    posted = [(i.get("name"), i.get("value")) for i in form.xpath(".//input[@type='hidden']")]
    done = browser.post(f"/tasks/{item_id}", data=MultiDict(posted))
    assert done.status_code == 302 and done.headers["Location"] == f"/cases/{case_id}"
    open_tasks = [t for t, _ in state(eh, case_id)[0]]
    assert "send_step_up_to_mash" not in open_tasks and "mash_contact_and_referral" in open_tasks
    assert ok(eh.get(f"/api/v1/tasks/{item_id}")).json["draft"] is None


def test_a_change_link_returns_to_the_form_with_the_answers_kept(app, as_user):
    case_id, item_id = step_up_task(as_user)
    browser = signed_in(app, EH)
    page = lxml.html.fromstring(browser.post(f"/tasks/{item_id}", data=STEP_UP).data)
    change = page.xpath("//a[normalize-space()='Change information for cssw, if stepping up to mash']")
    change = change or [a for a in page.xpath("//a") if a.text_content().strip().startswith("Change")
                        and "information_for_cssw" in a.get("href")]
    href = change[0].get("href")
    assert href == f"/tasks/{item_id}#f-information_for_cssw"
    form = lxml.html.fromstring(browser.get(href.split("#")[0]).data)
    assert form.get_element_by_id("f-information_for_cssw").text == STEP_UP["information_for_cssw"]
    assert form.get_element_by_id("f-why_eh_cannot_meet_needs").text == STEP_UP["why_eh_cannot_meet_needs"]


def test_a_refused_long_form_shows_its_errors_on_the_form_not_the_check_page(app, as_user):
    case_id, item_id = step_up_task(as_user)
    partial = {k: v for k, v in STEP_UP.items() if k != "information_for_cssw"}
    response = signed_in(app, EH).post(f"/tasks/{item_id}", data=partial)
    assert response.status_code == 422
    page = lxml.html.fromstring(response.data)
    assert page.get_element_by_id("f-information_for_cssw-error") is not None
    assert "Check your answers" not in page.text_content()


def test_the_api_completes_a_long_form_in_one_step(app, as_user):
    eh = as_user(EH)
    case_id, item_id = step_up_task(as_user)
    ok(eh.post(f"/api/v1/tasks/{item_id}/complete", {"data": STEP_UP}))
    assert "mash_contact_and_referral" in [t for t, _ in state(eh, case_id)[0]]


def test_a_short_form_completes_without_a_check_page(app, as_user):
    from bpmn_variants import send_step_up
    case_id, item_id = step_up_task(as_user)
    send_step_up(as_user, case_id)
    item = as_user("camden-mash-manager").task("mash_contact_and_referral", case_id)
    browser = signed_in(app, "camden-mash-manager")
    assert "Complete task" in browser.get(f"/tasks/{item['id']}").get_data(as_text=True)
    done = browser.post(f"/tasks/{item['id']}", data={"contact_type": "Request for services", "already_known": "No",
                                                       "eha_previously_completed": "Yes",
                                                       "further_details": "Fictional details"})
    assert done.status_code == 302
