"""The worker UI through the Flask test client: sign in, open a case, step up to MASH, the tray."""
import logging
import re
from datetime import timedelta

import lxml.html
import pytest
from werkzeug.datastructures import MultiDict

from service.store import audit
from service import create_app
from service.demo import DEMO_PASSWORD
from service.extensions import db
from service.web.form_data import to_data
from service.store.models import Case, WorkItem

EH = "camden-early-help-manager"
MASH_MANAGER = "camden-mash-manager"
CHILD = "Fictional Child Bravo"
EH_TEXT = "Fictional: nursery saw bruising on both arms; mother's new partner moved in last month."

STEP_UP = {"reason": "CP", "information_for_cssw": EH_TEXT, "risk_of_significant_harm": "Yes",
           "why_eh_cannot_meet_needs": "Fictional: risk has escalated beyond Early Help",
           "discussed_with_family": "Yes",
           "action": "confirm"}  # a long form: sent past its check-your-answers page (tests/test_drafts.py)


class Browser:
    """One person's session against the HTML pages."""

    def __init__(self, app):
        self.client = app.test_client()

    def sign_in(self, username, password=DEMO_PASSWORD):
        return self.client.post("/sign-in", data={"username": username, "password": password})

    def sign_out(self):
        return self.client.post("/sign-out")

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, data):
        return self.client.post(url, data=data)

    def page(self, url, status=200):
        response = self.client.get(url)
        assert response.status_code == status, response.data[:2000]
        return lxml.html.fromstring(response.data)


def doc(response):
    return lxml.html.fromstring(response.data)


def text(node):
    return " ".join(node.text_content().split())


def open_case(browser, name=CHILD):
    response = browser.post("/cases/new", {"child_name": name, "date_of_birth": "2019-06-01", "person_id": "P-2001",
                                           "family_id": "F-2001", "pack": "camden",
                                           "lead_professional": "Demo Family Worker"})
    assert response.status_code == 302, response.data[:2000]
    return int(re.fullmatch(r"/cases/(\d+)", response.headers["Location"]).group(1))


def start_step_up(browser, case_id):
    response = browser.post(f"/cases/{case_id}/pathways", {"pathway": "camden/step_up_to_mash"})
    assert response.status_code == 302, response.data[:2000]
    return task_link(browser.page(f"/cases/{case_id}"), "Step Up to MASH")


def task_link(page, name):
    links = [a.get("href") for a in page.iter("a") if text(a) == name and a.get("href", "").startswith("/tasks/")]
    assert links, f"no link to {name!r}"
    return links[0]


@pytest.fixture
def eh(app):
    browser = Browser(app)
    assert browser.sign_in(EH).status_code == 302
    return browser


def test_pages_need_sign_in_and_come_back_afterwards(app):
    browser = Browser(app)
    for url in ("/", "/cases", "/cases/1", "/tasks/1", "/cases/new"):
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/sign-in?next=")
    response = browser.get("/cases")
    signed_in = browser.client.post(response.headers["Location"],
                                    data={"username": EH, "password": DEMO_PASSWORD, "next": "/cases"})
    assert signed_in.headers["Location"] == "/cases"


def test_wrong_password_is_refused_and_the_cookie_is_httponly_and_lax(app):
    browser = Browser(app)
    refused = browser.sign_in(EH, "not-the-password")
    assert refused.status_code == 401
    assert "username or password is not right" in text(doc(refused).find_class("govuk-error-summary")[0])
    assert browser.get("/").status_code == 302
    accepted = browser.sign_in(EH)
    cookie = accepted.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_sign_in_never_redirects_off_site(app):
    browser = Browser(app)
    response = browser.client.post("/sign-in", data={"username": EH, "password": DEMO_PASSWORD,
                                                     "next": "//elsewhere.example/steal"})
    assert response.headers["Location"] == "/"


def test_nav_shows_user_and_admin_link_only_for_admins(app, eh):
    page = eh.page("/")
    assert "Demo Early Help Manager" in text(page.find_class("app-header__user-name")[0])
    nav = [text(a) for a in page.find_class("govuk-service-navigation")[0].iter("a")]
    assert nav == ["My work", "Team work", "Cases"]
    admin = Browser(app)
    admin.sign_in("demo-admin")
    assert "Admin" in [text(a) for a in admin.page("/").find_class("govuk-service-navigation")[0].iter("a")]


def test_case_form_refuses_missing_fields_naming_each_and_writes_nothing(app, eh):
    response = eh.post("/cases/new", {"child_name": "", "pack": "camden", "person_id": "P-9"})
    assert response.status_code == 422
    page = doc(response)
    assert "Enter child's name" in text(page.get_element_by_id("f-child_name-error"))
    assert "expected date" in text(page.get_element_by_id("f-date_of_birth-error"))
    assert page.get_element_by_id("f-person_id").get("value") == "P-9"  # the input is kept
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Case.id)).where(Case.person_id == "P-9")) == 0


def test_unborn_child_case_with_expected_date(eh):
    response = eh.post("/cases/new", {"child_name": "Unborn Fictional Child", "expected_date": "2027-01-15",
                                      "pack": "camden"})
    assert response.status_code == 302
    page = eh.page(response.headers["Location"])
    assert "Expected date of birth" in text(page) and "15 Jan 2027 (unborn)" in text(page)


def test_step_up_journey_through_the_pages(app, eh, caplog):
    caplog.set_level(logging.DEBUG)
    case_id = open_case(eh)
    case_page = eh.page(f"/cases/{case_id}")
    assert CHILD in text(case_page.find(".//h1"))
    assert "Case opened" in text(case_page.get_element_by_id("chronology-heading").getparent())

    task_url = start_step_up(eh, case_id)
    form_page = eh.page(task_url)
    assert form_page.get_element_by_id("f-information_for_cssw").tag == "textarea"
    assert form_page.get_element_by_id("f-reason-2").get("type") == "radio"

    # Missing a required field: 422, the error beside that field, the rest of the input kept.
    partial = {k: v for k, v in STEP_UP.items() if k != "information_for_cssw"}
    refused = eh.post(task_url, partial)
    assert refused.status_code == 422
    page = doc(refused)
    error = page.get_element_by_id("f-information_for_cssw-error")
    assert "Enter information for CSSW" in text(error) and "is required" not in text(error)
    assert "f-information_for_cssw-error" in page.get_element_by_id("f-information_for_cssw").get("aria-describedby")
    summary = page.find_class("govuk-error-summary")[0]
    assert summary.xpath(".//*[@role='alert']")
    assert [a.get("href") for a in summary.iter("a")] == ["#f-information_for_cssw"]
    assert page.get_element_by_id("f-reason-2").get("checked") is not None  # CP still chosen
    assert STEP_UP["why_eh_cannot_meet_needs"] in page.get_element_by_id("f-why_eh_cannot_meet_needs").text
    with app.app_context():
        assert [e.action for e in audit.chronology(case_id)] == ["case.created", "pathway.started"]
        assert db.session.scalar(db.select(WorkItem).where(WorkItem.case_id == case_id)).status == "open"

    done = eh.post(task_url, STEP_UP)
    assert done.status_code == 302 and done.headers["Location"] == f"/cases/{case_id}"
    case_page = eh.page(f"/cases/{case_id}")
    assert "Next: MASH contact and referral (CSSW), with the MASH Manager." in text(case_page)
    chronology = text(case_page.get_element_by_id("chronology-heading").getparent())
    assert "Completed Step Up to MASH" in chronology and EH_TEXT in chronology
    assert eh.page("/").find_class("govuk-table") == []  # nothing left in the EH manager's tray

    assert eh.sign_out().status_code == 302
    assert eh.get("/").status_code == 302

    mash = Browser(app)
    mash.sign_in(MASH_MANAGER)
    tray = mash.page("/")
    rows = [text(tr) for tr in tray.find_class("govuk-table")[0].iter("tr")][1:]
    assert len(rows) == 1
    assert "MASH contact and referral (CSSW)" in rows[0] and CHILD in rows[0] and "P-2001" in rows[0]
    assert "Step Up to MASH (CP and CIN)" in rows[0]
    contact = mash.page(task_link(tray, "MASH contact and referral (CSSW)"))
    further = contact.get_element_by_id("f-further_details")
    assert text(contact.find(".//label[@for='f-further_details']")) == "Further details about this contact"
    assert further.text == EH_TEXT
    assert CHILD not in caplog.text and EH_TEXT not in caplog.text


def test_someone_without_the_role_gets_the_friendly_403(app, eh):
    task_url = start_step_up(eh, open_case(eh))
    mash = Browser(app)
    mash.sign_in(MASH_MANAGER)
    response = mash.get(task_url)
    assert response.status_code == 403
    assert "You cannot open this" in text(doc(response).find(".//h1"))
    assert mash.post(task_url, STEP_UP).status_code == 403


def test_second_completion_is_a_conflict(eh):
    task_url = start_step_up(eh, open_case(eh))
    assert eh.post(task_url, STEP_UP).status_code == 302
    again = eh.post(task_url, STEP_UP)
    assert again.status_code == 409
    assert "already completed" in text(doc(again))


def test_claim_and_release_show_in_the_tray(eh):
    task_url = start_step_up(eh, open_case(eh))
    assert eh.post(task_url + "/claim", {}).status_code == 302
    assert "You" in [text(td) for td in eh.page("/").iter("td")]
    assert "Release this task" in text(eh.page(task_url))
    eh.post(task_url + "/release", {})
    assert "Unclaimed" in [text(td) for td in eh.page("/").iter("td")]


def test_tray_due_badges_and_overdue_filter_follow_the_clock(app, eh, clock):
    start_step_up(eh, open_case(eh))
    with app.app_context():
        item = db.session.scalar(db.select(WorkItem).where(WorkItem.status == "open"))
        item.due_at = clock() + timedelta(hours=3)  # 13:00 the same day
        db.session.commit()
    row = text(eh.page("/").find_class("govuk-table")[0].findall(".//tbody/tr")[0])
    assert "Due today" in row and "Overdue" not in row
    assert eh.page("/?overdue=yes").find_class("govuk-table") == []
    clock.advance(hours=4)
    row = text(eh.page("/?overdue=yes").find_class("govuk-table")[0].findall(".//tbody/tr")[0])
    assert "Overdue" in row and "Step Up to MASH" in row
    assert eh.page("/?overdue=no").find_class("govuk-table") == []
    assert eh.page("/?pathway=camden/step_up_to_mash").find_class("govuk-table")


def test_unknown_pages_get_the_friendly_404(eh):
    response = eh.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in text(doc(response).find(".//h1"))
    assert eh.get("/cases/999999").status_code == 404


def test_form_posts_become_typed_data():
    fields = [{"name": "ok", "type": "boolean"}, {"name": "off", "type": "boolean"},
              {"name": "many", "type": "multichoice"}, {"name": "none", "type": "multichoice"},
              {"name": "note", "type": "textarea"}, {"name": "blank", "type": "text"}]
    posted = MultiDict([("ok", "true"), ("many", "a"), ("many", "b"), ("note", "x"), ("blank", "  ")])
    assert to_data(fields, posted) == {"ok": True, "off": False, "many": ["a", "b"], "note": "x"}


def test_posts_without_a_csrf_token_are_refused(app, tmp_path, clock):
    # The shared fixtures switch CSRF off; this app keeps it on, on the same database.
    guarded = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                          "NOW": clock, "SCHEDULER_ENABLED": False, "SECRET_KEY": "test",
                          "PASSWORD_HASHER_PARAMS": {"time_cost": 1, "memory_cost": 64, "parallelism": 1}})
    client = guarded.test_client()
    refused = client.post("/sign-in", data={"username": EH, "password": DEMO_PASSWORD})
    assert refused.status_code == 400
    assert "Your form has expired" in text(doc(refused).find(".//h1"))
    token = doc(client.get("/sign-in")).find(".//input[@name='csrf_token']").get("value")
    accepted = client.post("/sign-in", data={"username": EH, "password": DEMO_PASSWORD, "csrf_token": token})
    assert accepted.status_code == 302
