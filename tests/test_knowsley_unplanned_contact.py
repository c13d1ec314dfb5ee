"""Knowsley §5: a contact or referral to MASH for a child already supported by Early Help, through the JSON API."""
from datetime import datetime, timedelta, timezone
from answers import ok, refused

MASH_SW = "knowsley-mash-social-worker"
MASH_TM = "knowsley-mash-team-manager"
LP = "knowsley-lead-practitioner"
ADMIN = "demo-admin"
PATHWAY = "knowsley/unplanned_contact"
CONTACT = {"contact_received_at": "2026-11-02T09:30", "contact_route": "Telephone contact to MASH",
           "contact_from": "Demo Police, response officer", "contact_details": "Fictional: noise complaint",
           "ehm_episode_id": "EHM-DEMO-7", "response_rationale": "Fictional rationale"}
NO_CSC = "No CSC involvement: record and link to the Early Help episode"
SCREENING = "Safeguarding screening in MASH"
DECISION_DUE = datetime(2026, 11, 3, 10, 0, tzinfo=timezone.utc)  # 1 working day after Mon 2 Nov, 10:00


def contact(as_user):
    actor = as_user(MASH_SW)
    case = actor.post("/api/v1/cases", {"child_name": "Fictional Child U", "date_of_birth": "2014-07-08",
                                        "person_id": "K-400", "family_id": "KF-400", "pack": "knowsley"})
    assert case.status_code == 201, case.json
    assert actor.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": PATHWAY}).status_code == 201
    return case.json["id"]


def case_of(actor, case_id):
    return actor.get(f"/api/v1/cases/{case_id}").json


def sweep(as_user, case_id):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return [f["timer_id"] for f in response.json["fired"] if f["case_id"] == case_id]


def test_no_csc_role_records_and_links_the_contact_and_may_ask_for_a_review_meeting(as_user):
    case_id = contact(as_user)
    sw, lp = as_user(MASH_SW), as_user(LP)
    refused(sw.complete("record_unplanned_contact", case_id, **CONTACT, contact_response=NO_CSC),
            "review_meeting_suggested")
    refused(sw.complete("record_unplanned_contact", case_id, **{**CONTACT, "ehm_episode_id": ""},
                        contact_response=NO_CSC, review_meeting_suggested="No"), "ehm_episode_id")
    ok(sw.complete("record_unplanned_contact", case_id, **CONTACT, contact_response=NO_CSC,
                   review_meeting_suggested="Yes"))
    assert lp.task("call_review_meeting", case_id)["role"] == "Lead Practitioner"
    refused(lp.complete("call_review_meeting", case_id, review_meeting_at="2026-11-01T10:00",
                        review_meeting_purpose="Fictional"), "review_meeting_at")
    ok(lp.complete("call_review_meeting", case_id, review_meeting_at="2026-11-05T10:00",
                   review_meeting_purpose="Does the family need more support? (fictional)"))
    case = case_of(lp, case_id)
    assert case["current_service"] == "EH" and case["open_tasks"] == []
    history = lp.history(case_id)
    assert any(e["data"] and e["data"].get("ehm_episode_id") == "EHM-DEMO-7" for e in history)


def test_no_review_meeting_ends_with_the_contact_linked(as_user):
    case_id = contact(as_user)
    ok(as_user(MASH_SW).complete("record_unplanned_contact", case_id, **CONTACT, contact_response=NO_CSC,
                                 review_meeting_suggested="No"))
    assert case_of(as_user(LP), case_id)["pathways"][0]["status"] == "complete"


def test_safeguarding_screening_ends_in_a_multi_agency_decision(as_user):
    case_id = contact(as_user)
    sw = as_user(MASH_SW)
    ok(sw.complete("record_unplanned_contact", case_id, **CONTACT, contact_response=SCREENING))
    assert sw.task("mash_safeguarding_screening", case_id)["role"] == "MASH Social Worker"
    ok(sw.complete("mash_safeguarding_screening", case_id, agencies_consulted="Police, health, school (fictional)",
                   screening_decision="Strategy discussion (s47)", screening_rationale="Fictional"))
    case = case_of(sw, case_id)
    assert case["current_service"] == "CSC" and case["open_tasks"] == []


def test_screening_that_leaves_the_case_with_early_help_can_ask_for_a_review(as_user):
    case_id = contact(as_user)
    sw = as_user(MASH_SW)
    ok(sw.complete("record_unplanned_contact", case_id, **CONTACT, contact_response=SCREENING))
    decision = {"agencies_consulted": "Police, school (fictional)", "screening_rationale": "Fictional",
                "screening_decision": "No further CSC action: Early Help continues"}
    refused(sw.complete("mash_safeguarding_screening", case_id, **decision), "review_meeting_suggested")
    ok(sw.complete("mash_safeguarding_screening", case_id, **decision, review_meeting_suggested="Yes"))
    assert as_user(LP).task("call_review_meeting", case_id)
    assert case_of(sw, case_id)["current_service"] == "EH"


def test_no_decision_within_one_working_day_escalates_to_the_mash_team_manager(as_user, clock):
    case_id = contact(as_user)
    sw, manager = as_user(MASH_SW), as_user(MASH_TM)
    assert sw.task("record_unplanned_contact", case_id)["due"] == DECISION_DUE.isoformat()
    clock.set(DECISION_DUE - timedelta(minutes=1))
    assert sweep(as_user, case_id) == []
    clock.set(DECISION_DUE + timedelta(minutes=1))
    assert sweep(as_user, case_id) == ["contact_decision_due"]
    assert manager.task("contact_decision_overdue", case_id)["role"] == "MASH Team Manager"
    assert sw.task("record_unplanned_contact", case_id)["overdue"] is True


def test_contacts_may_run_side_by_side_on_one_case(as_user):
    case_id = contact(as_user)
    second = as_user(MASH_SW).post(f"/api/v1/cases/{case_id}/pathways", {"pathway": PATHWAY})
    assert second.status_code == 201, second.json
    assert len([t for t in case_of(as_user(MASH_SW), case_id)["open_tasks"]
                if t["task_id"] == "record_unplanned_contact"]) == 2
