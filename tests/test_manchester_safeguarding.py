"""Manchester: an immediate safeguarding concern, raised at any step, goes straight to the MASH Team Manager."""
from answers import ok

ASW = "manchester-area-social-worker"
MTM = "manchester-mash-team-manager"
ADMIN = "demo-admin"
CONCERN = {"immediate_risk": "Fictional: a visiting adult hit the child", "child_safe_now": "No",
           "mash_or_police_phoned": "Yes, MASH and police"}


def test_a_concern_mid_step_down_goes_to_the_mash_team_manager_and_the_step_down_carries_on(as_user):
    asw = as_user(ASW)
    case = asw.post("/api/v1/cases", {"child_name": "Fictional Child A", "date_of_birth": "2016-04-05",
                                      "person_id": "M-911", "family_id": "MF-911", "pack": "manchester"})
    case_id = case.json["id"]
    assert asw.post(f"/api/v1/cases/{case_id}/pathways",
                    {"pathway": "manchester/step_down_to_early_help_hub"}).status_code == 201
    raised = asw.post(f"/api/v1/cases/{case_id}/safeguarding-concern", {"data": CONCERN})
    assert raised.status_code == 201, raised.json
    item = as_user(MTM).task("immediate_concern_mash_decision", case_id)
    assert item["role"] == "MASH Team Manager"
    assert asw.task("allocations_pro_forma", case_id)  # the planned pathway is not cancelled
    mail = [m for m in ok(as_user(ADMIN).get("/api/v1/admin/outbox")).json["messages"] if m["case_id"] == case_id]
    assert any("manchester-mash@demo.invalid" in m["recipients"] for m in mail)
