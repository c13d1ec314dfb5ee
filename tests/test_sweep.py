"""The sweep fires each due timer exactly once: in a row, racing, across a restart; and the scheduler.

The racing test uses two threads, each with its own app context and so its own database
session and connection: SQLite here, and the same code on PostgreSQL when DATABASE_URL
selects it (there the claim is SELECT … FOR UPDATE SKIP LOCKED).
"""
import importlib.util
import os
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click
import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from timer_helpers import ADMIN, EH, MASH_MANAGER, history, start_case
from timer_helpers import escalation  # noqa: F401 (a fixture)

from service.diagrams import catalog
from service import create_app
from service.work import instances
from service.deadlines import scheduler, sweep, timer_index
from service.clock import system_clock
from service.extensions import db
from service.store.models import AuditEvent

UTC = timezone.utc
TUESDAY_10 = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def start_cases(as_user, n):
    eh = as_user(EH)
    return [start_case(eh, f"Fictional Child {i}") for i in range(n)]


def fired_events(app):
    with app.app_context():
        return db.session.scalars(db.select(AuditEvent.instance_id).where(AuditEvent.action == "timer.fired")
                                  .order_by(AuditEvent.instance_id)).all()


def statuses(app):
    with app.app_context():
        return sorted(r.status for r in db.session.scalars(db.select(timer_index.Timer)))


def sweep_in(app):
    """One sweep in its own app context (own session), as a scheduler job would run it."""
    with app.app_context():
        return sweep.fire_due_timers(app.extensions["stepwise"])


@pytest.mark.usefixtures("escalation")
def test_two_sweeps_in_a_row_fire_each_timer_once(app, as_user, clock):
    started = start_cases(as_user, 3)
    clock.set(TUESDAY_10 - timedelta(minutes=1))
    assert sweep_in(app) == []
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    first = sweep_in(app)
    assert sorted(f["instance_id"] for f in first) == sorted(i for _, i in started)
    assert sweep_in(app) == []
    assert fired_events(app) == sorted(i for _, i in started)
    # Each instance now has its fired row and the chase's waiting 4-hour timer.
    assert statuses(app) == ["fired"] * 3 + ["waiting"] * 3
    for case_id, _ in started:
        assert [t["task_id"] for t in as_user(MASH_MANAGER).tray(case=case_id)] == ["chase_screening"]


@pytest.mark.usefixtures("escalation")
def test_a_sweep_that_saw_the_same_due_timers_fires_nothing_twice(app, as_user, clock):
    started = start_cases(as_user, 2)
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    rt = app.extensions["stepwise"]
    with app.app_context():
        seen_by_b = sweep.due_timer_ids(clock())
        db.session.commit()
        assert len(seen_by_b) == 2
        fired_by_a = sweep_in(app)  # nested context: another session, as another process would be
        assert len(fired_by_a) == 2
        assert [f for timer_id in seen_by_b for f in sweep.fire_timer(rt, timer_id, clock())] == []
    assert fired_events(app) == sorted(i for _, i in started)


@pytest.mark.usefixtures("escalation")
def test_two_sweeps_racing_in_two_threads_fire_each_timer_once(app, as_user, clock):
    started = start_cases(as_user, 8)
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    barrier = threading.Barrier(2)
    results, errors = [[], []], []

    def racer(slot):
        try:
            with app.app_context():
                db.session.scalar(db.select(timer_index.Timer.id).limit(1))  # connect before the start line
                db.session.commit()
                barrier.wait(timeout=30)
                results[slot] = sweep.fire_due_timers(app.extensions["stepwise"])
        except Exception as exc:  # surfaced below: a thread's exception would otherwise vanish
            errors.append(exc)

    threads = [threading.Thread(target=racer, args=(slot,)) for slot in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    fired = sorted(f["instance_id"] for f in results[0] + results[1])
    assert fired == sorted(i for _, i in started)
    assert fired_events(app) == fired
    for case_id, _ in started:
        assert len(as_user(MASH_MANAGER).tray(case=case_id)) == 1


@pytest.mark.usefixtures("escalation")
def test_a_restart_with_overdue_timers_fires_them_once_at_the_next_sweep(app, make_app, as_user, clock):
    started = start_cases(as_user, 2)
    clock.set(TUESDAY_10 + timedelta(days=2))  # nothing ran while the deadlines passed
    restarted = make_app()
    assert sorted(f["instance_id"] for f in sweep_in(restarted)) == sorted(i for _, i in started)
    assert sweep_in(restarted) == []
    assert sweep_in(app) == []
    assert fired_events(app) == sorted(i for _, i in started)


@pytest.mark.usefixtures("escalation")
def test_a_timer_that_cannot_fire_is_marked_failed_and_others_still_fire(app, as_user, clock):
    with app.app_context():
        catalog.add_version("camden/broken_timer", {"broken_timer.bpmn": _broken_diagram()}, clock())
        db.session.commit()
    eh = as_user(EH)
    good_case, good_instance = start_case(eh)
    broken_case = eh.post("/api/v1/cases", {"child_name": "Fictional Child B", "date_of_birth": "2016-01-01",
                                            "pack": "camden"}).json["id"]
    assert eh.post(f"/api/v1/cases/{broken_case}/pathways", {"pathway": "camden/broken_timer"}).status_code == 201
    clock.set(TUESDAY_10 + timedelta(days=1))
    fired = as_user(ADMIN).post("/api/v1/admin/timers/run").json["fired"]
    assert [f["instance_id"] for f in fired] == [good_instance]
    [failure] = history(eh, broken_case, "timer.failed")
    assert failure["actor"] == "system" and failure["task_id"] == "broken_deadline"
    assert as_user(ADMIN).post("/api/v1/admin/timers/run").json["fired"] == []  # not retried every sweep
    assert statuses(app).count("failed") == 1
    assert history(eh, good_case, "timer.fired")


@pytest.mark.skipif(not ON_POSTGRES, reason="SKIP LOCKED is PostgreSQL's; SQLite serialises writers instead")
@pytest.mark.usefixtures("escalation")
def test_on_postgres_a_timer_another_sweep_holds_is_skipped_not_waited_for(app, as_user, clock):
    start_cases(as_user, 1)
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    with app.app_context():
        [timer_id] = sweep.due_timer_ids(clock())
        # Sweep A is in the middle of claiming the row (locked, uncommitted).
        db.session.execute(db.select(timer_index.Timer.id).where(timer_index.Timer.id == timer_id)
                           .with_for_update()).one()
        assert sweep_in(app) == []                          # sweep B neither waits nor fires it
        db.session.rollback()                               # A gives up: the timer is due again
    assert len(sweep_in(app)) == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="SKIP LOCKED is PostgreSQL's; SQLite serialises writers instead")
@pytest.mark.usefixtures("escalation")
def test_on_postgres_a_case_being_changed_hands_its_timer_to_the_next_sweep(app, as_user, clock):
    [(_case_id, instance_id)] = start_cases(as_user, 1)
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    with app.app_context():
        instances.lock(instance_id)                 # a person's step holds the case, uncommitted
        assert sweep_in(app) == []                  # the sweep skips it rather than wait …
        db.session.rollback()
    assert statuses(app) == ["waiting"]             # … and hands the claim back
    assert [f["instance_id"] for f in sweep_in(app)] == [instance_id]
    assert fired_events(app) == [instance_id]


@pytest.mark.usefixtures("escalation")
def test_a_claim_left_by_a_sweep_that_died_is_taken_over_after_the_lease_and_fires_once(app, as_user, clock):
    started = start_cases(as_user, 2)
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    with app.app_context():
        claims = sweep._claim(clock(), 10)  # a sweep claims both rows, then its process is killed
    assert len(claims) == 2 and statuses(app) == ["firing", "firing"]
    assert sweep_in(app) == []  # a live sweep's claim is left alone …
    clock.advance(seconds=sweep.LEASE.total_seconds())
    assert sweep_in(app) == []  # … up to the lease …
    clock.advance(seconds=1)
    assert sorted(f["instance_id"] for f in sweep_in(app)) == sorted(i for _, i in started)  # … then taken over
    assert sweep_in(app) == []
    assert fired_events(app) == sorted(i for _, i in started)


@pytest.mark.usefixtures("escalation")
def test_sweeps_claim_in_batches_and_fire_every_due_timer_once(app, as_user, clock):
    started = start_cases(as_user, 5)
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    with app.app_context():
        fired = sweep.fire_due_timers(app.extensions["stepwise"], batch=2)  # three claims: 2, 2 and 1
    assert sorted(f["instance_id"] for f in fired) == sorted(i for _, i in started)
    assert sweep_in(app) == [] and fired_events(app) == sorted(i for _, i in started)


# --- the scheduler -----------------------------------------------------------------

@pytest.mark.usefixtures("escalation")
def test_scheduler_runs_its_first_sweep_at_start_and_fires_overdue_timers(make_app, as_user, clock):
    started = start_cases(as_user, 2)
    clock.set(TUESDAY_10 + timedelta(days=1))
    restarted = make_app()
    background = scheduler.build(restarted)
    done, outcome = threading.Event(), {}

    def finished(event):
        outcome["error"] = getattr(event, "exception", None)
        done.set()
    background.add_listener(finished, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    job = background.get_job(scheduler.JOB_ID)
    assert job.trigger.interval == timedelta(seconds=30)
    assert job.next_run_time <= system_clock()  # due immediately, not one interval later
    background.start()
    try:
        assert done.wait(timeout=60), "the first sweep did not run"
    finally:
        background.shutdown(wait=True)
    assert outcome["error"] is None
    assert fired_events(restarted) == sorted(i for _, i in started)


def test_scheduler_is_off_under_testing_and_when_disabled(make_app, tmp_path, clock):
    assert "stepwise_scheduler" not in make_app().extensions
    disabled = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'off.sqlite'}", "NOW": clock,
                           "SCHEDULER_ENABLED": False})
    assert "stepwise_scheduler" not in disabled.extensions
    assert scheduler.should_start(disabled) is False
    disabled.config["SCHEDULER_ENABLED"] = True
    assert scheduler.should_start(disabled) is True


def test_scheduler_starts_for_flask_run_but_not_other_commands(make_app, tmp_path, clock, monkeypatch):
    enabled = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'cli.sqlite'}", "NOW": clock,
                          "SCHEDULER_ENABLED": False})
    enabled.config["SCHEDULER_ENABLED"] = True
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    for name, params, expected in (("db", {}, False), ("scheduler", {}, False), ("run", {"reload": False}, True)):
        with click.Context(click.Command(name), info_name=name) as ctx:
            ctx.params.update(params)
            assert scheduler.should_start(enabled) is expected, name


@pytest.mark.usefixtures("escalation")
def test_scheduler_command_runs_one_sweep(app, as_user, clock):
    start_cases(as_user, 1)
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    result = app.test_cli_runner().invoke(args=["scheduler", "--once"])
    assert result.exit_code == 0, result.output
    assert "fired 1 timer(s)" in result.output
    assert "fired 0 timer(s)" in app.test_cli_runner().invoke(args=["scheduler", "--once"]).output


def test_two_deadlines_of_one_case_falling_due_together_each_fire_once(app, as_user, clock):
    pathway = _deploy(app, clock, "two_deadlines", [
        ("first_deadline", "1 working day", "long_task", "timeDate", "working_days(1)", False),
        ("second_deadline", "2 hours", "long_task", "timeDate", "hours(2)", False)])
    case_id = _start(as_user(EH), pathway)
    clock.set(TUESDAY_10 + timedelta(days=1))
    fired = sweep_in(app)
    assert sorted(f["timer_id"] for f in fired) == ["first_deadline", "second_deadline"]
    assert sweep_in(app) == []
    assert sorted(e["task_id"] for e in history(as_user(EH), case_id, "timer.fired")) == [
        "first_deadline", "second_deadline"]
    assert sorted(t["task_id"] for t in as_user(MASH_MANAGER).tray(case=case_id)) == [
        "follow_up_first_deadline", "follow_up_second_deadline"]
    assert statuses(app) == ["fired", "fired"]


def test_a_repeating_reminder_fires_once_per_cycle(app, as_user, clock):
    pathway = _deploy(app, clock, "hourly_reminder", [
        ("hourly", "Every hour, twice", "long_task", "timeCycle", '"R2/PT1H"', False)])
    case_id = _start(as_user(EH), pathway)
    counts = []
    for _ in range(4):
        clock.advance(hours=1, minutes=1)
        counts.append(len(sweep_in(app)))
    assert counts[:2] == [1, 1]
    assert len(as_user(MASH_MANAGER).tray(case=case_id)) == 2
    assert counts == [1, 1, 0, 0]
    assert len(history(as_user(EH), case_id, "timer.fired")) == 2


def _deploy(app, clock, name, timers):
    """Deploy a one-task Camden diagram whose non-interrupting timers each open a follow-up."""
    with app.app_context():
        catalog.add_version(f"camden/{name}", {f"{name}.bpmn": _draw({
            "PROCESS": (f"camden_{name}", f"{name} (tests only)"),
            "LANES": ["MASH Social Worker", "MASH Manager"],
            "NODES": [("begin", "startEvent", "Begin", 0, 0, 0), ("long_task", "userTask", "Long task", 0, 1, 0),
                      ("finish", "endEvent", "Finish", 0, 3, 0)]
            + [(f"follow_up_{t[0]}", "userTask", f"Follow up {t[1]}", 1, 2, i) for i, t in enumerate(timers)],
            "TIMERS": timers,
            "FLOWS": [("f_begin", "begin", "long_task", None, None, False),
                      ("f_finish", "long_task", "finish", None, None, False)]
            + [(f"f_{t[0]}", t[0], f"follow_up_{t[0]}", None, None, False) for t in timers]})}, clock())
        db.session.commit()
    return f"camden/{name}"


def _start(actor, pathway):
    case_id = actor.post("/api/v1/cases", {"child_name": "Fictional Child T", "date_of_birth": "2016-01-01",
                                           "pack": "camden"}).json["id"]
    assert actor.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": pathway}).status_code == 201
    return case_id


def _draw(description):
    spec = importlib.util.spec_from_file_location(
        "draw_bpmn", Path(__file__).resolve().parent.parent / "tools" / "draw_bpmn.py")
    draw = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(draw)
    return draw.render(description).encode()


def _broken_diagram():
    """A Camden diagram whose deadline leads to a gateway that cannot decide (no such value)."""
    return _draw({
        "PROCESS": ("camden_broken_timer", "Broken timer (tests only)"),
        "LANES": ["MASH Social Worker", "MASH Manager"],
        "NODES": [("begin", "startEvent", "Begin", 0, 0, 0), ("long_task", "userTask", "Long task", 0, 1, 0),
                  ("finish", "endEvent", "Finish", 0, 3, 0),
                  ("broken_choice", "exclusiveGateway", "Broken choice", 1, 2, 0),
                  ("never", "endEvent", "Never", 1, 3, 0)],
        "TIMERS": [("broken_deadline", "Broken", "long_task", "timeDate", "working_days(1)", False)],
        "FLOWS": [("f_begin", "begin", "long_task", None, None, False),
                  ("f_finish", "long_task", "finish", None, None, False),
                  ("f_broken", "broken_deadline", "broken_choice", None, None, False),
                  ("f_never", "broken_choice", "never", None, "no_such_value == 1", False)],
    })
