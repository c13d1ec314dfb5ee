"""Level of Need on the case: each pack's scale, set through the API or a pathway step, with who and when."""
from datetime import timedelta

from answers import ok, refused
from conftest import START

CC = "manchester-contact-centre-worker"
EHSW = "manchester-early-help-social-worker"
KNOWSLEY_SW = "knowsley-social-worker"
CAMDEN = "camden-early-help-manager"


def new_case(actor, pack):
    response = actor.post("/api/v1/cases", {"child_name": "Fictional Child A", "date_of_birth": "2015-02-03",
                                            "person_id": "LN-1", "family_id": "LNF-1", "pack": pack})
    assert response.status_code == 201, response.json
    return response.json["id"]


def put_level(actor, case_id, body):
    return actor.client.put(f"/api/v1/cases/{case_id}/level-of-need", json=body, headers=actor._headers())


def test_a_new_case_has_no_level_and_shows_its_packs_scale(as_user):
    cc = as_user(CC)
    case = cc.get(f"/api/v1/cases/{new_case(cc, 'manchester')}").json
    assert case["level_of_need"] is None and case["level_of_need_record"] is None
    assert case["level_of_need_history"] == []
    assert [lv["level"] for lv in case["level_of_need_scale"]] == [1, 2, 3, 4, 5]
    assert case["level_of_need_scale"][4]["route"] == "MASH"
    assert "follow up the referral in writing in 48 hours" in case["level_of_need_scale"][4]["description"]


def test_setting_the_level_records_who_when_and_why_and_every_change(as_user, clock):
    cc, sw = as_user(CC), as_user(EHSW)
    case_id = new_case(cc, "manchester")
    answer = ok(put_level(cc, case_id, {"level": 3, "reason": "Fictional: needs more than one agency"})).json
    assert answer["current"]["level"] == 3 and answer["current"]["route"] == "Early Help Hub"
    assert answer["current"]["set_by"] == CC and answer["current_service"] == "EH"
    clock.advance(hours=2)
    ok(put_level(sw, case_id, {"level": 4, "reason": "Fictional: Level 3 support has not improved outcomes"}))
    case = cc.get(f"/api/v1/cases/{case_id}").json
    assert case["level_of_need"] == 4
    record = case["level_of_need_record"]
    assert record["set_by"] == EHSW and record["set_at"].startswith((START + timedelta(hours=2)).isoformat()[:16])
    assert [(c["level"], c["previous_level"], c["set_by"]) for c in case["level_of_need_history"]] == [
        (3, None, CC), (4, 3, EHSW)]
    assert case["level_of_need_history"][1]["reason"] == "Fictional: Level 3 support has not improved outcomes"
    events = [e for e in cc.history(case_id) if e["action"] == "case.level_of_need"]
    assert [e["summary"] for e in events] == [
        "Level of Need set to 3 (Coordinated support): Early Help Hub",
        "Level of Need changed from 3 to 4 (Intensive support): Early Help Hub (or MASH)"]
    assert [e["actor"] for e in events] == [CC, EHSW]


def test_a_level_off_the_packs_scale_is_refused_naming_level_and_writes_nothing(as_user):
    cc = as_user(CC)
    case_id = new_case(cc, "manchester")
    for bad in (0, 6, 99, "4", True, None):
        refused(put_level(cc, case_id, {"level": bad}), "level")
    refused(put_level(cc, case_id, {}), "level")
    refused(put_level(cc, case_id, {"level": 2, "colour": "red"}), "colour")
    assert cc.get(f"/api/v1/cases/{case_id}").json["level_of_need_history"] == []


def test_each_pack_has_its_own_scale(as_user):
    sw = as_user(KNOWSLEY_SW)
    case_id = new_case(sw, "knowsley")
    refused(put_level(sw, case_id, {"level": 5}), "level")  # Knowsley's protocol names Levels 2 and 3
    assert ok(put_level(sw, case_id, {"level": 2})).json["current"]["route"] == "Level 2 partner agency"
    camden = as_user(CAMDEN)
    message = refused(put_level(camden, new_case(camden, "camden"), {"level": 1}), "level")
    assert "no Level of Need scale" in message


def test_only_people_in_the_cases_pack_may_set_it(as_user):
    case_id = new_case(as_user(CC), "manchester")
    assert put_level(as_user(CAMDEN), case_id, {"level": 2}).status_code == 403


def test_the_case_page_shows_the_level_beside_the_current_service(as_user, app):
    cc = as_user(CC)
    case_id = new_case(cc, "manchester")
    ok(put_level(cc, case_id, {"level": 5, "reason": "Fictional"}))
    client = app.test_client()
    client.post("/sign-in", data={"username": CC, "password": "stepwise-demo"})
    page = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Level 5: Significant harm" in page and "The level points to" in page and "MASH" in page
    assert "Current service" in page


def test_the_case_page_records_a_level_and_refuses_one_off_the_scale(as_user, app):
    case_id = new_case(as_user(CC), "manchester")
    client = app.test_client()
    client.post("/sign-in", data={"username": EHSW, "password": "stepwise-demo"})
    refusal = client.post(f"/cases/{case_id}/level-of-need", data={"level": "7", "reason": "Fictional"})
    assert refusal.status_code == 422 and "must be one of the levels" in refusal.get_data(as_text=True)
    done = client.post(f"/cases/{case_id}/level-of-need", data={"level": "2", "reason": "Fictional: single agency"},
                       follow_redirects=True)
    assert done.status_code == 200 and "Level 2: Additional needs" in done.get_data(as_text=True)
    [change] = as_user(CC).get(f"/api/v1/cases/{case_id}").json["level_of_need_history"]
    assert (change["level"], change["set_by"], change["reason"]) == (2, EHSW, "Fictional: single agency")


def test_a_knowsley_step_down_sets_the_level_it_chose(as_user):
    from test_knowsley_step_down_after_assessment import LEVEL_2, SIGNS, SW, proposed
    case_id = proposed(as_user, LEVEL_2)
    sw = as_user(SW)
    ok(sw.complete("level_2_partner_agreement", case_id, partner_practitioner="Demo Pastoral Lead",
                   partner_organisation="Demo High School", partner_agrees=True, **SIGNS))
    ok(sw.complete("transfer_to_ehm", case_id, assessment_finalised_on="2026-11-02", transferred_to_ehm=True,
                   new_lead_practitioner_name="Demo Pastoral Lead", new_lead_practitioner_organisation="Demo High School"))
    case = sw.get(f"/api/v1/cases/{case_id}").json
    assert case["level_of_need"] == 2 and case["current_service"] == "EH"
    assert case["level_of_need_history"][0]["task_id"] == "transfer_to_ehm"
