"""Camden Appendix 1, Step Up to MASH: the CP and CIN journeys through the public API."""
import pytest

from service.extensions import db

EH = "camden-early-help-manager"
MASH_MANAGER = "camden-mash-manager"
MASH_SW = "camden-mash-social-worker"
DUTY = "camden-duty-manager-of-the-receiving-team"

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
    r = manager.complete("mash_manager_decision", case_id, authorised=True, next_actions=reason,
                         receiving_team="Children with Disability Team", decision_rationale="Threshold met")
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


def test_cp_creates_strategy_discussion_and_child_and_family_assessment(as_user):
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
    r = as_user(MASH_MANAGER).complete("strategy_discussion", case_id, held_at="2026-11-03T10:00",
                                       attendees="Police, health, CSC", section_47_enquiry="Yes",
                                       strategy_outcome="s47 enquiries")
    assert r.status_code == 200, r.json
    r = duty.complete("child_and_family_assessment", case_id, allocated_team="CwD",
                      allocated_social_worker="Demo SW", assessment_start_date="2026-11-03")
    assert r.status_code == 200, r.json
    pathways = as_user(EH).get(f"/api/v1/cases/{case_id}").json["pathways"]
    assert pathways[0]["status"] == "complete"


def test_cin_creates_child_and_family_assessment_only(as_user):
    case_id = step_up(as_user, "CIN")
    through_to_decision(as_user, case_id, "CIN")
    assert open_task_ids(as_user(MASH_MANAGER), case_id) == ["child_and_family_assessment"]
    assert as_user(MASH_MANAGER).tray(case=case_id) == []


@pytest.mark.parametrize("reason,expected", [
    ("CP", ["child_and_family_assessment", "strategy_discussion"]),
    ("CIN", ["child_and_family_assessment"]),
])
def test_journey_continues_across_a_restart(as_user, make_app, app, reason, expected):
    """A fresh app object on the same database picks up the instance where it was."""
    case_id = step_up(as_user, reason)

    def restart():
        fresh = make_app()
        from service import catalog
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
    from service import auth
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
    assert [e["action"] for e in events] == ["case.created", "pathway.started", "task.completed"]
    assert events[-1]["actor"] == EH and events[-1]["task_id"] == "send_step_up_to_mash"
    assert events[-1]["data"]["information_for_cssw"] == EH_TEXT


def test_api_needs_a_token_and_reports_bad_case_fields(app, as_user):
    assert app.test_client().get("/api/v1/tasks").status_code == 401
    r = as_user(EH).post("/api/v1/cases", {"child_name": "", "pack": "atlantis", "date_of_birth": "soon"})
    assert r.status_code == 422
    assert set(r.json["fields"]) == {"child_name", "pack", "date_of_birth"}
