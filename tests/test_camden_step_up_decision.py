"""Camden §2 and §4: the Early Help Manager's step-up decision and the urgent route, through the public API."""
from datetime import datetime, timedelta, timezone

import pytest
from answers import ok

FAMILY_WORKER = "camden-family-worker"
EH = "camden-early-help-manager"
EH_SERVICE_MANAGER = "camden-early-help-service-manager"
MASH_MANAGER = "camden-mash-manager"
ADMIN = "demo-admin"
DECISION = "camden/step_up_decision"
MEETING = "camden/daily_discussion_meeting"
STEP_UP = "camden/step_up_to_mash"

PLANNED = "Step up: planned (daily discussion meeting)"
URGENT = "Step up: urgent (discuss with the MASH manager now)"
STAY = "Do not step up: continue with Early Help"
CONCERNS = "Fictional: two police call-outs this week; child says he is scared at night."
EIGHT_QUESTIONS = {
    "risk_of_significant_harm": "Yes", "needs_met_by_early_help": "No: school attendance falling (fictional)",
    "engagement_with_plan": "Partial (fictional)", "needs_social_work_assessment": "Yes",
    "timescale_for_change": "Weeks (fictional)", "consequences_if_no_change": "Harm escalates (fictional)",
    "why_eh_cannot_meet_needs": "Risk beyond Early Help (fictional)", "discussed_with_family": "Yes",
}
END_OF_MONDAY = datetime(2026, 11, 2, 17, 0, tzinfo=timezone.utc)  # 17:00 London (GMT)


def new_case(actor, **overrides):
    body = {"child_name": "Fictional Child S", "date_of_birth": "2018-05-04", "person_id": "P-200",
            "family_id": "F-200", "pack": "camden", "lead_professional": "Demo Family Worker", **overrides}
    response = actor.post("/api/v1/cases", body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def refused(response, *fields):
    assert response.status_code == 422, response.json
    assert set(response.json["fields"]) == set(fields), response.json
    return response.json["fields"]


def pathways(actor, case_id):
    return {p["pathway"]: p["status"] for p in actor.get(f"/api/v1/cases/{case_id}").json["pathways"]}


def form_of(actor, task_id, case_id):
    item = actor.task(task_id, case_id)
    return actor.get(f"/api/v1/tasks/{item['id']}").json["form"]


def concerns_raised(as_user, **case_fields):
    worker = as_user(FAMILY_WORKER)
    case_id = new_case(worker, **case_fields)
    started = worker.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": DECISION})
    assert started.status_code == 201, started.json
    ok(worker.complete("raise_new_concerns", case_id, new_concerns=CONCERNS, discussed_with_manager_on="2026-11-02"))
    return case_id


def decide(as_user, case_id, **changes):
    data = {"concerns_from_family_worker": CONCERNS, **EIGHT_QUESTIONS, "child_circumstances": "Neither",
            "escalation_decision": PLANNED, "reason": "CP", "information_for_cssw": "Fictional information", **changes}
    return as_user(EH).complete("early_help_manager_decision", case_id, **{k: v for k, v in data.items()
                                                                            if v is not None})


def run_timer_sweep(as_user):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return [f["timer_id"] for f in response.json["fired"]]


def test_concerns_go_to_the_early_help_manager_prefilled(as_user):
    case_id = concerns_raised(as_user)
    eh = as_user(EH)
    assert eh.task("early_help_manager_decision", case_id)["role"] == "Early Help Manager"
    assert form_of(eh, "early_help_manager_decision", case_id)["prefilled"] == {
        "concerns_from_family_worker": CONCERNS}


@pytest.mark.parametrize("question", sorted(EIGHT_QUESTIONS))
def test_each_of_the_eight_questions_must_be_answered(as_user, question):
    case_id = concerns_raised(as_user)
    refused(decide(as_user, case_id, **{question: None}), question)


def test_each_of_the_eight_questions_is_recorded_in_the_chronology(as_user):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id))
    events = as_user(EH).history(case_id)
    [decided] = [e for e in events if e["task_id"] == "early_help_manager_decision"]
    assert {k: decided["data"][k] for k in EIGHT_QUESTIONS} == EIGHT_QUESTIONS


def test_a_step_up_needs_a_reason_and_information_for_cssw(as_user):
    case_id = concerns_raised(as_user)
    refused(decide(as_user, case_id, reason=None, information_for_cssw=None), "reason", "information_for_cssw")
    refused(decide(as_user, case_id, escalation_decision=STAY), "early_help_direction")


def test_a_non_engagement_step_up_needs_evidence_and_a_named_managers_sign_off(as_user):
    case_id = concerns_raised(as_user)
    fields = refused(decide(as_user, case_id, lack_of_engagement=True), "engagement_attempts", "management_sign_off")
    assert fields["engagement_attempts"] == ("Enter the reasonable attempts made to engage the family: a step-up "
                                             "for lack of engagement must show them")
    assert fields["management_sign_off"] == "Select management sign-off: a step-up for lack of engagement needs it"
    fields = refused(decide(as_user, case_id, lack_of_engagement=True, engagement_attempts="Six visits (fictional)",
                            management_sign_off=True), "signed_off_by")
    assert fields["signed_off_by"] == "Enter the name of the manager who signed it off"
    ok(decide(as_user, case_id, lack_of_engagement=True, engagement_attempts="Six visits (fictional)",
              management_sign_off=True, signed_off_by="Demo Service Manager"))


@pytest.mark.parametrize("circumstances", ["Unborn baby", "Under 5 and not attending nursery"])
def test_a_non_engagement_step_up_for_an_unborn_baby_or_under_5_not_in_nursery_is_flagged(as_user, circumstances):
    case_id = concerns_raised(as_user, date_of_birth="2024-01-10")
    message = refused(decide(as_user, case_id, lack_of_engagement=True, engagement_attempts="Visits (fictional)",
                             child_circumstances=circumstances), "management_sign_off")["management_sign_off"]
    assert circumstances.lower() in message
    ok(decide(as_user, case_id, lack_of_engagement=True, engagement_attempts="Visits (fictional)",
              child_circumstances=circumstances, management_sign_off=True, signed_off_by="Demo Manager"))
    # The flag travels with the step-up to the daily discussion meeting.
    prefilled = form_of(as_user(EH), "present_at_daily_meeting", case_id)["prefilled"]
    assert prefilled["non_engagement_flag"] == f"Non-engagement step-up: {circumstances.lower()}"


def test_a_non_engagement_step_up_of_an_older_child_carries_no_flag(as_user):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id, lack_of_engagement=True, engagement_attempts="Visits (fictional)",
              management_sign_off=True, signed_off_by="Demo Manager"))
    assert "non_engagement_flag" not in form_of(as_user(EH), "present_at_daily_meeting", case_id)["prefilled"]


def test_not_stepping_up_ends_with_the_direction_recorded_and_nothing_handed_on(as_user):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id, escalation_decision=STAY, reason=None, information_for_cssw=None,
              early_help_direction="Weekly visits; TAF in two weeks (fictional)"))
    assert pathways(as_user(EH), case_id) == {DECISION: "complete"}


def test_a_planned_step_up_hands_on_to_the_daily_discussion_meeting(as_user):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id))
    eh = as_user(EH)
    assert pathways(eh, case_id) == {DECISION: "complete", MEETING: "running"}
    assert form_of(eh, "present_at_daily_meeting", case_id)["prefilled"] == {
        "reasons_for_escalation": "Fictional information"}


# --- §4 the urgent route -------------------------------------------------------------------------------

URGENT_DISCUSSION = {"mash_manager_spoken_to": "Demo MASH Manager", "discussed_at": "2026-11-02T09:45",
                     "concerns_held": "Fictional: disclosure at school today", "urgent_outcome": "Step up to MASH",
                     "decision_reasons": "Cannot wait for tomorrow's meeting (fictional)"}


def test_the_urgent_decision_must_be_recorded_on_the_childs_file(as_user):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id, escalation_decision=URGENT))
    eh = as_user(EH)
    refused(eh.complete("urgent_discussion_with_mash", case_id, **URGENT_DISCUSSION), "recorded_on_childs_file")
    refused(eh.complete("urgent_discussion_with_mash", case_id, **URGENT_DISCUSSION, recorded_on_childs_file=False),
            "recorded_on_childs_file")
    assert pathways(eh, case_id) == {DECISION: "running"}


def test_an_urgent_step_up_starts_step_up_to_mash_prefilled_due_by_the_end_of_the_day(as_user, clock):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id, escalation_decision=URGENT))
    eh = as_user(EH)
    ok(eh.complete("urgent_discussion_with_mash", case_id, **URGENT_DISCUSSION, recorded_on_childs_file=True))
    assert pathways(eh, case_id) == {DECISION: "complete", STEP_UP: "running"}
    episode = eh.task("send_step_up_to_mash", case_id)
    assert episode["due"] == END_OF_MONDAY.isoformat()
    prefilled = form_of(eh, "send_step_up_to_mash", case_id)["prefilled"]
    assert prefilled["reason"] == "CP"
    assert prefilled["information_for_cssw"] == "Fictional: disclosure at school today"
    assert prefilled["why_eh_cannot_meet_needs"] == "Risk beyond Early Help (fictional)"


def test_an_urgent_discussion_that_does_not_step_up_keeps_the_family_with_early_help(as_user):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id, escalation_decision=URGENT))
    eh = as_user(EH)
    ok(eh.complete("urgent_discussion_with_mash", case_id, **{**URGENT_DISCUSSION, "urgent_outcome": "Do not step up"},
                   recorded_on_childs_file=True))
    assert pathways(eh, case_id) == {DECISION: "complete"}
    assert eh.get(f"/api/v1/cases/{case_id}").json["current_service"] == "EH"


# --- the step-up episode by the end of the day ---------------------------------------------------------------

def urgently_stepped_up(as_user):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id, escalation_decision=URGENT))
    ok(as_user(EH).complete("urgent_discussion_with_mash", case_id, **URGENT_DISCUSSION, recorded_on_childs_file=True))
    return case_id


def test_an_episode_not_completed_by_the_end_of_the_day_escalates_to_the_early_help_service_manager(as_user, clock):
    case_id = urgently_stepped_up(as_user)
    service_manager = as_user(EH_SERVICE_MANAGER)
    clock.set(END_OF_MONDAY - timedelta(minutes=1))
    assert run_timer_sweep(as_user) == []
    clock.set(END_OF_MONDAY + timedelta(minutes=1))
    assert run_timer_sweep(as_user) == ["episode_not_completed_today"]
    assert service_manager.task("step_up_episode_overdue", case_id)["role"] == "Early Help Service Manager"
    outbox = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    alert = [m for m in outbox if m["case_id"] == case_id and m["reason"] == "step_up_episode_overdue opened"]
    assert [m["recipients"] for m in alert] == [["camden-early-help-service-manager@demo.invalid"]]
    assert as_user(EH).task("send_step_up_to_mash", case_id)["overdue"] is True


def test_an_episode_completed_the_same_day_cancels_the_escalation(as_user, clock):
    case_id = urgently_stepped_up(as_user)
    eh = as_user(EH)
    ok(eh.complete("send_step_up_to_mash", case_id, reason="CP", information_for_cssw="Fictional",
                   risk_of_significant_harm="Yes", why_eh_cannot_meet_needs="Fictional", discussed_with_family="Yes"))
    clock.set(END_OF_MONDAY + timedelta(hours=1))
    assert "episode_not_completed_today" not in run_timer_sweep(as_user)
    assert as_user(EH_SERVICE_MANAGER).tray(case=case_id) == []
    assert as_user(MASH_MANAGER).task("mash_contact_and_referral", case_id)["role"] == "MASH Manager"
