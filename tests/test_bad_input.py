"""Malformed and hostile input, as a careless or hostile client sends it: never a 5xx.

Each refusal is the documented JSON shape, names the field at fault, and writes nothing.
The cases are the ones that gave a 500 (or were wrongly accepted) when the API was first
tried as an attacker would (issue 7, item 5). Run on SQLite and on PostgreSQL.
"""
import json
import logging
from datetime import timedelta

import pytest
from sqlalchemy import text

from conftest import START
from service.extensions import db
from service.store.models import Case
from test_knowsley_step_up import LP, TAF, requested

EH = "camden-early-help-manager"
KNOWSLEY_LP = LP
CASE = {"child_name": "Fictional Child Q", "date_of_birth": "2018-05-04", "person_id": "Q-1",
        "family_id": "QF-1", "pack": "camden", "lead_professional": "Demo Family Worker"}


def row_counts(app):
    """Rows in every table: what 'nothing written' is checked against."""
    with app.app_context():
        return {t.name: db.session.scalar(db.select(db.func.count()).select_from(t))
                for t in db.metadata.sorted_tables}


def error_shape(response, status):
    """The response is ``status`` with the one error shape; returns its fields."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    body = response.json
    assert set(body) == {"error", "message", "fields"}, body
    assert isinstance(body["error"], str) and isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fields"], dict)
    return body["fields"]


@pytest.fixture
def eh(as_user):
    return as_user(EH)


def post_raw(actor, url, raw, content_type="application/json"):
    return actor.client.post(url, data=raw, headers={**actor._headers(), "Content-Type": content_type})


# -- registering a case ------------------------------------------------------------------------



def days_from_today(days):
    """A date relative to the test clock's, as YYYY-MM-DD."""
    return (START.date() + timedelta(days=days)).isoformat()


CASE_REFUSALS = {
    "pack as a list": ({"pack": ["camden"]}, "pack"),
    "pack unknown": ({"pack": "atlantis"}, "pack"),
    "NUL in the name": ({"child_name": "Fictional\x00Child"}, "child_name"),
    "NUL in the person id": ({"person_id": "Q-\x00"}, "person_id"),
    "lone surrogate in the name": ({"child_name": "Fictional \ud800 Child"}, "child_name"),
    "lone surrogate in the lead professional": ({"lead_professional": "Demo \udfff"}, "lead_professional"),
    "person id over 40 characters": ({"person_id": "P" * 41}, "person_id"),
    "name of spaces only": ({"child_name": "   "}, "child_name"),
    "name as a number": ({"child_name": 12}, "child_name"),
    "date of birth in the future": ({"date_of_birth": days_from_today(1)}, "date_of_birth"),
    "date of birth in year 9999": ({"date_of_birth": "9999-01-01"}, "date_of_birth"),
    "date of birth before 1900": ({"date_of_birth": "1899-12-31"}, "date_of_birth"),
    "date of birth as an integer": ({"date_of_birth": 20180504}, "date_of_birth"),
    "date of birth as Unix time text": ({"date_of_birth": "1525392000"}, "date_of_birth"),
    "date of birth in basic ISO form": ({"date_of_birth": "20180504"}, "date_of_birth"),
    "date of birth 30 February": ({"date_of_birth": "2018-02-30"}, "date_of_birth"),
    "both dates": ({"expected_date": days_from_today(100)}, "date_of_birth"),
    "neither date": ({"date_of_birth": None}, "date_of_birth"),
    "expected date 301 days ahead": ({"date_of_birth": None, "expected_date": days_from_today(301)}, "expected_date"),
    "expected date 43 days past": ({"date_of_birth": None, "expected_date": days_from_today(-43)}, "expected_date"),
    "expected date as an integer": ({"date_of_birth": None, "expected_date": 20270115}, "expected_date"),
    "service unknown": ({"current_service": "XYZ"}, "current_service"),
    "unknown field": ({"nhs_number": "123"}, "nhs_number"),
}


@pytest.mark.parametrize("change, field", CASE_REFUSALS.values(), ids=CASE_REFUSALS.keys())
def test_case_refused_naming_the_field_and_nothing_written(app, eh, change, field):
    before = row_counts(app)
    fields = error_shape(eh.post("/api/v1/cases", {**CASE, **change}), 422)
    assert field in fields, fields
    assert row_counts(app) == before


def test_lone_surrogate_as_sent_on_the_wire(app, eh):
    # JSON text carrying an escaped lone surrogate, exactly as a client would send it.
    raw = json.dumps({**CASE, "child_name": "X"}).replace('"X"', '"\\ud83d Fictional"')
    before = row_counts(app)
    assert "child_name" in error_shape(post_raw(eh, "/api/v1/cases", raw), 422)
    assert row_counts(app) == before


@pytest.mark.parametrize("field", ["child_name", "person_id", "family_id", "lead_professional"])
def test_each_text_limit_is_its_column_length(app, eh, field):
    limit = Case.__table__.c[field].type.length
    before = row_counts(app)
    assert field in error_shape(eh.post("/api/v1/cases", {**CASE, field: "x" * (limit + 1)}), 422)
    assert row_counts(app) == before
    response = eh.post("/api/v1/cases", {**CASE, field: "x" * limit})
    assert response.status_code == 201, response.json
    assert response.json[field] == "x" * limit


def test_sane_dates_are_accepted(eh):
    # The edges of the windows: born today, born 1 January 1900, expected in 300 days or 6 weeks ago.
    for change in ({"date_of_birth": days_from_today(0)}, {"date_of_birth": "1900-01-01"},
                   {"date_of_birth": None, "expected_date": days_from_today(300)},
                   {"date_of_birth": None, "expected_date": days_from_today(-42)}):
        response = eh.post("/api/v1/cases", {**CASE, **change})
        assert response.status_code == 201, (change, response.json)


# -- bodies ------------------------------------------------------------------------------------

def test_json_nested_a_thousand_deep_is_a_400(app, eh):
    before = row_counts(app)
    raw = '{"child_name": ' + "[" * 1000 + "]" * 1000 + "}"
    assert "body" in error_shape(post_raw(eh, "/api/v1/cases", raw), 400)
    raw = '{"data": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"
    assert "body" in error_shape(post_raw(eh, "/api/v1/tasks/1/complete", raw), 400)
    assert row_counts(app) == before


def test_ten_megabyte_body_is_a_json_413(app, eh):
    before = row_counts(app)
    raw = json.dumps({**CASE, "lead_professional": "x" * (10 * 1024 * 1024)})
    assert "body" in error_shape(post_raw(eh, "/api/v1/cases", raw), 413)
    assert row_counts(app) == before


@pytest.mark.parametrize("raw, content_type", [
    ("[1, 2]", "application/json"), ("not json", "application/json"), ('{"a": NaN}', "application/json"),
    ('{"a": 1e999}', "application/json"), (b"\xff\xfe{", "application/json"), ("{}", "text/plain"),
], ids=["array", "not json", "NaN", "infinite number", "not UTF-8", "not JSON content type"])
def test_body_that_is_not_a_json_object_is_a_400(app, eh, raw, content_type):
    before = row_counts(app)
    assert "body" in error_shape(post_raw(eh, "/api/v1/cases", raw, content_type), 400)
    assert row_counts(app) == before


# -- ids and query strings ---------------------------------------------------------------------

# Ids are INTEGER columns (32 bits on PostgreSQL): the largest is looked up, anything past it is
# no id at all.
@pytest.mark.parametrize("case_id", ["0", "-1", str(2 ** 31 - 1), str(2 ** 31), str(2 ** 63), "9" * 30, "²"])
@pytest.mark.parametrize("path", ["/api/v1/cases/{}", "/api/v1/cases/{}/history", "/api/v1/tasks/{}"])
def test_ids_out_of_range_are_404(eh, case_id, path):
    error_shape(eh.get(path.format(case_id)), 404)


@pytest.mark.parametrize("url", ["/api/v1/tasks/{}/claim", "/api/v1/tasks/{}/unclaim", "/api/v1/tasks/{}/complete",
                                 "/api/v1/cases/{}/pathways", "/api/v1/cases/{}/safeguarding-concern"])
def test_post_to_an_id_past_64_bits_is_404(app, eh, url):
    before = row_counts(app)
    error_shape(eh.post(url.format(2 ** 63), {"data": {}, "pathway": "camden/step_up_to_mash"}), 404)
    assert row_counts(app) == before


@pytest.mark.parametrize("params, field", [
    ({"case": "²"}, "case"), ({"case": "0"}, "case"), ({"case": str(2 ** 31)}, "case"),
    ({"case": "1.5"}, "case"),
    ({"overdue": "maybe"}, "overdue"), ({"pathway": "camden/\x00"}, "pathway"), ({"pathway": "p" * 121}, "pathway"),
])
def test_bad_task_filters_are_422_naming_the_parameter(eh, params, field):
    assert field in error_shape(eh.get("/api/v1/tasks", query_string=params), 422)


@pytest.mark.parametrize("url, params, field", [
    ("/api/v1/admin/timers", {"limit": "0"}, "limit"), ("/api/v1/admin/timers", {"limit": "²"}, "limit"),
    ("/api/v1/admin/outbox", {"status": "gone\x00"}, "status"),
])
def test_bad_admin_parameters_are_422(as_user, url, params, field):
    assert field in error_shape(as_user("demo-admin").get(url, query_string=params), 422)


def test_routing_errors_use_the_error_shape(eh):
    error_shape(eh.get("/api/v1/no-such-thing"), 404)
    error_shape(eh.client.delete("/api/v1/cases", headers=eh._headers()), 405)
    error_shape(eh.client.put("/api/v1/tasks/1/claim", headers=eh._headers()), 405)
    error_shape(eh.client.get("/api/v1/cases"), 401)
    error_shape(eh.client.get("/api/v1/cases", headers={"Authorization": "Bearer \x00"}), 401)


# -- task forms and the safeguarding concern -------------------------------------------------------

def started_knowsley(as_user):
    lp = as_user(KNOWSLEY_LP)
    case = lp.post("/api/v1/cases", {**CASE, "pack": "knowsley"})
    assert case.status_code == 201, case.json
    started = lp.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": "knowsley/step_up"})
    assert started.status_code == 201, started.json
    return lp, case.json["id"]


DISCUSSION = {"concerns_for_discussion": "Fictional concerns", "discussed_on": "2026-11-02"}
FORM_REFUSALS = {
    "NUL in free text": ({"concerns_for_discussion": "Fictional\x00"}, "concerns_for_discussion"),
    "lone surrogate in free text": ({"concerns_for_discussion": "Fictional \ud800"}, "concerns_for_discussion"),
    "free text over its limit": ({"concerns_for_discussion": "x" * 20001}, "concerns_for_discussion"),
    "date in year 1": ({"discussed_on": "0001-01-01"}, "discussed_on"),
    "date in year 9999": ({"discussed_on": "9999-12-31"}, "discussed_on"),
    "date three years back": ({"discussed_on": "2023-10-01"}, "discussed_on"),
    "date as an integer": ({"discussed_on": 20261102}, "discussed_on"),
    "date in basic ISO form": ({"discussed_on": "20261102"}, "discussed_on"),
    "unknown field with NUL in its name": ({"a\x00b": "x"}, "a\x00b"),
}


@pytest.mark.parametrize("change, field", FORM_REFUSALS.values(), ids=FORM_REFUSALS.keys())
def test_task_form_refused_naming_the_field_and_nothing_written(app, as_user, change, field):
    lp, case_id = started_knowsley(as_user)
    before = row_counts(app)
    fields = error_shape(lp.complete("discuss_with_team_manager", case_id, **{**DISCUSSION, **change}), 422)
    assert field in fields, fields
    assert row_counts(app) == before
    assert lp.complete("discuss_with_team_manager", case_id, **DISCUSSION).status_code == 200


def test_task_data_not_an_object_is_named(app, as_user):
    lp, case_id = started_knowsley(as_user)
    item = lp.task("discuss_with_team_manager", case_id)
    before = row_counts(app)
    for data in (["x"], "x", 5):
        assert "data" in error_shape(lp.post(f"/api/v1/tasks/{item['id']}/complete", {"data": data}), 422)
    assert "extra" in error_shape(lp.post(f"/api/v1/tasks/{item['id']}/complete", {"data": {}, "extra": 1}), 422)
    assert row_counts(app) == before


@pytest.mark.parametrize("meeting_start", ["0001-01-01T10:00", "9999-12-31T10:00", "2028-01-05T10:00",
                                           "0001-01-01T00:00+14:00", 20261111, "2026-11-11T25:00"])
def test_meeting_times_far_away_are_refused(app, as_user, meeting_start):
    case_id = requested(as_user)
    before = row_counts(app)
    fields = error_shape(as_user(LP).complete("book_step_up_meeting", case_id, meeting_start=meeting_start,
                                              meeting_length_minutes=60, meeting_location="Teams",
                                              taf_member_emails=TAF), 422)
    assert "meeting_start" in fields, fields
    assert row_counts(app) == before


CONCERN = {"immediate_risk": "Fictional: bruising seen today", "child_safe_now": "Not known",
           "mash_or_police_phoned": "Yes, MASH"}


@pytest.mark.parametrize("change, field", [
    ({"immediate_risk": "Fictional\x00"}, "immediate_risk"),
    ({"action_taken": "Fictional \udc00"}, "action_taken"),
    ({"immediate_risk": "x" * 20001}, "immediate_risk"),
    ({"child_safe_now": ["No"]}, "child_safe_now"),
], ids=["NUL", "lone surrogate", "too long", "choice as a list"])
def test_safeguarding_concern_refused_naming_the_field_and_nothing_written(app, eh, change, field):
    case_id = eh.post("/api/v1/cases", CASE).json["id"]
    before = row_counts(app)
    fields = error_shape(eh.post(f"/api/v1/cases/{case_id}/safeguarding-concern", {"data": {**CONCERN, **change}}),
                         422)
    assert field in fields, fields
    assert row_counts(app) == before


def test_pathway_name_refused_naming_the_field(app, eh):
    case_id = eh.post("/api/v1/cases", CASE).json["id"]
    before = row_counts(app)
    for pathway in (["camden/step_up_to_mash"], "camden/\x00", "p" * 121, None, 7):
        fields = error_shape(eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": pathway}), 422)
        assert "pathway" in fields, (pathway, fields)
    assert row_counts(app) == before


# -- the HTML pages take the same input --------------------------------------------------------------

def test_pages_refuse_nul_far_ids_and_huge_numbers_without_a_5xx(app):
    before = row_counts(app)
    visitor = app.test_client()
    assert visitor.post("/sign-in", data={"username": "demo-admin\x00", "password": "x"}).status_code == 400
    worker = app.test_client()
    assert worker.post("/sign-in", data={"username": EH, "password": "stepwise-demo"}).status_code == 302
    assert worker.post("/cases/new", data={**CASE, "child_name": "Fictional\x00Child"}).status_code == 400
    assert worker.get("/", query_string={"pathway": "camden/\x00"}).status_code == 400
    for case_id in (2 ** 31, 2 ** 63):
        assert worker.get(f"/cases/{case_id}").status_code == 404
    admin = app.test_client()
    assert admin.post("/sign-in", data={"username": "demo-admin", "password": "stepwise-demo"}).status_code == 302
    assert admin.post("/admin/migrate", data={"pathway": "camden/step_up_to_mash", "from": "1",
                                              "to": str(2 ** 70)}).status_code == 422
    assert admin.get("/admin/outbox/", query_string={"status": "\x00"}).status_code == 400
    # Signing in may keep records of its own; the children's records are untouched.
    records = ("cases", "audit_events", "process_instances", "work_items")
    assert {k: row_counts(app)[k] for k in records} == {k: before[k] for k in records}


# -- the last line: nothing unexpected leaks ------------------------------------------------------------

def test_unexpected_failure_is_a_bare_json_500_and_logs_no_details(app, eh, monkeypatch, caplog):
    # A fault injected into a use case: the answer says nothing, the log names the type and place only.
    from service.work import cases

    def broken(_actor, **_filters):
        raise RuntimeError("Fictional Secret-Child born 2018-05-04, parent@example.invalid")

    monkeypatch.setattr(cases, "list_cases", broken)
    caplog.set_level(logging.DEBUG)
    response = eh.get("/api/v1/cases")
    error_shape(response, 500)
    assert response.json["error"] == "internal_error" and "Secret" not in response.get_data(as_text=True)
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "RuntimeError" in logged and "GET /api/v1/cases" in logged
    assert "Secret-Child" not in logged and "2018-05-04" not in logged and "@example" not in logged


def test_database_errors_carry_no_statement_values(app):
    with app.app_context():
        with pytest.raises(Exception) as failure:
            db.session.execute(text("SELECT * FROM no_such_table WHERE name = :name"),
                               {"name": "Fictional Secret-Child"})
        db.session.rollback()
    assert "Secret-Child" not in str(failure.value)
    assert "hidden" in str(failure.value)
