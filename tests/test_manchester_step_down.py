"""Manchester §3.1-3.5 (Contact Centre / MASH to Early Help) and §3.7 (a rejected C&F assessment to Early Help),
through the JSON API with a fake clock."""
from datetime import timedelta

from answers import ok, refused
from conftest import START

CC = "manchester-contact-centre-worker"
COORD = "manchester-mash-early-help-coordinator"
EHSW = "manchester-early-help-social-worker"
ASW = "manchester-area-social-worker"
MTM = "manchester-mash-team-manager"
HOS = "manchester-locality-social-work-head-of-service"
DD = "manchester-deputy-director-of-children's-social-care"
ADMIN = "demo-admin"
REFER = "Refer to the Early Help Hub for a targeted offer"
POINT = "Offer provided at the point of contact (no targeted offer)"
AGREED = "Agreed: the case does not progress to a C&F assessment"
NOT_AGREED = "Not agreed: the C&F assessment goes ahead"


def started(as_user, pathway, username, service="EH"):
    actor = as_user(username)
    case = actor.post("/api/v1/cases", {"child_name": "Fictional Child A", "date_of_birth": "2016-04-05",
                                        "person_id": "M-200", "family_id": "MF-200", "pack": "manchester",
                                        "current_service": service})
    assert case.status_code == 201, case.json
    assert actor.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": pathway}).status_code == 201
    return case.json["id"]


def case_of(actor, case_id):
    return actor.get(f"/api/v1/cases/{case_id}").json


def open_tasks(actor, case_id):
    return sorted(t["task_id"] for t in case_of(actor, case_id)["open_tasks"])


def sweep(as_user):
    return ok(as_user(ADMIN).post("/api/v1/admin/timers/run")).json["fired"]


CONSENT = {"family_understand_referral": True, "consent_decision": "given", "consent_how": "By phone",
           "consent_on": "2026-11-02", "early_help_decision": REFER}
SIGNS = {"worries": "Fictional worry", "working_well": "Fictional strength", "what_needs_to_happen": "Fictional goal",
         "early_help_plan": "Fictional plan", "contingency_if_not_engaging": "Fictional contingency"}


def test_consent_must_be_explored_and_given_before_a_hub_referral(as_user):
    case_id = started(as_user, "manchester/step_down_to_early_help", COORD)
    coord = as_user(COORD)
    refused(coord.complete("explore_consent", case_id, **{**CONSENT, "family_understand_referral": False}),
            "family_understand_referral")
    refused(coord.complete("explore_consent", case_id, **{**CONSENT, "consent_decision": "refused"}),
            "consent_decision")
    refused(coord.complete("explore_consent", case_id, **{**CONSENT, "consent_how": ""}), "consent_how")
    ok(coord.complete("explore_consent", case_id, **CONSENT))
    consent = case_of(coord, case_id)["consent"]
    assert [(c["given_by"], c["scope"], c["decision"], c["how"]) for c in consent] == [
        ("Parents / carers", "service", "given", "By phone")]


def test_without_a_targeted_offer_the_offer_at_the_point_of_contact_is_recorded(as_user):
    case_id = started(as_user, "manchester/step_down_to_early_help", COORD)
    coord = as_user(COORD)
    point = {**CONSENT, "consent_decision": "refused", "early_help_decision": POINT}
    refused(coord.complete("explore_consent", case_id, **point), "point_of_contact_offer")
    ok(coord.complete("explore_consent", case_id, **point, point_of_contact_offer="Fictional advice given"))
    assert open_tasks(coord, case_id) == []


def test_a_hub_referral_carries_signs_of_safety_a_plan_and_a_contingency(as_user):
    case_id = started(as_user, "manchester/step_down_to_early_help", COORD, service="CSC")
    coord = as_user(COORD)
    ok(coord.complete("explore_consent", case_id, **CONSENT))
    for missing in ("worries", "early_help_plan", "contingency_if_not_engaging"):
        refused(coord.complete("refer_to_early_help_hub", case_id, **{**SIGNS, missing: ""},
                               social_work_referral_if_not_engaging="Yes"), missing)
    refused(coord.complete("refer_to_early_help_hub", case_id, **SIGNS), "social_work_referral_if_not_engaging")
    refused(coord.complete("refer_to_early_help_hub", case_id, **SIGNS, social_work_referral_if_not_engaging="No"),
            "why_no_social_work_referral")
    ok(coord.complete("refer_to_early_help_hub", case_id, **SIGNS, social_work_referral_if_not_engaging="Yes"))
    sw = as_user(EHSW)
    refused(sw.complete("hub_triage", case_id, triage_with_family_agreement=False,
                        triage_outcome="Targeted Early Help offer"), "triage_with_family_agreement")
    ok(sw.complete("hub_triage", case_id, triage_with_family_agreement=True,
                   triage_outcome="Targeted Early Help offer"))
    assert case_of(sw, case_id)["current_service"] == "EH"
    hub_mail = [m for m in as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"] if m["case_id"] == case_id]
    assert any("manchester-early-help-hub@demo.invalid" in m["recipients"] for m in hub_mail)


DISCUSSION = {"not_progressed_at": "2026-11-02T10:00", "reasons_for_change": "Fictional reasons"}
PLAN = {"hub_contact": "Demo Hub Worker", "hub_agrees": True, "plan_of_action": "Fictional plan",
        "contingencies_if_not_engaging": "Fictional contingency", "timescales": "Fictional: 6 weeks"}


def rejected(as_user):
    case_id = started(as_user, "manchester/rejected_assessment_to_early_help", ASW, service="CSC")
    ok(as_user(ASW).complete("discuss_with_mash_team_manager", case_id, **DISCUSSION))
    return case_id


def test_the_mash_team_manager_records_the_case_note_and_the_hub_agrees_a_written_plan(as_user, clock):
    case_id = started(as_user, "manchester/rejected_assessment_to_early_help", ASW, service="CSC")
    asw, mtm = as_user(ASW), as_user(MTM)
    refused(asw.complete("discuss_with_mash_team_manager", case_id,
                         **{**DISCUSSION, "not_progressed_at": "2026-11-03T10:00"}), "not_progressed_at")
    ok(asw.complete("discuss_with_mash_team_manager", case_id, **DISCUSSION))
    item = mtm.task("mash_team_manager_case_note", case_id)
    assert item["due"].startswith("2026-11-03T10:00")  # 24 hours from the decision not to progress
    refused(mtm.complete("mash_team_manager_case_note", case_id, mash_decision=AGREED), "mash_case_note")
    clock.advance(hours=3)
    ok(mtm.complete("mash_team_manager_case_note", case_id, mash_decision=AGREED, mash_case_note="Fictional note"))
    note = [e for e in mtm.history(case_id) if e["task_id"] == "mash_team_manager_case_note"]
    assert note and note[0]["actor"] == MTM and note[0]["data"]["mash_case_note"] == "Fictional note"
    refused(asw.complete("agree_early_help_plan", case_id, **{**PLAN, "hub_agrees": False}), "hub_agrees")
    for missing in ("plan_of_action", "contingencies_if_not_engaging", "timescales"):
        refused(asw.complete("agree_early_help_plan", case_id, **{**PLAN, missing: ""}), missing)
    ok(asw.complete("agree_early_help_plan", case_id, **PLAN))
    assert case_of(asw, case_id)["current_service"] == "EH"
    clock.advance(days=3)
    assert sweep(as_user) == []


def test_not_agreed_the_assessment_goes_ahead(as_user):
    case_id = rejected(as_user)
    ok(as_user(MTM).complete("mash_team_manager_case_note", case_id, mash_decision=NOT_AGREED,
                             mash_case_note="Fictional note"))
    case = case_of(as_user(ASW), case_id)
    assert case["open_tasks"] == [] and case["current_service"] == "CSC"


def test_unresolved_in_24_hours_it_goes_to_senior_management_then_a_further_24_to_the_deputy_director(
        as_user, clock):
    case_id = rejected(as_user)
    clock.set(START + timedelta(hours=23, minutes=59))
    assert sweep(as_user) == []
    clock.set(START + timedelta(hours=24, minutes=1))
    sweep(as_user)
    assert open_tasks(as_user(ASW), case_id) == ["mash_team_manager_case_note", "rejected_assessment_escalated"]
    escalated = as_user(HOS).task("rejected_assessment_escalated", case_id)
    assert escalated["due"].startswith("2026-11-04T10:00")  # a further 24 hours
    clock.set(START + timedelta(hours=48, minutes=1))
    sweep(as_user)
    as_user(DD).task("rejected_assessment_overdue", case_id)


def test_resolved_by_senior_management_in_time_goes_no_further(as_user, clock):
    case_id = rejected(as_user)
    clock.set(START + timedelta(hours=24, minutes=1))
    sweep(as_user)
    ok(as_user(HOS).complete("rejected_assessment_escalated", case_id, resolution="Fictional resolution"))
    clock.set(START + timedelta(hours=49))
    sweep(as_user)
    assert "rejected_assessment_overdue" not in open_tasks(as_user(ASW), case_id)
