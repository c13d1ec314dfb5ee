"""Retries and doubles: Idempotency-Key on every POST of /api/v1, and one running copy of a pathway per case."""
import re
import os
import threading

import pytest
from flask_migrate import upgrade

from bpmn_variants import (ADMIN, EH, MASH_MANAGER, MASH_SW, PATHWAY, camden_text, contact_and_referral,
                           deploy_text, replace_once, send_step_up, signed_in, write_summary)
from service.work import pathway_runs
from service.diagrams.deployment import DiagramInvalid
from service.extensions import db
from service.store.models import AuditEvent, Case, ProcessInstance

DUTY = "camden-duty-manager-of-the-receiving-team"
CHILD = {"child_name": "Fictional Child K", "date_of_birth": "2019-02-03", "pack": "camden",
         "person_id": "P-K", "family_id": "F-K"}
CONCERN = {"immediate_risk": "Fictional: a disclosure at school", "child_safe_now": "No",
           "mash_or_police_phoned": "Yes, MASH and police", "action_taken": "Fictional: phoned MASH"}
ON_POSTGRES = bool(os.environ.get("DATABASE_URL"))


def post(actor, url, body=None, key=None, client=None):
    """POST as ``actor``, with an Idempotency-Key when ``key`` is given."""
    headers = {"Authorization": f"Bearer {actor.token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return (client or actor.client).post(url, json=body if body is not None else {}, headers=headers)


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


def new_case(as_user):
    response = post(as_user(EH), "/api/v1/cases", CHILD)
    assert response.status_code == 201, response.json
    return response.json["id"]


def running(app, case_id, pathway=PATHWAY):
    with app.app_context():
        return db.session.scalars(db.select(ProcessInstance.id).where(
            ProcessInstance.case_id == case_id, ProcessInstance.pathway == pathway,
            ProcessInstance.status == "running")).all()


def names_the_header(response, status):
    return response.status_code == status and "Idempotency-Key" in response.json["fields"]


# --- a retry with the same key gets the first answer and writes nothing ---------------------------------

def test_a_retried_case_registration_returns_the_first_answer_and_writes_nothing(app, as_user):
    eh = as_user(EH)
    cases_before, events_before = count(app, Case), count(app, AuditEvent)
    first = post(eh, "/api/v1/cases", CHILD, key="register-k-1")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    again = post(eh, "/api/v1/cases", CHILD, key="register-k-1")
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json == first.json
    assert count(app, Case) == cases_before + 1 and count(app, AuditEvent) == events_before + 1


def test_a_retried_start_returns_the_same_instance_and_starts_nothing_more(app, as_user):
    eh, case_id = as_user(EH), new_case(as_user)
    first = post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY}, key="start-1")
    again = post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY}, key="start-1")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert running(app, case_id) == [first.json["id"]]


def test_a_retried_completion_gets_its_200_not_already_completed(app, as_user):
    eh, case_id = as_user(EH), new_case(as_user)
    post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    item = eh.task("send_step_up_to_mash", case_id)
    data = {"data": {"reason": "CIN", "information_for_cssw": "Fictional", "risk_of_significant_harm": "No",
                     "why_eh_cannot_meet_needs": "Fictional", "discussed_with_family": "Yes"}}
    first = post(eh, f"/api/v1/tasks/{item['id']}/complete", data, key="complete-1")
    events = count(app, AuditEvent)
    again = post(eh, f"/api/v1/tasks/{item['id']}/complete", data, key="complete-1")
    assert first.status_code == again.status_code == 200 and again.json == first.json
    assert count(app, AuditEvent) == events
    # Without the key the same retry is what it always was: the task is done.
    assert post(eh, f"/api/v1/tasks/{item['id']}/complete", data).status_code == 409


def test_a_retried_safeguarding_concern_is_raised_once(app, as_user):
    eh, case_id = as_user(EH), new_case(as_user)
    concern = {"data": CONCERN}
    first = post(eh, f"/api/v1/cases/{case_id}/safeguarding-concern", concern, key="concern-1")
    assert first.status_code == 201, first.json
    again = post(eh, f"/api/v1/cases/{case_id}/safeguarding-concern", concern, key="concern-1")
    assert again.status_code == 201 and again.json == first.json
    assert len(running(app, case_id, "camden/immediate_safeguarding_concern")) == 1


def test_keys_belong_to_their_user(app, as_user):
    first = post(as_user(EH), "/api/v1/cases", CHILD, key="shared-key")
    other = post(as_user(MASH_MANAGER), "/api/v1/cases", CHILD, key="shared-key")
    assert first.status_code == other.status_code == 201
    assert first.json["id"] != other.json["id"] and "Idempotent-Replayed" not in other.headers


# --- misuse of a key -------------------------------------------------------------------------------

def test_the_same_key_for_another_request_is_refused_naming_the_header(app, as_user):
    eh = as_user(EH)
    first = post(eh, "/api/v1/cases", CHILD, key="one-key")
    assert first.status_code == 201
    cases = count(app, Case)
    other_body = post(eh, "/api/v1/cases", {**CHILD, "child_name": "Fictional Child L"}, key="one-key")
    other_path = post(eh, f"/api/v1/cases/{first.json['id']}/pathways", {"pathway": PATHWAY}, key="one-key")
    for response in (other_body, other_path):
        assert names_the_header(response, 422) and response.json["error"] == "idempotency_key_reused"
    assert count(app, Case) == cases and running(app, first.json["id"]) == []


@pytest.mark.parametrize("key", ["", "   ", "k" * 256, "naïve-key"])
def test_a_malformed_key_is_refused_and_nothing_is_written(app, as_user, key):
    cases = count(app, Case)
    response = post(as_user(EH), "/api/v1/cases", CHILD, key=key)
    assert names_the_header(response, 422) and response.json["error"] == "idempotency_key_invalid"
    assert count(app, Case) == cases


def test_a_refusal_is_not_kept_so_the_corrected_request_can_use_the_key(app, as_user):
    eh = as_user(EH)
    cases = count(app, Case)
    refused = post(eh, "/api/v1/cases", {**CHILD, "date_of_birth": "not a date"}, key="fix-and-resend")
    assert refused.status_code == 422 and "date_of_birth" in refused.json["fields"]
    accepted = post(eh, "/api/v1/cases", CHILD, key="fix-and-resend")
    assert accepted.status_code == 201 and "Idempotent-Replayed" not in accepted.headers
    assert post(eh, "/api/v1/cases", CHILD, key="fix-and-resend").json == accepted.json
    assert count(app, Case) == cases + 1


def test_a_key_expires_after_a_day_by_the_app_clock(app, as_user, clock):
    eh = as_user(EH)
    first = post(eh, "/api/v1/cases", CHILD, key="daily")
    clock.advance(hours=23)
    assert post(eh, "/api/v1/cases", CHILD, key="daily").json["id"] == first.json["id"]
    clock.advance(hours=2)
    fresh = post(eh, "/api/v1/cases", CHILD, key="daily")
    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh.headers
    assert fresh.json["id"] != first.json["id"]


def test_a_key_whose_first_request_is_still_running_answers_409(app, as_user, monkeypatch):
    """The first request is held inside the route; the retry arrives meanwhile."""
    eh, case_id = as_user(EH), new_case(as_user)
    inside, release = threading.Event(), threading.Event()
    original = pathway_runs.refuse_second_copy

    def held(*args):
        inside.set()
        assert release.wait(30)
        return original(*args)
    monkeypatch.setattr(pathway_runs, "refuse_second_copy", held)
    answers = {}
    first = threading.Thread(target=lambda: answers.update(first=post(
        eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY}, key="slow", client=app.test_client())))
    first.start()
    try:
        assert inside.wait(30)
        monkeypatch.setattr(pathway_runs, "refuse_second_copy", original)
        during = post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY}, key="slow")
    finally:
        release.set()
        first.join(30)
    assert names_the_header(during, 409) and during.json["error"] == "idempotency_key_in_progress"
    assert answers["first"].status_code == 201
    after = post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY}, key="slow")
    assert after.status_code == 201 and after.json == answers["first"].json
    assert running(app, case_id) == [after.json["id"]]


def test_a_request_that_ran_but_lost_its_answer_is_never_run_again(app, as_user, monkeypatch):
    """The key is marked applied in the route's own transaction, so a crash before the answer is
    stored leaves a key that refuses to run the request a second time."""
    from service.api import idempotency
    eh, cases = as_user(EH), count(app, Case)
    real_finish = idempotency._finish

    def crash_after_the_route(session, row_id, response):
        if response is not None and response.status_code < 400:
            raise RuntimeError("the process died before storing the answer")
        return real_finish(session, row_id, response)
    monkeypatch.setattr(idempotency, "_finish", crash_after_the_route)
    lost = post(eh, "/api/v1/cases", CHILD, key="lost-answer")
    # The API's last-line handler answers the failure as a bare JSON 500; the case was written.
    assert lost.status_code == 500 and lost.json["error"] == "internal_error"
    monkeypatch.setattr(idempotency, "_finish", real_finish)
    assert count(app, Case) == cases + 1
    retry = post(eh, "/api/v1/cases", CHILD, key="lost-answer")
    assert names_the_header(retry, 409) and "carried out" in retry.json["message"]
    assert count(app, Case) == cases + 1


def test_every_post_route_of_the_api_reads_the_header(app, as_user):
    """A malformed key is refused by every POST route, so none of them ignores the header."""
    admin = as_user(ADMIN)
    routes = [rule for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1") and "POST" in rule.methods]
    assert len(routes) >= 8
    for rule in routes:
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(r"<(?:[a-z]+:)?" + name + ">", "1", url)
        response = post(admin, url, {}, key="\u00e9" * 3)
        assert names_the_header(response, 422), (rule.rule, response.status_code, response.data[:200])


# --- one running copy of a pathway per case --------------------------------------------------------

def test_starting_a_running_pathway_again_is_a_409_naming_the_running_instance(app, as_user):
    eh, case_id = as_user(EH), new_case(as_user)
    first = post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    events = count(app, AuditEvent)
    second = post(as_user(MASH_MANAGER), f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    assert first.status_code == 201 and second.status_code == 409
    assert second.json["error"] == "already_running"
    assert str(first.json["id"]) in second.json["message"] and str(first.json["id"]) in second.json["fields"]["pathway"]
    assert running(app, case_id) == [first.json["id"]] and count(app, AuditEvent) == events


def test_a_finished_pathway_can_be_started_again(app, as_user):
    eh, case_id = as_user(EH), new_case(as_user)
    first = post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    send_step_up(as_user, case_id, reason="CIN")
    contact_and_referral(as_user, case_id)
    write_summary(as_user, case_id)
    # No further action with advice to the referrer ends the pathway at the decision.
    assert as_user(MASH_MANAGER).complete("mash_manager_decision", case_id, authorised=True,
                                          next_actions="No further action: advice to the referrer",
                                          advice_to_referrer="Fictional advice",
                                          decision_rationale="Threshold not met").status_code == 200
    assert running(app, case_id) == []
    again = post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    assert again.status_code == 201 and again.json["id"] != first.json["id"]


def with_runs_per_case(value):
    text = replace_once(camden_text(), 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
                        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                        'xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"')
    return replace_once(text, 'isExecutable="true">', 'isExecutable="true">\n    <bpmn:extensionElements>\n'
                        '      <spiffworkflow:properties>\n'
                        f'        <spiffworkflow:property name="runs_per_case" value="{value}" />\n'
                        '      </spiffworkflow:properties>\n    </bpmn:extensionElements>')


def test_a_diagram_that_says_runs_per_case_many_may_run_twice_on_a_case(app, as_user):
    deploy_text(app, with_runs_per_case("many"))
    eh, case_id = as_user(EH), new_case(as_user)
    first = post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    second = post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    assert first.status_code == second.status_code == 201
    assert sorted(running(app, case_id)) == sorted([first.json["id"], second.json["id"]])
    # The next version says "one" again: a third copy is refused while the others run.
    deploy_text(app, with_runs_per_case("one"))
    assert post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY}).status_code == 409


def test_a_runs_per_case_value_other_than_one_or_many_is_refused_at_deploy(app):
    with pytest.raises(DiagramInvalid) as refused:
        deploy_text(app, with_runs_per_case("twice"))
    assert "runs_per_case" in refused.value.message and "camden_step_up_to_mash" in refused.value.message


def test_safeguarding_concerns_each_run_their_own_copy_beside_the_planned_pathway(app, as_user):
    eh, case_id = as_user(EH), new_case(as_user)
    assert post(eh, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY}).status_code == 201
    concern = {"data": CONCERN}
    for _ in range(2):
        response = post(eh, f"/api/v1/cases/{case_id}/safeguarding-concern", concern)
        assert response.status_code == 201, response.json
    assert len(running(app, case_id, "camden/immediate_safeguarding_concern")) == 2
    assert len(running(app, case_id)) == 1


def test_the_start_pathway_button_twice_says_so_and_starts_no_second_copy(app, as_user):
    case_id = new_case(as_user)
    browser = signed_in(app, EH)
    first = browser.post(f"/cases/{case_id}/pathways", data={"pathway": PATHWAY})
    assert first.status_code == 302
    second = browser.post(f"/cases/{case_id}/pathways", data={"pathway": PATHWAY}, follow_redirects=True)
    assert second.status_code == 200
    page = second.get_data(as_text=True)
    assert "already running for this child, so it was not started again" in page
    assert len(running(app, case_id)) == 1


# --- races: separate threads, separate database connections ----------------------------------------

def race(app, actors, url, body, key=None):
    """Send the same POST from one thread per actor at once; the responses, in thread order."""
    barrier = threading.Barrier(len(actors), timeout=30)
    answers = [None] * len(actors)

    def send(index, actor):
        client = app.test_client()
        barrier.wait()
        answers[index] = post(actor, url, body, key=key, client=client)
    threads = [threading.Thread(target=send, args=(i, a)) for i, a in enumerate(actors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def test_concurrent_starts_give_one_running_copy_and_409s_naming_it(app, as_user):
    actors = [as_user(EH), as_user(MASH_MANAGER), as_user(MASH_SW), as_user(DUTY)]
    for _round in range(12 if ON_POSTGRES else 4):
        case_id = new_case(as_user)
        answers = race(app, actors, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
        statuses = sorted(a.status_code for a in answers)
        assert statuses == [201, 409, 409, 409], [a.json for a in answers]
        winner = next(a.json["id"] for a in answers if a.status_code == 201)
        assert all(str(winner) in a.json["message"] for a in answers if a.status_code == 409)
        assert running(app, case_id) == [winner]


def test_the_database_refuses_a_second_copy_when_both_starts_pass_the_check(app, as_user, monkeypatch):
    """Both requests are held until each has looked and found nothing running: only the index is left."""
    actors = [as_user(EH), as_user(MASH_MANAGER)]
    original = pathway_runs.refuse_second_copy
    for _round in range(6 if ON_POSTGRES else 2):
        case_id = new_case(as_user)
        both_looked = threading.Barrier(2, timeout=30)

        def look_then_wait(*args):
            original(*args)
            both_looked.wait()
        monkeypatch.setattr(pathway_runs, "refuse_second_copy", look_then_wait)
        answers = race(app, actors, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
        monkeypatch.setattr(pathway_runs, "refuse_second_copy", original)
        assert sorted(a.status_code for a in answers) == [201, 409], [a.json for a in answers]
        loser = next(a for a in answers if a.status_code == 409)
        assert loser.json["error"] == "already_running"
        assert running(app, case_id) == [next(a.json["id"] for a in answers if a.status_code == 201)]


def test_concurrent_requests_with_one_key_run_once(app, as_user):
    eh = as_user(EH)
    for round_ in range(10 if ON_POSTGRES else 3):
        case_id = new_case(as_user)
        answers = race(app, [eh] * 4, f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY},
                       key=f"race-{round_}")
        assert all(a.status_code in (201, 409) for a in answers), [a.status_code for a in answers]
        created = [a.json for a in answers if a.status_code == 201]
        assert created and all(body == created[0] for body in created)
        assert all(a.json["error"] == "idempotency_key_in_progress" for a in answers if a.status_code == 409)
        assert running(app, case_id) == [created[0]["id"]]


# --- the migration, on a database that already holds doubles ---------------------------------------

def test_the_migration_keeps_existing_doubles_running_and_then_refuses_new_ones(make_app):
    from sqlalchemy import text
    app = make_app()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision="0001")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO cases (id, child_name, person_id, family_id, pack, current_service, "
                              "lead_professional, created_at) VALUES (1, 'Fictional', '', '', 'camden', 'EH', '', "
                              "'2026-11-02 10:00:00')"))
            conn.execute(text("INSERT INTO process_versions (id, pathway, number, process_id, content_hash, files, "
                              "deployed_at) VALUES (1, 'camden/step_up_to_mash', 1, 'p', 'h', '{}', "
                              "'2026-11-02 10:00:00')"))
            for instance_id, pathway, status in [(1, PATHWAY, "running"), (2, PATHWAY, "running"),
                                                 (3, "camden/immediate_safeguarding_concern", "running"),
                                                 (4, "camden/immediate_safeguarding_concern", "running")]:
                conn.execute(text("INSERT INTO process_instances (id, case_id, version_id, pathway, status, state, "
                                  "serializer_version, lock_version, started_at, updated_at) VALUES "
                                  f"({instance_id}, 1, 1, '{pathway}', '{status}', '', '', 1, "
                                  "'2026-11-02 10:00:00', '2026-11-02 10:00:00')"))
        upgrade()
        with db.engine.connect() as conn:
            alone = dict(conn.execute(text("SELECT id, runs_alone FROM process_instances ORDER BY id")).all())
        assert {k: bool(v) for k, v in alone.items()} == {1: True, 2: False, 3: False, 4: False}
        with pytest.raises(Exception) as refused, db.engine.begin() as conn:
            conn.execute(text("INSERT INTO process_instances (id, case_id, version_id, pathway, status, state, "
                              "serializer_version, lock_version, started_at, updated_at, runs_alone) VALUES "
                              f"(5, 1, 1, '{PATHWAY}', 'running', '', '', 1, '2026-11-02 10:00:00', "
                              "'2026-11-02 10:00:00', true)"))
        assert "unique" in str(refused.value).lower()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
