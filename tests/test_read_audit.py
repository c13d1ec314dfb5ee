"""Every read of a child's record is on the record; managers and administrators see who looked."""
import lxml.html
import pytest

from bpmn_variants import ADMIN, EH, MASH_MANAGER, MASH_SW, PATHWAY, signed_in
from service.extensions import db
from service.store.models import AuditEvent
from service.store.read_audit import SHOWN, RecordRead

CHILD = {"child_name": "Fictional Child R", "date_of_birth": "2017-06-07", "pack": "camden",
         "person_id": "P-R", "family_id": "F-R"}
KNOWSLEY_WORKER = "knowsley-lead-practitioner"


def started_case(as_user):
    """(case id, instance id, id of the first task) for a new Camden case on Step Up to MASH."""
    eh = as_user(EH)
    case_id = eh.post("/api/v1/cases", CHILD).json["id"]
    instance_id = eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY}).json["id"]
    return case_id, instance_id, eh.task("send_step_up_to_mash", case_id)["id"]


def reads(app, case_id=None):
    """(username, what, item id, route, roles, at) of every read, oldest first."""
    with app.app_context():
        query = db.select(RecordRead).order_by(RecordRead.id)
        if case_id is not None:
            query = query.where(RecordRead.case_id == case_id)
        return [(r.reader.username, r.what, r.item_id, r.route, r.roles, r.at)
                for r in db.session.scalars(query)]


def test_api_reads_of_a_case_its_history_and_a_task_are_recorded(app, as_user, clock):
    case_id, _instance_id, task_id = started_case(as_user)
    eh = as_user(EH)
    clock.advance(minutes=5)
    assert eh.get(f"/api/v1/cases/{case_id}").status_code == 200
    assert eh.get(f"/api/v1/cases/{case_id}/history").status_code == 200
    assert eh.get(f"/api/v1/tasks/{task_id}").status_code == 200
    assert reads(app, case_id) == [
        (EH, "case", None, "GET /api/v1/cases/<id:case_id>", "Early Help Manager", clock()),
        (EH, "history", None, "GET /api/v1/cases/<id:case_id>/history", "Early Help Manager", clock()),
        (EH, "task", task_id, "GET /api/v1/tasks/<id:item_id>", "Early Help Manager", clock()),
    ]


def test_pages_of_a_case_a_task_and_a_diagram_are_recorded(app, as_user):
    case_id, instance_id, task_id = started_case(as_user)
    browser = signed_in(app, EH)
    for url in (f"/cases/{case_id}", f"/tasks/{task_id}", f"/cases/{case_id}/pathways/{instance_id}/diagram",
                f"/cases/{case_id}/pathways/{instance_id}/diagram.svg"):
        assert browser.get(url).status_code == 200, url
    assert [(who, what, item, route) for who, what, item, route, _roles, _at in reads(app, case_id)] == [
        (EH, "case", None, "GET /cases/<int:case_id>"),
        (EH, "task", task_id, "GET /tasks/<int:item_id>"),
        (EH, "diagram", instance_id, "GET /cases/<int:case_id>/pathways/<int:instance_id>/diagram"),
        (EH, "diagram", instance_id, "GET /cases/<int:case_id>/pathways/<int:instance_id>/diagram.svg"),
    ]


def test_reads_stay_out_of_the_chronology(app, as_user):
    case_id, _instance_id, _task_id = started_case(as_user)
    eh = as_user(EH)
    before = eh.history(case_id)
    for _ in range(3):
        eh.get(f"/api/v1/cases/{case_id}")
    assert eh.history(case_id) == before
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action.like("read%"))) == 0


def test_lists_are_not_reads_of_a_record(app, as_user):
    started_case(as_user)
    before = reads(app)
    manager = as_user(MASH_MANAGER)
    assert manager.get("/api/v1/cases").status_code == 200
    assert manager.get("/api/v1/tasks").status_code == 200
    browser = signed_in(app, EH)
    assert browser.get("/").status_code == 200 and browser.get("/cases").status_code == 200
    assert reads(app) == before


def test_refused_reads_read_nothing_and_are_not_recorded(app, as_user):
    case_id, _instance_id, task_id = started_case(as_user)
    outsider = as_user(KNOWSLEY_WORKER)
    assert outsider.get(f"/api/v1/cases/{case_id}").status_code == 403
    assert outsider.get(f"/api/v1/tasks/{task_id}").status_code == 403
    assert as_user(EH).get("/api/v1/cases/999999").status_code == 404
    assert signed_in(app, KNOWSLEY_WORKER).get(f"/cases/{case_id}").status_code == 403
    assert reads(app) == []


def test_a_read_that_cannot_be_recorded_is_not_shown(app, as_user):
    case_id, _instance_id, _task_id = started_case(as_user)
    with app.app_context():
        RecordRead.__table__.drop(db.engine)
    try:
        try:
            response = as_user(EH).get(f"/api/v1/cases/{case_id}")
        except Exception as exc:  # under TESTING the failure reaches the caller instead of a 500 page
            assert "record_reads" in str(exc)
        else:
            assert response.status_code >= 500
    finally:
        with app.app_context():
            db.session.rollback()
            RecordRead.__table__.create(db.engine)


def test_reads_are_append_only(app, as_user):
    case_id, _instance_id, _task_id = started_case(as_user)
    as_user(EH).get(f"/api/v1/cases/{case_id}")
    with app.app_context():
        row = db.session.scalars(db.select(RecordRead)).one()
        row.what = "nothing"
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalars(db.select(RecordRead)).one())
        with pytest.raises(PermissionError):
            db.session.flush()
        db.session.rollback()


def who_looked(browser, case_id):
    """The rows of the 'Who has looked at this record' table, or None when it is not on the page."""
    page = lxml.html.fromstring(browser.get(f"/cases/{case_id}").data)
    headings = [h for h in page.iter("h2") if h.text_content().strip() == "Who has looked at this record"]
    if not headings:
        return None
    section = headings[0].getparent()
    return [[cell.text_content().strip() for cell in row.iter("td")] for row in section.iter("tr")
            if row.find("td") is not None], section.text_content()


@pytest.mark.parametrize("viewer", [MASH_MANAGER, ADMIN, EH])
def test_managers_and_administrators_see_who_has_looked_newest_first(app, as_user, clock, viewer):
    case_id, _instance_id, task_id = started_case(as_user)
    as_user(MASH_SW).get(f"/api/v1/cases/{case_id}")
    clock.advance(minutes=10)
    signed_in(app, EH).get(f"/tasks/{task_id}")
    rows, _text = who_looked(signed_in(app, viewer), case_id)
    assert [row[1:4] for row in rows] == [
        ["Demo Early Help Manager (London Borough of Camden)", "Early Help Manager", f"Task {task_id}"],
        ["Demo MASH Social Worker (London Borough of Camden)", "MASH Social Worker", "Case record"],
    ]
    assert rows[0][4].startswith("web page") and rows[1][4].startswith("API")


def test_workers_who_are_not_managers_do_not_see_who_has_looked(app, as_user):
    case_id, _instance_id, _task_id = started_case(as_user)
    browser = signed_in(app, MASH_SW)
    assert browser.get(f"/cases/{case_id}").status_code == 200
    assert who_looked(browser, case_id) is None


def test_the_list_is_bounded_and_says_there_are_more(app, as_user):
    case_id, _instance_id, _task_id = started_case(as_user)
    worker = as_user(MASH_SW)
    for _ in range(SHOWN + 5):
        worker.get(f"/api/v1/cases/{case_id}")
    rows, text = who_looked(signed_in(app, MASH_MANAGER), case_id)
    assert len(rows) == SHOWN
    assert f"The latest {SHOWN} are listed; earlier ones are kept on the record." in " ".join(text.split())
