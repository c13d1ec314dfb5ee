"""The safeguarding override: an immediate concern goes straight to MASH from any step (every seed)."""
from pathlib import Path

import lxml.html
import pytest

from handlers import PACKS, Pack
from service.mail import recipients
from service.work import safeguarding
from service.demo import DEMO_PASSWORD
from service.extensions import db
from service.store.models import AuditEvent, ProcessInstance, WorkItem
from service.mail.outbox_model import OutboxMessage

ROOT = Path(__file__).resolve().parent.parent
EH = "camden-early-help-manager"
MASH_MANAGER = "camden-mash-manager"
OUTSIDER = "knowsley-lead-practitioner"  # a role in Knowsley, none in Camden
CHILD = "Fictional Child Echo"
RISK = "Fictional: child phoned the family worker saying a visiting adult hit them and is still in the house."
CONCERN = {"immediate_risk": RISK, "child_safe_now": "No", "mash_or_police_phoned": "Yes, MASH and police",
           "action_taken": "Fictional: stayed on the line until police arrived."}
STEP_UP = {"reason": "CIN", "information_for_cssw": "Fictional: school attendance falling",
           "risk_of_significant_harm": "No", "why_eh_cannot_meet_needs": "Fictional reasons",
           "discussed_with_family": "Yes"}


def new_case(actor, pack="camden"):
    response = actor.post("/api/v1/cases", {"child_name": CHILD, "date_of_birth": "2017-03-09", "person_id": "P-911",
                                            "family_id": "F-911", "pack": pack})
    assert response.status_code == 201, response.json
    return response.json["id"]


def mid_step_up(as_user):
    """A Camden case whose step-up has reached the MASH Manager's contact and referral."""
    eh = as_user(EH)
    case_id = new_case(eh)
    assert eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "camden/step_up_to_mash"}).status_code == 201
    assert eh.complete("send_step_up_to_mash", case_id, **STEP_UP).status_code == 200
    return case_id


def raise_concern(actor, case_id, data=CONCERN):
    return actor.post(f"/api/v1/cases/{case_id}/safeguarding-concern", {"data": data})


def open_task_ids(actor, case_id):
    return sorted(t["task_id"] for t in actor.get(f"/api/v1/cases/{case_id}").json["open_tasks"])


def concern_events(actor, case_id):
    events = actor.history(case_id)
    return [e for e in events if e["action"] == "safeguarding.immediate_concern"]


def counts(app):
    with app.app_context():
        return {model.__name__: db.session.scalar(db.select(db.func.count()).select_from(model))
                for model in (AuditEvent, OutboxMessage, WorkItem, ProcessInstance)}


def test_concern_mid_step_up_goes_straight_to_mash_and_the_step_up_carries_on(app, as_user):
    case_id = mid_step_up(as_user)
    assert open_task_ids(as_user(EH), case_id) == ["mash_contact_and_referral"]

    response = raise_concern(as_user(EH), case_id)
    assert response.status_code == 201, response.json
    assert response.json["pathway"] == "camden/immediate_safeguarding_concern"

    manager = as_user(MASH_MANAGER)
    item = manager.task("immediate_concern_mash_decision", case_id)
    assert item["role"] == "MASH Manager" and item["name"] == "Immediate safeguarding concern: MASH decision"
    # Nothing was cancelled: the planned step-up's open task is still there, beside MASH's new one.
    assert open_task_ids(manager, case_id) == ["immediate_concern_mash_decision", "mash_contact_and_referral"]

    [event] = concern_events(manager, case_id)
    assert event["data"] == CONCERN and event["actor"] == EH
    assert "safeguarding override" in event["summary"]
    assert "carries on: Step Up to MASH" in event["summary"]

    with app.app_context():
        mails = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.case_id == case_id)).all()
        # The step-up's own alert (MASH contact and referral opened) came first; then the concern's.
        assert [m.reason for m in mails] == ["mash_contact_and_referral opened",
                                             "immediate safeguarding concern raised"]
        mail = mails[-1]
        assert mail.subject.startswith("URGENT") and str(case_id) in mail.subject
        assert mail.recipients == ["camden-mash-manager@demo.invalid", "mash-admin@camden.demo.invalid"]
        assert f"case {case_id}" in mail.body and "P-911" in mail.body and f"/cases/{case_id}" in mail.body
        for private in (CHILD, "Echo", RISK, CONCERN["action_taken"]):
            assert private not in mail.body and private not in mail.subject


def test_mash_reads_the_concern_and_records_a_decision_while_the_step_up_moves_on(as_user):
    case_id = mid_step_up(as_user)
    assert raise_concern(as_user(EH), case_id).status_code == 201
    manager = as_user(MASH_MANAGER)
    item = manager.task("immediate_concern_mash_decision", case_id)
    form = manager.get(f"/api/v1/tasks/{item['id']}").json["form"]
    assert RISK in form["prefilled"]["concern_as_raised"]
    assert [f["name"] for f in form["fields"]] == ["concern_as_raised", "mash_decision", "mash_decision_rationale"]

    r = manager.complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                         already_known="No", eha_previously_completed="Yes", further_details="Fictional")
    assert r.status_code == 200, r.json
    r = manager.complete("immediate_concern_mash_decision", case_id, concern_as_raised=RISK,
                         mash_decision="Strategy discussion / s47", mash_decision_rationale="Fictional: threshold met")
    assert r.status_code == 200, r.json
    assert open_task_ids(manager, case_id) == ["write_summary"]
    pathways = {p["pathway"]: p["status"] for p in manager.get(f"/api/v1/cases/{case_id}").json["pathways"]}
    assert pathways == {"camden/step_up_to_mash": "running", "camden/immediate_safeguarding_concern": "complete"}


def test_missing_answers_are_named_and_nothing_is_written(app, as_user):
    case_id = mid_step_up(as_user)
    before = counts(app)
    response = raise_concern(as_user(EH), case_id, {"action_taken": "Fictional"})
    assert response.status_code == 422
    assert set(response.json["fields"]) == {"immediate_risk", "child_safe_now", "mash_or_police_phoned"}
    response = raise_concern(as_user(EH), case_id, {**CONCERN, "child_safe_now": "Probably"})
    assert response.status_code == 422 and set(response.json["fields"]) == {"child_safe_now"}
    response = as_user(EH).post(f"/api/v1/cases/{case_id}/safeguarding-concern", {})
    assert response.status_code == 422 and "data" in response.json["fields"]
    assert counts(app) == before
    assert concern_events(as_user(EH), case_id) == []
    assert [t["task_id"] for t in as_user(MASH_MANAGER).tray(case=case_id)] == ["mash_contact_and_referral"]


def test_someone_with_no_role_in_the_pack_is_refused(app, as_user):
    case_id = mid_step_up(as_user)
    before = counts(app)
    response = raise_concern(as_user(OUTSIDER), case_id)
    assert response.status_code == 403, response.json
    assert counts(app) == before


def test_works_on_a_case_with_no_pathway_running(as_user):
    case_id = new_case(as_user(EH))
    response = raise_concern(as_user(EH), case_id)
    assert response.status_code == 201, response.json
    assert [t["task_id"] for t in response.json["open_tasks"]] == ["immediate_concern_mash_decision"]
    assert as_user(MASH_MANAGER).task("immediate_concern_mash_decision", case_id)
    [event] = concern_events(as_user(EH), case_id)
    assert "No planned pathway was running" in event["summary"]


def test_knowsley_concerns_go_to_the_duty_social_work_team_in_the_mash(app, as_user):
    lead = as_user("knowsley-lead-practitioner")
    case_id = new_case(lead, pack="knowsley")
    assert raise_concern(lead, case_id).status_code == 201
    item = as_user("knowsley-mash-social-worker").task("immediate_concern_mash_decision", case_id)
    assert item["role"] == "MASH Social Worker"
    with app.app_context():
        [mail] = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.case_id == case_id)).all()
        assert "knowsley-mash@demo.invalid" in mail.recipients


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_every_pack_offers_the_override(pack):
    assert (ROOT / "bpmn" / pack / "immediate_safeguarding_concern.bpmn").exists()
    assert "immediate_concern_mash_decision" in PACKS[pack].handlers
    assert safeguarding.settings(pack).get("notify") and safeguarding.phone(pack)


def test_a_malformed_safeguarding_table_is_refused_at_start_up():
    camden = PACKS["camden"]
    broken = Pack("broken", "Broken", camden.roles, {}, {
        "mailboxes": {"mash_admin": "mash@demo.invalid"},
        "safeguarding": {"notify": ["role:Head Teacher", "duty_inbox"], "phone": 999}})
    with pytest.raises(recipients.NotificationConfigError) as refused:
        safeguarding.check_packs({"broken": broken})
    message = refused.value.message
    assert "phone must be text" in message and "no role 'Head Teacher'" in message
    assert "'duty_inbox' is not a mailbox" in message
    safeguarding.check_packs(PACKS)  # the shipped packs are well formed


def test_the_case_and_task_pages_offer_the_form_which_sends_the_concern(app, as_user):
    case_id = mid_step_up(as_user)
    browser = app.test_client()
    assert browser.post("/sign-in", data={"username": EH, "password": DEMO_PASSWORD}).status_code == 302
    form_url = f"/cases/{case_id}/safeguarding-concern"

    page = lxml.html.fromstring(browser.get(f"/cases/{case_id}").data)
    [button] = [a for a in page.iter("a") if a.get("href") == form_url]
    assert button.text_content().strip() == "Immediate safeguarding concern" and "govuk-button--warning" in button.get("class")
    options = [o.get("value") for o in page.iter("option")]
    assert "camden/step_up_to_mash" in options and "camden/immediate_safeguarding_concern" not in options

    page = lxml.html.fromstring(browser.get(form_url).data)
    [warning] = page.find_class("govuk-warning-text__text")
    for hidden in warning.find_class("govuk-visually-hidden"):
        hidden.drop_tree()  # "Warning", for screen readers
    warning = " ".join(warning.text_content().split())
    assert warning == ("If a child is at immediate risk, phone MASH now on 020 7946 0999 (or 999 for police). "
                       "Then record it here.")
    assert page.xpath("//form//input[@name='csrf_token']")

    refused = browser.post(form_url, data={"action_taken": "Fictional"})
    assert refused.status_code == 422
    page = lxml.html.fromstring(refused.data)
    errors = {e.get("id") for e in page.find_class("govuk-error-message")}
    assert errors == {"f-immediate_risk-error", "f-child_safe_now-error", "f-mash_or_police_phoned-error"}
    assert page.get_element_by_id("f-action_taken").text_content() == "Fictional"

    sent = browser.post(form_url, data=CONCERN)
    assert sent.status_code == 302 and sent.headers["Location"] == f"/cases/{case_id}"
    item = as_user(MASH_MANAGER).task("immediate_concern_mash_decision", case_id)
    page = lxml.html.fromstring(browser.get(f"/cases/{case_id}").data)
    assert "Immediate safeguarding concern raised" in page.text_content()
    # The chronology shows the override's answers under the form's own labels.
    assert "Have MASH or the police been phoned already?" in page.text_content()

    manager = app.test_client()
    manager.post("/sign-in", data={"username": MASH_MANAGER, "password": DEMO_PASSWORD})
    page = lxml.html.fromstring(manager.get(f"/tasks/{item['id']}").data)
    assert [a for a in page.iter("a") if a.get("href") == form_url]


def test_the_form_refuses_someone_with_no_role_in_the_pack(app, as_user):
    case_id = new_case(as_user(EH))
    browser = app.test_client()
    browser.post("/sign-in", data={"username": OUTSIDER, "password": DEMO_PASSWORD})
    assert browser.get(f"/cases/{case_id}/safeguarding-concern").status_code == 403
    assert browser.post(f"/cases/{case_id}/safeguarding-concern", data=CONCERN).status_code == 403


def test_the_override_pathway_cannot_be_started_bare(as_user):
    """Only raising a concern opens the MASH task: never a bare task with no record or e-mail."""
    eh = as_user("camden-early-help-manager")
    case_id = eh.post("/api/v1/cases", {"child_name": "Fictional Child Z", "date_of_birth": "2017-02-02",
                                        "pack": "camden"}).json["id"]
    response = eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "camden/immediate_safeguarding_concern"})
    assert response.status_code == 422 and "safeguarding-concern" in response.json["fields"]["pathway"]
    assert eh.get(f"/api/v1/cases/{case_id}").json["pathways"] == []
