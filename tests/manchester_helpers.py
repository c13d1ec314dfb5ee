"""Shared by the Manchester pathway tests: demo users by role, a case, and reading the record back."""
ADMIN = "demo-admin"
PRACTITIONER = "manchester-early-help-practitioner"
EH_SW = "manchester-early-help-social-worker"
SENIOR_SW = "manchester-early-help-senior-social-worker"
EH_TM = "manchester-early-help-team-manager"
MASH_COORDINATOR = "manchester-mash-early-help-coordinator"
MASH_TM = "manchester-mash-team-manager"
CONTACT_CENTRE = "manchester-contact-centre-worker"
AREA_SW = "manchester-area-social-worker"
LOCALITY_TM = "manchester-locality-social-work-team-manager"
HUB_LOCALITY_MANAGER = "manchester-hub-locality-manager"
HEAD_OF_SERVICE = "manchester-locality-social-work-head-of-service"
STRATEGIC_HEAD = "manchester-strategic-head-of-early-help"
DEPUTY_DIRECTOR = "manchester-deputy-director-of-children's-social-care"

NORTH, CENTRAL, SOUTH = ("North Area Social Work Team", "Central Area Social Work Team",
                         "South Area Social Work Team")
CONTACT_RECORD = {
    "what_is_working_well": "Grandparent nearby (fictional)", "worries": "Escalating neglect (fictional)",
    "what_needs_to_happen": "Social work assessment (fictional)", "micare_contact_reference": "MC-DEMO-1",
}


def new_case(actor, pathway=None):
    body = {"child_name": "Fictional Child M", "date_of_birth": "2018-05-04", "person_id": "M-100",
            "family_id": "MF-100", "pack": "manchester", "lead_professional": "Demo Early Help Practitioner"}
    response = actor.post("/api/v1/cases", body)
    assert response.status_code == 201, response.json
    case_id = response.json["id"]
    if pathway:
        start(actor, case_id, pathway)
    return case_id


def start(actor, case_id, pathway):
    started = actor.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": f"manchester/{pathway}"})
    assert started.status_code == 201, started.json
    return started


def pathways(actor, case_id):
    return {p["pathway"]: p["status"] for p in case_of(actor, case_id)["pathways"]}


def case_of(actor, case_id):
    response = actor.get(f"/api/v1/cases/{case_id}")
    assert response.status_code == 200, response.json
    return response.json


def open_task_ids(actor, case_id):
    return sorted(t["task_id"] for t in case_of(actor, case_id)["open_tasks"])


def form_of(actor, task_id, case_id):
    item = actor.task(task_id, case_id)
    return actor.get(f"/api/v1/tasks/{item['id']}").json["form"]


def run_timer_sweep(as_user):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return [f["timer_id"] for f in response.json["fired"]]


def alerts(as_user, case_id, reason):
    """Recipients of each e-mail queued for a case for ``reason`` (e.g. "mash_case_discussion opened")."""
    outbox = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    return [m["recipients"] for m in outbox if m["case_id"] == case_id and m["reason"] == reason]


def task_ids_in_pack_diagrams(root):
    """Every user task id of the pack's shipped diagrams."""
    from service.engine import load_definition
    ids = set()
    for path in sorted((root / "bpmn" / "manchester").glob("*.bpmn")):
        ids |= set(load_definition(f"manchester/{path.stem}", {path.name: path.read_bytes()}).user_task_ids())
    return ids


def send_contact_record(as_user, case_id, **changes):
    return as_user(EH_SW).complete("send_contact_information_record", case_id,
                                   **{"step_up_reasons": "Risk of harm identified (fictional)", "area_team": NORTH,
                                      **CONTACT_RECORD, **changes})
