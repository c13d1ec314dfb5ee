"""Manchester §3.8-3.9 with Appendices 2-3: step-down from a C&F assessment or a CIN plan to the Early Help Hub,
through the JSON API with a fake clock (Monday 2 November 2026; the next allocations meeting is Thursday 5th)."""
from datetime import datetime, timezone

from answers import ok, refused
from conftest import START, Actor

ASW = "manchester-area-social-worker"
EHSW = "manchester-early-help-social-worker"
EHTM = "manchester-early-help-team-manager"
HLM = "manchester-hub-locality-manager"
EHP = "manchester-early-help-practitioner"
ADMIN = "demo-admin"
PATHWAY = "manchester/step_down_to_early_help_hub"
FROM_CFA, FROM_CIN = "Child and Family Assessment", "Child in Need Plan"
HUB, EARLY_YEARS = "Early Help Hub", "Early Years Outreach Delivery Model (child under 5)"
PRESENT, ADVICE = "Present to the next allocations meeting", "Advice and guidance without allocation (Level 3)"
PRO_FORMA = {
    "subject_child": "Fictional Child A, 10, MICARE-0001", "family_composition": "Fictional sibling, 7; parent, 35",
    "address_contact_details": "1 Fictional Street", "housing_provider": "Housing Association",
    "family_referred_on": "2026-11-02", "reason_referred_to_allocations": "Fictional reason",
    "referrer_contact_details": "Demo Area Social Worker, 0161 496 0000", "worries": "Fictional worry",
    "cafa_or_planning_meeting_on": "2026-10-30", "level_of_need": "4", "status_of_intervention": "Step Down",
    "working_well": "Fictional strength", "what_needs_to_happen": "Fictional goal",
    "forthcoming_meetings_visits": "Joint visit 9 November 2026", "step_down_from": FROM_CFA,
    "family_part_of_plan": True, "step_down_to": HUB, "stepping_down_team": "North Area Social Work Team"}


def started(as_user, born="2016-04-05"):
    asw = as_user(ASW)
    case = asw.post("/api/v1/cases", {"child_name": "Fictional Child A", "date_of_birth": born, "person_id": "M-300",
                                      "family_id": "MF-300", "pack": "manchester", "current_service": "CSC"})
    assert case.status_code == 201, case.json
    assert asw.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": PATHWAY}).status_code == 201
    return case.json["id"]


def case_of(actor, case_id):
    return actor.get(f"/api/v1/cases/{case_id}").json


def open_tasks(actor, case_id):
    return sorted(t["task_id"] for t in case_of(actor, case_id)["open_tasks"])


def sweep(as_user):
    return ok(as_user(ADMIN).post("/api/v1/admin/timers/run")).json["fired"]


def test_every_pro_forma_field_is_required_and_sets_the_level(as_user):
    case_id = started(as_user)
    asw = as_user(ASW)
    item = asw.task("allocations_pro_forma", case_id)
    form = asw.get(f"/api/v1/tasks/{item['id']}").json["form"]
    appendix_2 = [f["name"] for f in form["fields"] if f.get("section", "").startswith("Early Help Allocations")]
    assert len(appendix_2) == 11
    for name in list(PRO_FORMA):
        refused(asw.complete("allocations_pro_forma", case_id, **{**PRO_FORMA, name: None}), name)
    refused(asw.complete("allocations_pro_forma", case_id, **{**PRO_FORMA, "status_of_intervention":
                                                                "Joint Social Work"}), "status_of_intervention")
    refused(asw.complete("allocations_pro_forma", case_id, **{**PRO_FORMA, "family_part_of_plan": False}),
            "family_part_of_plan")
    ok(asw.complete("allocations_pro_forma", case_id, **PRO_FORMA))
    case = case_of(asw, case_id)
    assert case["level_of_need"] == 4 and case["level_of_need_record"]["set_by"] == ASW
    assert open_tasks(asw, case_id) == ["screen_referral"]


def test_early_years_outreach_is_offered_only_for_a_child_under_5(as_user):
    case_id = started(as_user)  # ten years old
    message = refused(as_user(ASW).complete("allocations_pro_forma", case_id,
                                            **{**PRO_FORMA, "step_down_to": EARLY_YEARS}), "step_down_to")
    assert "under 5" in message
    young = started(as_user, born="2023-01-01")
    ok(as_user(ASW).complete("allocations_pro_forma", young, **{**PRO_FORMA, "step_down_to": EARLY_YEARS}))
    assert open_tasks(as_user(ASW), young) == []


def screened_at(as_user, level="4", **changes):
    case_id = started(as_user)
    ok(as_user(ASW).complete("allocations_pro_forma", case_id, **{**PRO_FORMA, "level_of_need": level, **changes}))
    return case_id


def test_the_next_allocations_meeting_is_a_thursday_within_5_days(as_user):
    case_id = screened_at(as_user)
    sw = as_user(EHSW)
    item = sw.task("screen_referral", case_id)
    assert sw.get(f"/api/v1/tasks/{item['id']}").json["form"]["prefilled"]["allocations_meeting_on"] == "2026-11-05"
    base = {"screening_notes": "Fictional", "screening_outcome": PRESENT}
    assert "Thursday" in refused(sw.complete("screen_referral", case_id, **base, allocations_meeting_on="2026-11-04"),
                                 "allocations_meeting_on")
    assert "within 5 days" in refused(sw.complete("screen_referral", case_id, **base,
                                                  allocations_meeting_on="2026-11-12"), "allocations_meeting_on")
    refused(sw.complete("screen_referral", case_id, **base), "allocations_meeting_on")
    ok(sw.complete("screen_referral", case_id, **base, allocations_meeting_on="2026-11-05"))
    meeting = as_user(EHTM).task("allocations_meeting", case_id)
    assert meeting["due"] == "2026-11-05T17:00:00+00:00"


def test_level_4_is_always_presented_level_3_may_get_advice_without_allocation(as_user):
    case_id = screened_at(as_user, level="4")
    sw = as_user(EHSW)
    refused(sw.complete("screen_referral", case_id, screening_notes="Fictional", screening_outcome=ADVICE,
                        advice_and_guidance="Fictional advice"), "screening_outcome")
    level_3 = screened_at(as_user, level="3")
    refused(sw.complete("screen_referral", level_3, screening_notes="Fictional", screening_outcome=ADVICE),
            "advice_and_guidance")
    ok(sw.complete("screen_referral", level_3, screening_notes="Fictional", screening_outcome=ADVICE,
                   advice_and_guidance="Fictional advice"))
    assert open_tasks(sw, level_3) == []


def allocated(as_user, clock, **pro_forma):
    case_id = screened_at(as_user, **pro_forma)
    ok(as_user(EHSW).complete("screen_referral", case_id, screening_notes="Fictional", screening_outcome=PRESENT,
                              allocations_meeting_on="2026-11-05"))
    clock.set(datetime(2026, 11, 5, 15, 0, tzinfo=timezone.utc))
    ok(as_user(EHTM).complete("allocations_meeting", case_id, allocated_to="Demo Early Help Practitioner",
                              area_social_worker_attended=True, allocation_notes="Fictional plan"))
    return case_id


def test_not_allocated_by_the_end_of_the_meeting_day_goes_to_the_hub_locality_manager(as_user, clock):
    case_id = screened_at(as_user)
    ok(as_user(EHSW).complete("screen_referral", case_id, screening_notes="Fictional", screening_outcome=PRESENT,
                              allocations_meeting_on="2026-11-05"))
    clock.set(datetime(2026, 11, 5, 16, 59, tzinfo=timezone.utc))
    assert sweep(as_user) == []
    clock.set(datetime(2026, 11, 5, 17, 1, tzinfo=timezone.utc))
    sweep(as_user)
    as_user(HLM).task("allocation_overdue", case_id)


HANDOVER = {"handover_type": "Joint visit to the family with the social worker", "handover_on": "2026-11-09",
            "family_involved": True, "early_help_attendee": "Early Help Practitioner", "safe_plan_agreed": True,
            "next_steps_plan": "Fictional next steps"}


def test_the_joint_handover_involves_the_family_and_a_safe_plan(as_user, clock):
    case_id = allocated(as_user, clock)
    ehp = as_user(EHP)
    refused(ehp.complete("joint_handover", case_id, **{**HANDOVER, "family_involved": False}), "family_involved")
    refused(ehp.complete("joint_handover", case_id, **{**HANDOVER, "safe_plan_agreed": False}), "safe_plan_agreed")
    ok(ehp.complete("joint_handover", case_id, **HANDOVER))
    assert case_of(ehp, case_id)["current_service"] == "EH"


def test_a_cin_step_down_is_handed_over_at_the_final_cin_meeting_by_a_senior_after_significant_involvement(
        as_user, clock):
    case_id = allocated(as_user, clock, step_down_from=FROM_CIN, significant_social_care_involvement=True)
    ehp = as_user(EHP)
    refused(ehp.complete("joint_handover", case_id, **HANDOVER), "handover_type")
    refused(ehp.complete("joint_handover", case_id, **{**HANDOVER, "handover_type": "Final Child in Need meeting"}),
            "early_help_attendee")
    ok(ehp.complete("joint_handover", case_id, **{**HANDOVER, "handover_type": "Final Child in Need meeting",
                                                  "early_help_attendee": "Early Help Team Manager"}))


PLAN = {"sw_assessment_still_reflective": "Yes", "last_social_work_assessment_on": "2026-10-30",
        "approach": "Plan incorporating the social work assessment / plan", "plan": "Fictional plan",
        "other_active_eha": "No"}
EHA = "Specialist Early Help Assessment, then a plan"


def handed_over(as_user, clock, **pro_forma):
    case_id = allocated(as_user, clock, **pro_forma)
    handover = {**HANDOVER, "handover_type": "Final Child in Need meeting"} \
        if pro_forma.get("step_down_from") == FROM_CIN else HANDOVER
    ok(as_user(EHP).complete("joint_handover", case_id, **handover))
    return case_id


def test_after_a_recent_cf_assessment_no_new_eha_a_plan_only_and_registration_after_6_weeks(as_user, clock):
    case_id = handed_over(as_user, clock)
    ehp = as_user(EHP)
    refused(ehp.complete("assessment_or_plan", case_id, **{**PLAN, "approach": EHA}), "approach")
    ok(ehp.complete("assessment_or_plan", case_id, **PLAN))
    register = ehp.task("register_early_help_assessment", case_id)
    assert register["due"] == "2026-12-17T09:00:00+00:00"  # 6 weeks from Thursday 5 November, 09:00 London


def test_after_cin_planning_an_eha_needs_a_joint_decision_and_registration_is_after_3_months(as_user, clock):
    case_id = handed_over(as_user, clock, step_down_from=FROM_CIN)
    ehp = as_user(EHP)
    refused(ehp.complete("assessment_or_plan", case_id, **{**PLAN, "approach": EHA}), "approach")
    refused(ehp.complete("assessment_or_plan", case_id, **{**PLAN, "approach": EHA,
                                                           "sw_assessment_still_reflective": "No"}), "joint_decision")
    old = {**PLAN, "approach": EHA, "last_social_work_assessment_on": "2026-01-05"}
    refused(ehp.complete("assessment_or_plan", case_id, **old), "eha_agreed_with_family")
    ok(ehp.complete("assessment_or_plan", case_id, **old, eha_agreed_with_family=True))
    # 3 months (91 days) from Thursday 5 November, 09:00 London
    assert ehp.task("register_early_help_assessment", case_id)["due"] == "2027-02-04T09:00:00+00:00"


def test_with_another_active_eha_nothing_is_registered_and_late_registration_escalates(as_user, clock):
    case_id = handed_over(as_user, clock)
    ok(as_user(EHP).complete("assessment_or_plan", case_id, **{**PLAN, "other_active_eha": "Yes"}))
    assert open_tasks(as_user(EHP), case_id) == []
    clock.set(START)
    second = handed_over(as_user, clock)
    ok(as_user(EHP).complete("assessment_or_plan", second, **PLAN))
    clock.set(datetime(2026, 12, 17, 9, 1, tzinfo=timezone.utc))
    sweep(as_user)
    as_user(EHTM).task("registration_overdue", second)


# --- §4.4 end to end: stepped down here, stepped up within 3 months, back to the same team ------------------

def _step_up_contact(app, case_id):
    sw = Actor(app, EHSW)  # signed in afresh: months on, the first token has expired
    assert sw.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "manchester/area_team_contact"}).status_code == 201
    item = sw.task("send_contact_information_record", case_id)
    return sw, sw.get(f"/api/v1/tasks/{item['id']}").json["form"]["prefilled"]


def test_a_step_up_within_3_months_of_this_step_down_goes_back_to_the_team_without_retyping(app, as_user, clock):
    case_id = handed_over(as_user, clock)  # North stepped the child down at the handover on 9 November 2026
    steps = [e for e in as_user(EHSW).history(case_id) if e["action"] == "case.stepped_down"]
    assert [e["data"] for e in steps] == [{"stepped_down_by_team": "North Area Social Work Team",
                                           "stepped_down_on": "2026-11-09"}]
    clock.set(datetime(2027, 2, 9, 10, 0, tzinfo=timezone.utc))  # 3 months on: the boundary day is within
    sw, prefilled = _step_up_contact(app, case_id)
    assert (prefilled["stepped_down_by_team"], prefilled["stepped_down_on"], prefilled["area_team"]) == \
        ("North Area Social Work Team", "2026-11-09", "North Area Social Work Team")
    contact = {"step_up_stage": "Interventions", "step_up_reasons": "Risk of harm identified (fictional)",
               "what_is_working_well": "Fictional", "worries": "Fictional", "what_needs_to_happen": "Fictional",
               "micare_contact_reference": "MC-DEMO-2", **prefilled}
    message = refused(sw.complete("send_contact_information_record", case_id,
                                  **{**contact, "area_team": "South Area Social Work Team"}), "area_team")
    assert "North Area Social Work Team" in message
    ok(sw.complete("send_contact_information_record", case_id, **contact))
    assert "area_team_contact_decision" in open_tasks(sw, case_id)


def test_a_step_up_more_than_3_months_after_this_step_down_may_go_to_any_team(app, as_user, clock):
    case_id = handed_over(as_user, clock)
    clock.set(datetime(2027, 2, 10, 10, 0, tzinfo=timezone.utc))
    sw, prefilled = _step_up_contact(app, case_id)
    ok(sw.complete("send_contact_information_record", case_id, step_up_stage="Interventions",
                   step_up_reasons="Fictional", what_is_working_well="Fictional", worries="Fictional",
                   what_needs_to_happen="Fictional", micare_contact_reference="MC-DEMO-3",
                   **{**prefilled, "area_team": "South Area Social Work Team"}))
