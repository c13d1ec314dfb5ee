"""The escalation pattern: a non-interrupting deadline opens work for the next tier up.

Uses the test-only Camden diagram in tests/diagrams (see timer_helpers): the MASH social
worker's screening has a 1-working-day deadline that escalates to the MASH manager,
whose chase has a 4-hour deadline that escalates to the duty manager.
"""
from datetime import datetime, timedelta, timezone

import pytest
from timer_helpers import ADMIN, DUTY, EH, MASH_MANAGER, MASH_SW, history, start_case, task_ids
from timer_helpers import escalation  # noqa: F401 (a fixture)

UTC = timezone.utc
TUESDAY_10 = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)


def run_sweep(as_user):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return response.json["fired"]


@pytest.mark.usefixtures("escalation")
def test_deadline_opens_escalation_for_next_tier_and_original_task_stays_open(as_user, clock):
    case_id, instance_id = start_case(as_user(EH))
    social_worker, manager, duty = as_user(MASH_SW), as_user(MASH_MANAGER), as_user(DUTY)
    assert task_ids(manager, case_id) == []

    clock.set(TUESDAY_10 - timedelta(minutes=1))
    assert run_sweep(as_user) == []
    assert task_ids(manager, case_id) == []

    clock.set(TUESDAY_10 + timedelta(minutes=1))
    fired = run_sweep(as_user)
    assert [(f["case_id"], f["instance_id"], f["timer_id"], f["attached_to"]) for f in fired] == [
        (case_id, instance_id, "screening_overdue", "screen_contact")]
    [chase] = manager.tray(case=case_id)
    assert (chase["task_id"], chase["role"]) == ("chase_screening", "MASH Manager")
    assert chase["due"] == (clock() + timedelta(hours=4)).isoformat()
    # The original task is still open, still with its deadline, and now overdue.
    [screening] = social_worker.tray(case=case_id)
    assert (screening["task_id"], screening["due"], screening["overdue"]) == (
        "screen_contact", TUESDAY_10.isoformat(), True)
    [event] = history(social_worker, case_id, "timer.fired")
    assert (event["actor"], event["instance_id"], event["task_id"]) == ("system", instance_id, "screening_overdue")
    assert event["data"]["due"] == TUESDAY_10.isoformat()

    # Tier 2: the chase is itself not done within 4 hours.
    clock.advance(hours=4, minutes=1)
    assert [f["timer_id"] for f in run_sweep(as_user)] == ["chase_overdue"]
    assert [(t["task_id"], t["role"]) for t in duty.tray(case=case_id)] == [
        ("escalate_screening", "Duty Manager of the Receiving Team")]
    assert task_ids(social_worker, case_id) == ["screen_contact"]
    assert task_ids(manager, case_id) == ["chase_screening"]
    assert len(history(social_worker, case_id, "timer.fired")) == 2
    assert run_sweep(as_user) == []


@pytest.mark.usefixtures("escalation")
def test_original_task_can_still_be_done_after_escalating(as_user, clock):
    case_id, _ = start_case(as_user(EH))
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    run_sweep(as_user)
    done = as_user(MASH_SW).complete("screen_contact", case_id, outcome_note="Screened late (fictional)")
    assert done.status_code == 200, done.json
    assert task_ids(as_user(MASH_SW), case_id) == []
    # The chase stays with the manager until they close it; its own deadline still runs.
    assert task_ids(as_user(MASH_MANAGER), case_id) == ["chase_screening"]
    clock.advance(hours=5)
    assert [f["timer_id"] for f in run_sweep(as_user)] == ["chase_overdue"]


@pytest.mark.usefixtures("escalation")
def test_no_escalation_when_the_task_is_done_in_time(as_user, clock):
    case_id, _ = start_case(as_user(EH))
    clock.set(TUESDAY_10 - timedelta(minutes=5))
    assert as_user(MASH_SW).complete("screen_contact", case_id, outcome_note="Done").status_code == 200
    clock.set(TUESDAY_10 + timedelta(days=3))
    assert run_sweep(as_user) == []
    assert task_ids(as_user(MASH_MANAGER), case_id) == []
    assert history(as_user(MASH_SW), case_id, "timer.fired") == []


@pytest.mark.usefixtures("escalation")
def test_deadline_that_passed_before_someones_step_fires_in_that_step_and_is_recorded(as_user, clock):
    case_id, _ = start_case(as_user(EH))
    clock.set(TUESDAY_10 + timedelta(minutes=1))
    run_sweep(as_user)  # tier 1: the chase opens, with its own 4-hour deadline
    clock.advance(hours=5)
    # Before any sweep, the social worker finishes screening. The engine checks timers at
    # the end of every step, so the chase's passed deadline goes off in that step.
    assert as_user(MASH_SW).complete("screen_contact", case_id, outcome_note="Late").status_code == 200
    assert task_ids(as_user(DUTY), case_id) == ["escalate_screening"]
    assert [e["task_id"] for e in history(as_user(MASH_SW), case_id, "timer.fired")] == [
        "screening_overdue", "chase_overdue"]
    assert run_sweep(as_user) == []  # and no sweep fires it again


@pytest.mark.usefixtures("escalation")
def test_task_finished_late_but_before_any_sweep_does_not_escalate(as_user, clock):
    case_id, _ = start_case(as_user(EH))
    clock.set(TUESDAY_10 + timedelta(minutes=30))
    assert as_user(MASH_SW).complete("screen_contact", case_id, outcome_note="Late").status_code == 200
    assert run_sweep(as_user) == []
    assert task_ids(as_user(MASH_MANAGER), case_id) == []
    assert history(as_user(MASH_SW), case_id, "timer.fired") == []
    timers = as_user(ADMIN).get("/api/v1/admin/timers").json["timers"]
    assert [t for t in timers if t["case_id"] == case_id] == []
