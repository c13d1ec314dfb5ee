"""Camden §3: the daily discussion meeting (one child per meeting record), through the public API."""
from datetime import datetime, timedelta, timezone

import pytest

from test_camden_step_up_decision import (EH, EH_SERVICE_MANAGER, END_OF_MONDAY, MASH_MANAGER, MEETING, STEP_UP,
                                          concerns_raised, decide, form_of, ok, pathways, refused, run_timer_sweep)

DECISION = "camden/step_up_decision"
PRESENTATION = {"presented_by": "Demo Family Worker and Demo EH Manager",
                "reasons_for_escalation": "Fictional information",
                "evidence_concerns_increased": "Two call-outs this week (fictional)",
                "voice_of_child_direct": "He told his teacher he hides under the bed (fictional)",
                "voice_of_child_understanding": "We think he is frightened of the new partner (fictional)"}
STEP_UP_OUTCOME = {"chaired_by": "Demo MASH Manager", "meeting_outcome": "Step up to MASH", "reason": "CIN",
                   "lived_experience_considered": True, "early_help_stays_involved": "Yes",
                   "early_help_role": "Keep the parenting group going (fictional)",
                   "meeting_minutes": "Threshold met (fictional)"}
NOT_MET = {"chaired_by": "Demo MASH Manager", "meeting_outcome": "Threshold not met: stays with Early Help",
           "lived_experience_considered": True, "early_help_stays_involved": "Yes",
           "early_help_role": "Lead professional continues (fictional)",
           "early_help_actions": "Health visitor check; school attendance plan (fictional)",
           "meeting_minutes": "Not met (fictional)"}
# The review date set below, 09:00 London (GMT) on Monday 16 November 2026.
REVIEW_OPENS = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)


def presented(as_user, **changes):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id))
    ok(as_user(EH).complete("present_at_daily_meeting", case_id, **{**PRESENTATION, **changes}))
    return case_id


def test_the_chair_is_the_mash_manager(as_user):
    case_id = presented(as_user)
    assert as_user(MASH_MANAGER).task("daily_meeting_decision", case_id)["role"] == "MASH Manager"
    assert as_user(EH).tray(case=case_id) == []


def test_the_direct_voice_of_the_child_is_required_and_kept_apart_from_speculation(as_user):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id))
    eh = as_user(EH)
    without = {k: v for k, v in PRESENTATION.items() if k != "voice_of_child_direct"}
    refused(eh.complete("present_at_daily_meeting", case_id, **without), "voice_of_child_direct")
    same = {**PRESENTATION, "voice_of_child_understanding": PRESENTATION["voice_of_child_direct"].upper()}
    refused(eh.complete("present_at_daily_meeting", case_id, **same), "voice_of_child_understanding")
    ok(eh.complete("present_at_daily_meeting", case_id, **PRESENTATION))
    events = eh.history(case_id)
    [presentation] = [e for e in events if e["task_id"] == "present_at_daily_meeting"]
    assert presentation["data"]["voice_of_child_direct"] == PRESENTATION["voice_of_child_direct"]
    assert presentation["data"]["voice_of_child_understanding"] == PRESENTATION["voice_of_child_understanding"]


@pytest.mark.parametrize("changes, field", [
    ({"reason": None}, "reason"),
    ({"early_help_role": None}, "early_help_role"),
    ({"lived_experience_considered": False}, "lived_experience_considered"),
    ({"review_date": "2026-11-16"}, "review_date"),
])
def test_a_step_up_outcome_is_refused_without_its_parts(as_user, changes, field):
    case_id = presented(as_user)
    data = {k: v for k, v in {**STEP_UP_OUTCOME, **changes}.items() if v is not None}
    refused(as_user(MASH_MANAGER).complete("daily_meeting_decision", case_id, **data), field)


def test_not_met_needs_agreed_early_help_actions_and_a_future_review_date(as_user):
    case_id = presented(as_user)
    chair = as_user(MASH_MANAGER)
    without = {k: v for k, v in NOT_MET.items() if k != "early_help_actions"}
    refused(chair.complete("daily_meeting_decision", case_id, **without), "early_help_actions")
    refused(chair.complete("daily_meeting_decision", case_id, **NOT_MET, review_date="2026-11-02"), "review_date")


def test_step_up_hands_on_to_step_up_to_mash_due_by_the_end_of_that_day(as_user, clock):
    case_id = presented(as_user)
    ok(as_user(MASH_MANAGER).complete("daily_meeting_decision", case_id, **STEP_UP_OUTCOME))
    eh = as_user(EH)
    assert pathways(eh, case_id) == {DECISION: "complete", MEETING: "complete", STEP_UP: "running"}
    episode = eh.task("send_step_up_to_mash", case_id)
    assert episode["due"] == END_OF_MONDAY.isoformat()
    prefilled = form_of(eh, "send_step_up_to_mash", case_id)["prefilled"]
    assert prefilled["reason"] == "CIN"  # the meeting's reason, not the manager's earlier CP
    assert prefilled["information_for_cssw"] == "Fictional information"
    clock.set(END_OF_MONDAY - timedelta(minutes=1))
    assert run_timer_sweep(as_user) == []
    clock.set(END_OF_MONDAY + timedelta(minutes=1))
    assert run_timer_sweep(as_user) == ["episode_not_completed_today"]
    assert [t["task_id"] for t in as_user(EH_SERVICE_MANAGER).tray(case=case_id)] == ["step_up_episode_overdue"]


def test_not_met_with_a_review_date_opens_a_review_task_on_that_date(as_user, clock):
    case_id = presented(as_user)
    ok(as_user(MASH_MANAGER).complete("daily_meeting_decision", case_id, **NOT_MET, review_date="2026-11-16"))
    eh = as_user(EH)
    assert pathways(eh, case_id)[MEETING] == "running"
    assert eh.tray(case=case_id) == []
    clock.set(REVIEW_OPENS - timedelta(minutes=1))
    assert run_timer_sweep(as_user) == []
    assert eh.tray(case=case_id) == []
    clock.set(REVIEW_OPENS + timedelta(minutes=1))
    assert run_timer_sweep(as_user) == ["review_date_reached"]
    assert form_of(eh, "review_after_daily_meeting", case_id)["prefilled"] == {
        "agreed_actions_noted": NOT_MET["early_help_actions"]}
    ok(eh.complete("review_after_daily_meeting", case_id, agreed_actions_noted="Done",
                   review_findings="Attendance up (fictional)", review_conclusion="Continue with Early Help"))
    assert pathways(eh, case_id)[MEETING] == "complete"


def test_not_met_without_a_review_date_ends_with_the_family_in_early_help(as_user):
    case_id = presented(as_user)
    ok(as_user(MASH_MANAGER).complete("daily_meeting_decision", case_id, **NOT_MET))
    eh = as_user(EH)
    assert pathways(eh, case_id) == {DECISION: "complete", MEETING: "complete"}
    assert eh.get(f"/api/v1/cases/{case_id}").json["current_service"] == "EH"
