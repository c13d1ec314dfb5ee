"""Peterborough pathways in the guidance's words, shared by the test_peterborough_* files."""
from answers import ok

CSC_OFFICER = "peterborough-customer-services-centre"
MASH_TM = "peterborough-mash-team-manager"
AT_TM = "peterborough-assessment-team-manager"
MASH_TEAM = "peterborough-mash-team"
SW = "peterborough-social-worker"
EHH_TM = "peterborough-ehh-team-manager"
HUB = "peterborough-early-help-hub"
MASG = "peterborough-multi-agency-support-group"
EHSM = "peterborough-early-help-service-manager"
ADMIN = "demo-admin"

CONSENT = {"family_consent": "Given", "family_consent_how": "By phone", "family_consent_date": "2026-11-02"}
REASSIGN = "Not accepted: reassign to the Early Help Hub"
RATIONALE = "Fictional: needs are at an Early Help level; multi-agency support would help"


def new_case(actor, service="CSC"):
    response = actor.post("/api/v1/cases", {"child_name": "Fictional Child P", "date_of_birth": "2015-04-01",
                                            "person_id": "PB-100", "family_id": "PBF-100", "pack": "peterborough",
                                            "current_service": service})
    assert response.status_code == 201, response.json
    return response.json["id"]


def start(actor, case_id, pathway):
    response = actor.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": f"peterborough/{pathway}"})
    assert response.status_code == 201, response.json


def case_of(actor, case_id):
    return actor.get(f"/api/v1/cases/{case_id}").json


def open_task_ids(actor, case_id):
    return sorted(t["task_id"] for t in case_of(actor, case_id)["open_tasks"])


def pathways(actor, case_id):
    return {p["pathway"]: p["status"] for p in case_of(actor, case_id)["pathways"]}


def form_of(actor, task_id, case_id):
    return actor.get(f"/api/v1/tasks/{actor.task(task_id, case_id)['id']}").json["form"]


def sweep(as_user):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return [f["timer_id"] for f in response.json["fired"]]


def contact_received(as_user, team="MASH", consented="Yes"):
    """A contact the Customer Services Centre has recommended to a receiving team."""
    officer = as_user(CSC_OFFICER)
    case_id = new_case(officer, service="EH")
    start(officer, case_id, "contact")
    ok(officer.complete("recommend_receiving_team", case_id, concerns_identified="Fictional: school worried about "
                        "attendance and low mood", recommended_team=team, family_consented_to_referral=consented))
    return case_id


def reassigned(as_user, team="MASH"):
    """A contact the receiving team reassigned to the Early Help Hub (at 10:00 on Monday 2 November 2026)."""
    case_id = contact_received(as_user, team)
    reviewer, task = (MASH_TM, "mash_review_contact") if team == "MASH" else (AT_TM, "assessment_team_review_contact")
    ok(as_user(reviewer).complete(task, case_id, contact_decision=REASSIGN, rationale_for_reassignment=RATIONALE,
                                  **CONSENT))
    return case_id
