"""Camden Appendix 1, Step Up to MASH: the MASH decisions and their statutory clocks, through the public API."""
from datetime import datetime, timedelta, timezone

import pytest

from service.extensions import db

EH = "camden-early-help-manager"
MASH_MANAGER = "camden-mash-manager"
MASH_SW = "camden-mash-social-worker"
DUTY = "camden-duty-manager-of-the-receiving-team"
SERVICE_MANAGER = "camden-cssw-service-manager"
ADMIN = "demo-admin"

# The clock starts at Monday 2 November 2026, 10:00 London (GMT) (tests/conftest.py): the contact.
DECISION_DUE = datetime(2026, 11, 3, 10, 0, tzinfo=timezone.utc)  # 1 working day later
# 45 working days: through November and December, less Christmas Day, the Boxing Day
# substitute (Monday 28) and New Year's Day 2027.
ASSESSMENT_DUE = datetime(2027, 1, 7, 10, 0, tzinfo=timezone.utc)
# 15 working days after a strategy discussion on Tuesday 3 November at 10:00.
ICPC_DUE = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)

ADVICE = "No further action: advice to the referrer"
BACK = "Back to Early Help"
EH_TEXT = "Fictional: bruising seen at nursery; mother reports new partner; school attendance 62%."


def new_case(actor, **overrides):
    body = {"child_name": "Fictional Child A", "date_of_birth": "2018-05-04", "person_id": "P-100",
            "family_id": "F-100", "pack": "camden", "lead_professional": "Demo Family Worker", **overrides}
    response = actor.post("/api/v1/cases", body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def step_up(as_user, reason):
    eh = as_user(EH)
    case_id = new_case(eh)
    started = eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "camden/step_up_to_mash"})
    assert started.status_code == 201, started.json
    response = eh.complete("send_step_up_to_mash", case_id, reason=reason, information_for_cssw=EH_TEXT,
                           risk_of_significant_harm="Yes", why_eh_cannot_meet_needs="Fictional reasons",
                           discussed_with_family="Yes")
    assert response.status_code == 200, response.json
    return case_id


def through_to_decision(as_user, case_id, reason, restart=None):
    manager, sw = as_user(MASH_MANAGER), as_user(MASH_SW)
    r = manager.complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                         already_known="No", eha_previously_completed="Yes", further_details=EH_TEXT)
    assert r.status_code == 200, r.json
    restart and restart()
    r = sw.complete("write_summary", case_id, household_details="Mother and two children (fictional)",
                    screening_findings="Checks completed", recommended_decision=reason)
    assert r.status_code == 200, r.json
    restart and restart()
    if reason in ("CP", "CIN"):
        decision = {"receiving_team": "Children with Disability Team"}
    elif reason == ADVICE:
        decision = {"advice_to_referrer": "Fictional: keep the TAF plan; refer again if bruising recurs"}
    else:
        decision = {"early_help_next_steps": "Fictional: parenting support through the family hub"}
    r = manager.complete("mash_manager_decision", case_id, authorised=True, next_actions=reason,
                         decision_rationale="Threshold decision (fictional)", **decision)
    assert r.status_code == 200, r.json


def open_task_ids(actor, case_id):
    return sorted(t["task_id"] for t in actor.get(f"/api/v1/cases/{case_id}").json["open_tasks"])


@pytest.mark.parametrize("reason", ["CP", "CIN"])
def test_mash_contact_lands_in_mash_manager_tray_prefilled_with_eh_text(as_user, reason):
    case_id = step_up(as_user, reason)
    manager = as_user(MASH_MANAGER)
    item = manager.task("mash_contact_and_referral", case_id)
    assert item["role"] == "MASH Manager"
    detail = manager.get(f"/api/v1/tasks/{item['id']}").json
    assert detail["form"]["prefilled"]["further_details"] == EH_TEXT
    assert [t["task_id"] for t in as_user(EH).tray(case=case_id)] == []


def test_cp_creates_strategy_discussion_and_child_and_family_assessment(as_user, clock):
    case_id = step_up(as_user, "CP")
    through_to_decision(as_user, case_id, "CP")
    assert open_task_ids(as_user(MASH_MANAGER), case_id) == ["child_and_family_assessment", "strategy_discussion"]
    assert [t["task_id"] for t in as_user(MASH_MANAGER).tray(case=case_id)] == ["strategy_discussion"]
    duty = as_user(DUTY)
    assessment = duty.task("child_and_family_assessment", case_id)
    assert assessment["role"] == "Duty Manager of the Receiving Team"
    form = duty.get(f"/api/v1/tasks/{assessment['id']}").json["form"]
    assert form["prefilled"]["allocated_team"] == "Children with Disability Team"
    case = as_user(EH).get(f"/api/v1/cases/{case_id}").json
    assert case["current_service"] == "CSC"
    clock.set(datetime(2026, 11, 3, 11, 0, tzinfo=timezone.utc))  # the discussion has been held
    r = as_user(MASH_MANAGER).complete("strategy_discussion", case_id, held_at="2026-11-03T10:00",
                                       attendees="Police, health, CSC", section_47_enquiry="Yes",
                                       strategy_outcome="s47 enquiries")
    assert r.status_code == 200, r.json
    r = duty.complete("child_and_family_assessment", case_id, allocated_team="CwD",
                      allocated_social_worker=MASH_SW, assessment_start_date="2026-11-03")
    assert r.status_code == 200, r.json
    assert open_task_ids(duty, case_id) == ["conclude_child_and_family_assessment", "section_47_enquiry_outcome"]


def test_cin_creates_child_and_family_assessment_only(as_user):
    case_id = step_up(as_user, "CIN")
    through_to_decision(as_user, case_id, "CIN")
    assert open_task_ids(as_user(MASH_MANAGER), case_id) == ["child_and_family_assessment"]
    assert as_user(MASH_MANAGER).tray(case=case_id) == []


@pytest.mark.parametrize("reason,expected", [
    ("CP", ["child_and_family_assessment", "strategy_discussion"]),
    ("CIN", ["child_and_family_assessment"]),
    (BACK, ["take_back_into_early_help"]),
])
def test_journey_continues_across_a_restart(as_user, make_app, app, reason, expected):
    """A fresh app object on the same database picks up the instance where it was."""
    case_id = step_up(as_user, "CIN" if reason == BACK else reason)

    def restart():
        fresh = make_app()
        from service.diagrams import catalog
        catalog._parsed.clear()  # as if the process had restarted: nothing cached
        for actor in (as_user(MASH_MANAGER), as_user(MASH_SW)):
            actor.client = fresh.test_client()
    restart()
    through_to_decision(as_user, case_id, reason, restart=restart)
    assert open_task_ids(as_user(MASH_MANAGER), case_id) == expected


def test_invalid_input_is_refused_naming_each_field_and_nothing_is_written(as_user, app):
    case_id = step_up(as_user, "CP")
    manager = as_user(MASH_MANAGER)
    before = manager.history(case_id)
    item = manager.task("mash_contact_and_referral", case_id)
    r = manager.post(f"/api/v1/tasks/{item['id']}/complete",
                     {"data": {"contact_type": "Telepathy", "already_known": True, "surprise": "x"}})
    assert r.status_code == 422
    assert r.json["error"] == "invalid"
    assert set(r.json["fields"]) == {"contact_type", "already_known", "surprise", "eha_previously_completed",
                                     "further_details"}
    assert manager.history(case_id) == before
    assert manager.task("mash_contact_and_referral", case_id)["status"] == "open"


def test_non_engagement_step_up_needs_sign_off_and_evidence(as_user):
    eh = as_user(EH)
    case_id = new_case(eh)
    eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "camden/step_up_to_mash"})
    r = eh.complete("send_step_up_to_mash", case_id, reason="CIN", information_for_cssw="x",
                    risk_of_significant_harm="No", why_eh_cannot_meet_needs="x", discussed_with_family="Yes",
                    lack_of_engagement=True)
    assert r.status_code == 422
    assert set(r.json["fields"]) == {"engagement_attempts", "management_sign_off"}


def test_wrong_role_is_forbidden_and_second_completion_conflicts(as_user):
    case_id = step_up(as_user, "CIN")
    manager = as_user(MASH_MANAGER)
    item = manager.task("mash_contact_and_referral", case_id)
    data = {"contact_type": "Request for services", "already_known": "No", "eha_previously_completed": "No",
            "further_details": "x"}
    r = as_user(MASH_SW).post(f"/api/v1/tasks/{item['id']}/complete", {"data": data})
    assert r.status_code == 403 and r.json["error"] == "forbidden"
    assert manager.post(f"/api/v1/tasks/{item['id']}/complete", {"data": data}).status_code == 200
    again = manager.post(f"/api/v1/tasks/{item['id']}/complete", {"data": data})
    assert again.status_code == 409 and "already completed" in again.json["message"]


def test_worklists_show_only_the_callers_roles(as_user):
    case_id = step_up(as_user, "CP")
    assert [t["task_id"] for t in as_user(MASH_MANAGER).tray(case=case_id)] == ["mash_contact_and_referral"]
    assert as_user(MASH_SW).tray(case=case_id) == []
    assert as_user(DUTY).tray(case=case_id) == []


def test_claimed_task_cannot_be_completed_by_a_colleague(app, as_user):
    from service.access import auth
    with app.app_context():
        auth.add_user("second-mash-manager", "Second (fictional)", "password123", [("camden", "MASH Manager")])
        db.session.commit()
    case_id = step_up(as_user, "CIN")
    manager, colleague = as_user(MASH_MANAGER), as_user("second-mash-manager")
    item = manager.task("mash_contact_and_referral", case_id)
    assert manager.post(f"/api/v1/tasks/{item['id']}/claim").json["assignee"] == MASH_MANAGER
    assert colleague.post(f"/api/v1/tasks/{item['id']}/claim").status_code == 409
    r = colleague.post(f"/api/v1/tasks/{item['id']}/complete", {"data": {}})
    assert r.status_code == 409
    assert manager.post(f"/api/v1/tasks/{item['id']}/unclaim").json["assignee"] is None


def test_history_is_the_chronology_oldest_first(as_user):
    case_id = step_up(as_user, "CP")
    events = as_user(EH).history(case_id)
    # The step's alert to the MASH Manager is written with it, so it follows it in the chronology.
    assert [e["action"] for e in events] == ["case.created", "pathway.started", "task.completed", "email.queued"]
    events = events[:-1]
    assert events[-1]["actor"] == EH and events[-1]["task_id"] == "send_step_up_to_mash"
    assert events[-1]["data"]["information_for_cssw"] == EH_TEXT


def test_api_needs_a_token_and_reports_bad_case_fields(app, as_user):
    assert app.test_client().get("/api/v1/tasks").status_code == 401
    r = as_user(EH).post("/api/v1/cases", {"child_name": "", "pack": "atlantis", "date_of_birth": "soon"})
    assert r.status_code == 422
    assert set(r.json["fields"]) == {"child_name", "pack", "date_of_birth"}


# --- the diagram and its handlers ---------------------------------------------------------------

def test_every_user_task_has_a_handler_and_every_handler_a_task():
    from pathlib import Path

    from handlers import PACKS
    from service.engine import load_definition
    folder = Path(__file__).resolve().parent.parent / "bpmn" / "camden"
    task_ids = []
    for path in sorted(folder.glob("*.bpmn")):
        task_ids += load_definition(f"camden/{path.stem}", {path.name: path.read_bytes()}).user_task_ids()
    assert sorted(task_ids) == sorted(PACKS["camden"].handlers)


# --- what a MASH decides: each routed ------------------------------------------------------------

def outbox(as_user, case_id):
    messages = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    return [m for m in messages if m["case_id"] == case_id]


def case_of(as_user, case_id):
    return as_user(EH).get(f"/api/v1/cases/{case_id}").json


def test_the_decision_offers_cp_cin_advice_and_back_to_early_help(as_user):
    case_id = step_up(as_user, "CIN")
    manager = as_user(MASH_MANAGER)
    manager.complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                     already_known="No", eha_previously_completed="Yes", further_details=EH_TEXT)
    as_user(MASH_SW).complete("write_summary", case_id, household_details="x", screening_findings="x",
                              recommended_decision="x")
    item = manager.task("mash_manager_decision", case_id)
    fields = {f["name"]: f for f in manager.get(f"/api/v1/tasks/{item['id']}").json["form"]["fields"]}
    assert fields["next_actions"]["choices"] == ["CP", "CIN", ADVICE, BACK]


@pytest.mark.parametrize("decision, field", [
    ("CP", "receiving_team"), ("CIN", "receiving_team"), (ADVICE, "advice_to_referrer"),
    (BACK, "early_help_next_steps")])
def test_each_decision_needs_what_its_route_carries(as_user, decision, field):
    case_id = step_up(as_user, "CIN")
    manager = as_user(MASH_MANAGER)
    manager.complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                     already_known="No", eha_previously_completed="Yes", further_details=EH_TEXT)
    as_user(MASH_SW).complete("write_summary", case_id, household_details="x", screening_findings="x",
                              recommended_decision="x")
    r = manager.complete("mash_manager_decision", case_id, authorised=True, next_actions=decision,
                         decision_rationale="x")
    assert r.status_code == 422 and set(r.json["fields"]) == {field}, r.json
    assert open_task_ids(manager, case_id) == ["mash_manager_decision"]


def test_no_further_action_records_the_advice_and_emails_the_early_help_manager(as_user):
    case_id = step_up(as_user, "CIN")
    through_to_decision(as_user, case_id, ADVICE)
    case = case_of(as_user, case_id)
    assert case["open_tasks"] == []
    assert case["pathways"][0]["status"] == "complete"
    assert case["current_service"] == "EH"
    decided = [e for e in as_user(EH).history(case_id)
               if e["task_id"] == "mash_manager_decision"]
    assert decided[0]["data"]["advice_to_referrer"].startswith("Fictional: keep the TAF plan")
    mail = [m for m in outbox(as_user, case_id) if m["subject"].startswith("MASH decision: no further action")]
    assert [m["recipients"] for m in mail] == [["camden-early-help-manager@demo.invalid"]]


def test_back_to_early_help_gives_the_early_help_manager_a_task_to_take_the_family_back(as_user):
    case_id = step_up(as_user, "CIN")
    through_to_decision(as_user, case_id, BACK)
    assert case_of(as_user, case_id)["current_service"] == "EH"
    eh = as_user(EH)
    item = eh.task("take_back_into_early_help", case_id)
    form = eh.get(f"/api/v1/tasks/{item['id']}").json["form"]
    assert form["prefilled"] == {"mash_advice_noted": "Fictional: parenting support through the family hub"}
    assert as_user(DUTY).tray(case=case_id) == []
    r = eh.complete("take_back_into_early_help", case_id, mash_advice_noted="Parenting support",
                    lead_professional_confirmed="Demo Family Worker")
    assert r.status_code == 422 and set(r.json["fields"]) == {"early_help_plan"}
    r = eh.complete("take_back_into_early_help", case_id, mash_advice_noted="Parenting support",
                    lead_professional_confirmed="Demo Family Worker", early_help_plan="TAF every 6 weeks")
    assert r.status_code == 200, r.json
    case = case_of(as_user, case_id)
    assert case["pathways"][0]["status"] == "complete" and case["current_service"] == "EH"


# --- the decision: within 1 working day of the contact ---------------------------------------------

def run_timer_sweep(as_user):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return [f["timer_id"] for f in response.json["fired"]]


def summary_written(as_user, case_id):
    as_user(MASH_MANAGER).complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                                   already_known="No", eha_previously_completed="Yes", further_details=EH_TEXT)
    r = as_user(MASH_SW).complete("write_summary", case_id, household_details="x", screening_findings="x",
                                  recommended_decision="x")
    assert r.status_code == 200, r.json


def test_the_decision_is_due_one_working_day_after_the_contact_not_after_the_summary(as_user, clock):
    case_id = step_up(as_user, "CP")  # the contact: Monday 10:00
    clock.set(datetime(2026, 11, 2, 16, 0, tzinfo=timezone.utc))
    summary = as_user(MASH_SW)
    as_user(MASH_MANAGER).complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                                   already_known="No", eha_previously_completed="Yes", further_details=EH_TEXT)
    assert summary.task("write_summary", case_id)["due"] == DECISION_DUE.isoformat()
    clock.set(datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc))  # the summary is written the next morning
    summary.complete("write_summary", case_id, household_details="x", screening_findings="x",
                     recommended_decision="x")
    decision = as_user(MASH_MANAGER).task("mash_manager_decision", case_id)
    assert (decision["due"], decision["overdue"]) == (DECISION_DUE.isoformat(), False)


def test_a_late_decision_escalates_to_the_cssw_service_manager_and_stays_open(as_user, clock):
    case_id = step_up(as_user, "CP")
    summary_written(as_user, case_id)
    service_manager = as_user(SERVICE_MANAGER)
    clock.set(DECISION_DUE - timedelta(minutes=1))
    assert run_timer_sweep(as_user) == []
    assert service_manager.tray(case=case_id) == []
    clock.set(DECISION_DUE + timedelta(minutes=1))
    assert run_timer_sweep(as_user) == ["decision_past_deadline"]
    escalation = service_manager.task("mash_decision_overdue", case_id)
    assert escalation["role"] == "CSSW Service Manager"
    alert = [m for m in outbox(as_user, case_id) if m["reason"] == "mash_decision_overdue opened"]
    assert [m["recipients"] for m in alert] == [["camden-cssw-service-manager@demo.invalid"]]
    assert as_user(MASH_MANAGER).task("mash_manager_decision", case_id)["overdue"] is True
    assert run_timer_sweep(as_user) == []  # it fires once
    r = service_manager.complete("mash_decision_overdue", case_id, escalation_action="Spoke to the MASH manager")
    assert r.status_code == 200, r.json


def test_a_summary_still_unwritten_a_working_day_after_the_contact_escalates_the_decision(as_user, clock):
    case_id = step_up(as_user, "CIN")
    as_user(MASH_MANAGER).complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                                   already_known="No", eha_previously_completed="Yes", further_details=EH_TEXT)
    clock.set(DECISION_DUE + timedelta(minutes=1))
    assert run_timer_sweep(as_user) == ["summary_past_decision_deadline"]
    assert [t["task_id"] for t in as_user(SERVICE_MANAGER).tray(case=case_id)] == ["mash_decision_overdue"]


def test_a_decision_in_time_cancels_the_escalation(as_user, clock):
    case_id = step_up(as_user, "CIN")
    through_to_decision(as_user, case_id, "CIN")
    clock.set(DECISION_DUE + timedelta(hours=1))
    assert run_timer_sweep(as_user) == []
    assert as_user(SERVICE_MANAGER).tray(case=case_id) == []


# --- child and family assessment: within 45 working days of the referral ---------------------------

def assessment_allocated(as_user, reason="CIN"):
    case_id = step_up(as_user, reason)
    through_to_decision(as_user, case_id, reason)
    r = as_user(DUTY).complete("child_and_family_assessment", case_id, allocated_team="CwD",
                               allocated_social_worker=MASH_SW, assessment_start_date="2026-11-03")
    assert r.status_code == 200, r.json
    return case_id


def test_the_assessment_is_due_45_working_days_after_the_referral_and_escalates_when_late(as_user, clock):
    case_id = assessment_allocated(as_user)
    duty = as_user(DUTY)
    assert duty.task("conclude_child_and_family_assessment", case_id)["due"] == ASSESSMENT_DUE.isoformat()
    clock.set(ASSESSMENT_DUE - timedelta(minutes=1))
    assert run_timer_sweep(as_user) == []
    clock.set(ASSESSMENT_DUE + timedelta(minutes=1))
    assert run_timer_sweep(as_user) == ["assessment_past_deadline"]
    assert [t["task_id"] for t in as_user(SERVICE_MANAGER).tray(case=case_id)] == ["assessment_overdue"]
    r = duty.complete("conclude_child_and_family_assessment", case_id, assessment_concluded_on="2027-01-07",
                      assessment_outcome="Child in need plan", assessment_summary="CIN plan (fictional)")
    assert r.status_code == 200, r.json


def test_an_assessment_concluded_in_time_completes_the_pathway(as_user, clock):
    case_id = assessment_allocated(as_user)
    clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc))  # the assessment has concluded
    r = as_user(DUTY).complete("conclude_child_and_family_assessment", case_id,
                               assessment_concluded_on="2026-11-20", assessment_outcome="Step down to Early Help",
                               assessment_summary="Fictional")
    assert r.status_code == 200, r.json
    clock.set(ASSESSMENT_DUE + timedelta(days=1))
    assert run_timer_sweep(as_user) == []
    assert case_of(as_user, case_id)["pathways"][0]["status"] == "complete"


# --- initial child protection conference: within 15 working days of the strategy discussion ----------

def strategy_held(as_user, clock, section_47="Yes"):
    case_id = step_up(as_user, "CP")
    through_to_decision(as_user, case_id, "CP")
    clock.set(datetime(2026, 11, 3, 11, 0, tzinfo=timezone.utc))  # the discussion has been held
    r = as_user(MASH_MANAGER).complete("strategy_discussion", case_id, held_at="2026-11-03T10:00",
                                       attendees="Police, health, CSC", section_47_enquiry=section_47,
                                       strategy_outcome="Fictional")
    assert r.status_code == 200, r.json
    return case_id


def test_no_section_47_enquiries_means_no_conference_task(as_user, clock):
    case_id = strategy_held(as_user, clock, section_47="No")
    assert open_task_ids(as_user(DUTY), case_id) == ["child_and_family_assessment"]


def test_enquiries_needing_a_conference_open_the_icpc_due_15_working_days_after_the_strategy_discussion(
        as_user, clock):
    case_id = strategy_held(as_user, clock)
    duty = as_user(DUTY)
    assert duty.task("section_47_enquiry_outcome", case_id)["due"] == ICPC_DUE.isoformat()
    clock.set(datetime(2026, 11, 13, 12, 0, tzinfo=timezone.utc))
    r = duty.complete("section_47_enquiry_outcome", case_id, enquiries_concluded_on="2026-11-13",
                      enquiry_findings="Fictional", conference_needed="Yes")
    assert r.status_code == 200, r.json
    conference = duty.task("initial_child_protection_conference", case_id)
    assert conference["due"] == ICPC_DUE.isoformat()
    clock.set(ICPC_DUE - timedelta(minutes=1))
    assert run_timer_sweep(as_user) == []
    clock.set(ICPC_DUE + timedelta(minutes=1))
    assert run_timer_sweep(as_user) == ["conference_past_deadline"]
    assert [t["task_id"] for t in as_user(SERVICE_MANAGER).tray(case=case_id)] == ["icpc_overdue"]
    clock.set(datetime(2026, 11, 25, 11, 0, tzinfo=timezone.utc))  # the conference has been held
    r = duty.complete("initial_child_protection_conference", case_id, conference_held_at="2026-11-25T10:00",
                      child_protection_plan="Yes", conference_outcome="Fictional plan")
    assert r.status_code == 200, r.json


def test_enquiries_concluding_no_conference_close_that_branch(as_user, clock):
    case_id = strategy_held(as_user, clock)
    duty = as_user(DUTY)
    clock.set(datetime(2026, 11, 5, 12, 0, tzinfo=timezone.utc))  # the enquiries have concluded
    r = duty.complete("section_47_enquiry_outcome", case_id, enquiries_concluded_on="2026-11-05",
                      enquiry_findings="Fictional", conference_needed="No")
    assert r.status_code == 200, r.json
    assert open_task_ids(duty, case_id) == ["child_and_family_assessment"]
    clock.set(ICPC_DUE + timedelta(days=1))
    assert "conference_past_deadline" not in run_timer_sweep(as_user)
