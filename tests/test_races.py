"""Races: people claiming and completing one task at once, and a person racing the timer sweep.

Every racer is a thread with its own Flask test client, so each request runs in its own app
context with its own database session and connection: on PostgreSQL when DATABASE_URL
selects it, else on the suite's SQLite file. A barrier lines the requests up; each race
runs many times and the outcomes are counted. Per race: exactly one 200 (or one redirect
for the HTML form), every loser a JSON 409 (the friendly 409 page for the HTML form), no
5xx, and afterwards the instance's work items, timer rows and audit events agree with its
stored workflow (tests/consistency.py). The counts are printed, then asserted.
"""
import os
import threading
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from conftest import START, Actor
from consistency import problems
from timer_helpers import ADMIN, ESCALATION, MASH_SW
from timer_helpers import escalation  # noqa: F401 (a fixture)

from service.access import auth
from service.demo import DEMO_PASSWORD
from service.extensions import db

ON = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
EH = "camden-early-help-manager"
MASH_MANAGER = "camden-mash-manager"
DUTY = "camden-duty-manager-of-the-receiving-team"
STEP_UP = {"reason": "CP", "information_for_cssw": "Fictional: bruising seen at nursery",
           "risk_of_significant_harm": "Yes", "why_eh_cannot_meet_needs": "Fictional reasons",
           "discussed_with_family": "Yes"}
TUESDAY_10 = datetime(2026, 11, 3, 10, 0, tzinfo=timezone.utc)


class Tally:
    """Outcomes of many tries of one race, and the tries that broke a rule."""

    def __init__(self, scenario):
        self.scenario, self.tries, self.outcomes, self.anomalies = scenario, 0, Counter(), []

    def add(self, outcomes, expected, extra=()):
        """Count one try; an anomaly when its sorted outcomes are not ``expected`` or ``extra`` holds problems."""
        self.tries += 1
        self.outcomes.update(outcomes)
        if sorted(outcomes) != sorted(expected) or extra:
            self.anomalies.append((self.tries, sorted(outcomes), list(extra)))

    def check(self, capsys):
        with capsys.disabled():
            print(f"\n[races] {self.scenario} on {ON}: {self.tries} tries, outcomes "
                  f"{dict(sorted(self.outcomes.items()))}, anomalies {len(self.anomalies)}")
        assert self.anomalies == [], self.anomalies[:5]


def race(*calls):
    """Run each call in its own thread, released together by a barrier; their outcomes in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(slot, call):
        try:
            barrier.wait(timeout=30)
            results[slot] = call()
        except Exception as exc:  # an unhandled error in a request (TESTING propagates it): a 500
            results[slot] = exc

    threads = [threading.Thread(target=run, args=(slot, call)) for slot, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def api_outcome(response):
    """'200', '409' (the JSON conflict error), or what went wrong instead."""
    if isinstance(response, Exception):
        return f"500 {type(response).__name__}"
    if response.status_code == 409:
        body = response.get_json(silent=True) or {}
        return "409" if body.get("error") == "conflict" and body.get("message") else "409 not JSON"
    return str(response.status_code)


def page_outcome(response):
    """'done' (redirect after a completed form), '409 page' (the friendly page), or what instead."""
    if isinstance(response, Exception):
        return f"500 {type(response).__name__}"
    if response.status_code == 302:
        return "done"
    if response.status_code == 409 and b"This has changed" in response.data:
        return "409 page"
    return str(response.status_code)


@pytest.fixture
def colleagues(app):
    """Three more Early Help Managers in Camden, to race the demo one: their usernames."""
    names = [f"race-eh-manager-{n}" for n in range(3)]
    with app.app_context():
        for name in names:
            auth.add_user(name, f"Fictional EH Manager {name[-1]}", DEMO_PASSWORD, [("camden", "Early Help Manager")])
        db.session.commit()
    return names


def new_step_up(eh):
    """A new Camden case with its step-up started: (case id, id of the EH Manager's open task)."""
    case = eh.post("/api/v1/cases", {"child_name": "Fictional Child R", "date_of_birth": "2018-05-04",
                                     "person_id": "P-R", "pack": "camden"})
    assert case.status_code == 201, case.json
    started = eh.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": "camden/step_up_to_mash"})
    assert started.status_code == 201, started.json
    [task] = started.json["open_tasks"]
    return case.json["id"], task["id"], started.json["id"]


def events(actor, case_id, action):
    return [e for e in actor.history(case_id) if e["action"] == action]


def test_people_claiming_one_task_at_once_one_gets_it(app, as_user, colleagues, capsys):
    """Four people claim one task together: one 200, three 409s, one claim on the record."""
    lead = as_user(EH)
    racers = [Actor(app, EH)] + [Actor(app, name) for name in colleagues]
    case_id, item_id, _instance = new_step_up(lead)
    tally = Tally("4 concurrent claims of one task")
    for _ in range(50):
        responses = race(*[lambda a=a: a.post(f"/api/v1/tasks/{item_id}/claim") for a in racers])
        outcomes = [api_outcome(r) for r in responses]
        winners = [a.username for a, o in zip(racers, outcomes) if o == "200"]
        extra = []
        held_by = lead.get(f"/api/v1/tasks/{item_id}").json["assignee"]
        if winners and held_by != winners[0]:
            extra.append(f"task held by {held_by}, 200 went to {winners}")
        tally.add(outcomes, ["200", "409", "409", "409"], extra)
        for racer in racers:  # whoever holds it lets it go for the next try
            if racer.username == held_by:
                assert racer.post(f"/api/v1/tasks/{item_id}/unclaim").status_code == 200
    claims = len(events(lead, case_id, "task.claimed"))
    if claims != tally.outcomes["200"]:
        tally.anomalies.append(("claims on the record", claims, tally.outcomes["200"]))
    tally.check(capsys)


def test_a_claim_racing_a_completion_never_both_succeed(app, as_user, colleagues, capsys):
    """One person completes while a colleague claims: exactly one of them gets a 200."""
    lead = as_user(EH)
    completer, claimer = Actor(app, EH), Actor(app, colleagues[0])
    tally = Tally("claim racing completion")
    for _ in range(50):
        case_id, item_id, instance_id = new_step_up(lead)
        complete, claim = race(lambda: completer.post(f"/api/v1/tasks/{item_id}/complete", {"data": STEP_UP}),
                               lambda: claimer.post(f"/api/v1/tasks/{item_id}/claim"))
        outcomes = [api_outcome(complete), api_outcome(claim)]
        task = lead.get(f"/api/v1/tasks/{item_id}").json
        extra = problems(app, [instance_id])
        if outcomes[0] == "200" and (task["status"], task["assignee"]) != ("completed", EH):
            extra.append(f"completion answered 200 but the task is {task['status']} for {task['assignee']}")
        if outcomes[1] == "200" and (task["status"], task["assignee"]) != ("open", claimer.username):
            extra.append(f"claim answered 200 but the task is {task['status']} for {task['assignee']}")
        tally.add(outcomes, ["200", "409"], extra)
    tally.check(capsys)


def test_completing_one_task_at_once_one_succeeds_the_rest_get_a_json_409(app, as_user, colleagues, capsys):
    """The same person twice (a double click) and a colleague complete one task: one 200, two 409s."""
    lead = as_user(EH)
    racers = [Actor(app, EH), Actor(app, EH), Actor(app, colleagues[0])]
    tally = Tally("3 concurrent completions of one task")
    for _ in range(50):
        case_id, item_id, instance_id = new_step_up(lead)
        responses = race(*[lambda a=a: a.post(f"/api/v1/tasks/{item_id}/complete", {"data": STEP_UP})
                           for a in racers])
        extra = problems(app, [instance_id])
        nexts = [t["task_id"] for t in as_user(MASH_MANAGER).tray(case=case_id)]
        if nexts != ["mash_contact_and_referral"]:
            extra.append(f"MASH Manager's tray holds {nexts}")
        tally.add([api_outcome(r) for r in responses], ["200", "409", "409"], extra)
    tally.check(capsys)


def test_the_task_form_sent_twice_at_once_shows_the_friendly_409_page(app, as_user, colleagues, capsys):
    """Two signed-in people send the same task form together: one is done, the other sees 'This has changed'."""
    lead = as_user(EH)
    browsers = []
    for username in (EH, colleagues[1]):
        client = app.test_client()
        assert client.post("/sign-in", data={"username": username, "password": DEMO_PASSWORD}).status_code == 302
        browsers.append(client)
    tally = Tally("2 concurrent HTML form posts of one task")
    for _ in range(30):
        _case_id, item_id, instance_id = new_step_up(lead)
        responses = race(*[lambda b=b: b.post(f"/tasks/{item_id}", data={**STEP_UP, "action": "confirm"}) for b in browsers])
        tally.add([page_outcome(r) for r in responses], ["done", "409 page"], problems(app, [instance_id]))
    tally.check(capsys)


def test_two_parallel_tasks_of_one_case_completed_at_once_both_stand(app, as_user, capsys):
    """After a CP decision, the strategy discussion and the assessment are finished at the same moment: both 200."""
    lead, manager, duty = as_user(EH), as_user(MASH_MANAGER), as_user(DUTY)
    manager2, duty2 = Actor(app, MASH_MANAGER), Actor(app, DUTY)
    tally = Tally("2 parallel tasks of one instance completed at once")
    for _ in range(15):
        case_id, item_id, instance_id = new_step_up(lead)
        assert lead.post(f"/api/v1/tasks/{item_id}/complete", {"data": STEP_UP}).status_code == 200
        assert manager.complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                                already_known="No", eha_previously_completed="Yes",
                                further_details="x").status_code == 200
        assert as_user("camden-mash-social-worker").complete(
            "write_summary", case_id, household_details="Fictional household", screening_findings="Checks done",
            recommended_decision="CP").status_code == 200
        assert manager.complete("mash_manager_decision", case_id, authorised=True, next_actions="CP",
                                receiving_team="Children with Disability Team",
                                decision_rationale="Threshold met").status_code == 200
        strategy = manager.task("strategy_discussion", case_id)["id"]
        assessment = duty.task("child_and_family_assessment", case_id)["id"]
        responses = race(
            lambda: manager2.post(f"/api/v1/tasks/{strategy}/complete", {"data": {
                "held_at": "2026-11-02T09:30", "attendees": "Police, health, CSC", "section_47_enquiry": "Yes",
                "strategy_outcome": "s47 enquiries"}}),
            lambda: duty2.post(f"/api/v1/tasks/{assessment}/complete", {"data": {
                "allocated_team": "CwD", "allocated_social_worker": "camden-mash-social-worker", "assessment_start_date": "2026-11-03"}}))
        extra = problems(app, [instance_id])
        # Both stood: each branch moved on to its next step (s47 outcome, the assessment's conclusion).
        left = sorted(t["task_id"] for t in lead.get(f"/api/v1/cases/{case_id}").json["open_tasks"])
        if left != ["conclude_child_and_family_assessment", "section_47_enquiry_outcome"]:
            extra.append(f"open after both tasks were done: {left}")
        tally.add([api_outcome(r) for r in responses], ["200", "200"], extra)
    tally.check(capsys)


@pytest.mark.usefixtures("escalation")
def test_a_person_completing_a_timed_task_during_a_sweep(app, as_user, clock, capsys):
    """A sweep fires the overdue screening deadline while the social worker finishes the screening.

    Whichever goes first, the person's step stands (200: the deadline does not take the task
    away), the sweep answers 200, the deadline is recorded at most once, and timers, work
    items and workflow agree.
    """
    eh, admin, worker = as_user("camden-early-help-manager"), Actor(app, ADMIN), Actor(app, MASH_SW)
    tally = Tally("a person completing a timed task during a sweep")
    for _ in range(40):
        clock.set(START)
        case = eh.post("/api/v1/cases", {"child_name": "Fictional Child S", "date_of_birth": "2017-03-02",
                                         "pack": "camden"}).json["id"]
        started = eh.post(f"/api/v1/cases/{case}/pathways", {"pathway": ESCALATION}).json
        [screen] = started["open_tasks"]
        clock.set(TUESDAY_10 + timedelta(minutes=1))  # the screening deadline has passed
        sweep, person = race(lambda: admin.post("/api/v1/admin/timers/run"),
                             lambda: worker.post(f"/api/v1/tasks/{screen['id']}/complete",
                                                 {"data": {"outcome_note": "Screened (fictional)"}}))
        extra = problems(app, [started["id"]])
        fired = len(events(eh, case, "timer.fired"))
        if fired > 1:
            extra.append(f"the deadline was recorded {fired} times")
        tally.add([f"sweep {api_outcome(sweep)}", f"person {api_outcome(person)}"],
                  ["sweep 200", "person 200"], extra)
    tally.check(capsys)


def test_a_step_that_waits_too_long_for_its_case_gets_a_409_and_writes_nothing(app, as_user):
    """Another writer holds the instance (a stuck process): after the lock wait, a JSON 409, nothing written."""
    eh = as_user(EH)
    case_id, item_id, instance_id = new_step_up(eh)
    before = eh.history(case_id)
    with app.app_context(), db.engine.connect() as stuck:
        # An uncommitted write: the instance's row lock on PostgreSQL, the database's write lock on SQLite.
        stuck.execute(db.text("UPDATE process_instances SET updated_at = updated_at WHERE id = :id"),
                      {"id": instance_id})
        waited = eh.post(f"/api/v1/tasks/{item_id}/complete", {"data": STEP_UP})
        stuck.rollback()
    assert waited.status_code == 409, waited.data[:300]
    assert waited.json["error"] == "conflict" and "changed" in waited.json["message"]
    assert eh.history(case_id) == before
    assert eh.get(f"/api/v1/tasks/{item_id}").json["status"] == "open"
    assert eh.post(f"/api/v1/tasks/{item_id}/complete", {"data": STEP_UP}).status_code == 200
