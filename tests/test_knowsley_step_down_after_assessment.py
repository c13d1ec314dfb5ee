"""Knowsley §3: step-down to Level 2 or 3 before a Child and Family assessment closes, through the JSON API."""
from datetime import datetime, timedelta, timezone

from service.extensions import db
from service.mail.outbox_model import OutboxMessage
from answers import ok, refused

SW = "knowsley-social-worker"
LP = "knowsley-lead-practitioner"
ADMIN = "demo-admin"
PATHWAY = "knowsley/step_down_after_assessment"
RECEIVING = "knowsley/early_help_after_step_down"
LEVEL_2 = "Level 2 (a partner agency, e.g. a school)"
LEVEL_3 = "Level 3 (Family First 0-18)"
PROPOSAL = {"referral_received_on": "2026-10-19", "team_manager_name": "Demo CSC Team Manager", "team_manager_agrees": True, "parent_consent": "Yes",
            "consent_details": "Mother, by phone on 2 Nov 2026 (fictional)"}
SIGNS = {"worries": "Fictional: low mood", "working_well": "Fictional: school support",
         "what_needs_to_happen": "Fictional: parenting course"}


def assessing(as_user):
    sw = as_user(SW)
    case = sw.post("/api/v1/cases", {"child_name": "Fictional Child A", "date_of_birth": "2015-02-03",
                                     "person_id": "K-300", "family_id": "KF-300", "pack": "knowsley",
                                     "current_service": "CSC"})
    assert case.status_code == 201, case.json
    assert sw.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": PATHWAY}).status_code == 201
    return case.json["id"]


def proposed(as_user, level, **changes):
    case_id = assessing(as_user)
    ok(as_user(SW).complete("propose_step_down", case_id, step_down_level=level, **{**PROPOSAL, **changes}))
    return case_id


def case_of(actor, case_id):
    return actor.get(f"/api/v1/cases/{case_id}").json


def pathways(actor, case_id):
    return {p["pathway"]: p["status"] for p in case_of(actor, case_id)["pathways"]}


def outbox(as_user, case_id, reason):
    return [m for m in as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
            if m["case_id"] == case_id and m["reason"] == reason]


def test_the_team_manager_must_agree_and_consent_must_be_recorded(as_user):
    case_id = assessing(as_user)
    sw = as_user(SW)
    refused(sw.complete("propose_step_down", case_id, step_down_level=LEVEL_2,
                        **{**PROPOSAL, "team_manager_agrees": False}), "team_manager_agrees")
    refused(sw.complete("propose_step_down", case_id, step_down_level=LEVEL_2,
                        **{**PROPOSAL, "consent_details": ""}), "consent_details")
    # Today is Monday 2 Nov 2026: the referral the assessment follows cannot be later.
    refused(sw.complete("propose_step_down", case_id, step_down_level=LEVEL_2,
                        **{**PROPOSAL, "referral_received_on": "2026-11-03"}), "referral_received_on")
    refused(sw.complete("propose_step_down", case_id, step_down_level=LEVEL_2,
                        **{**PROPOSAL, "referral_received_on": None}), "referral_received_on")


def test_without_the_parents_consent_there_is_no_step_down(as_user):
    case_id = proposed(as_user, LEVEL_2, parent_consent="No", consent_details="")
    case = case_of(as_user(SW), case_id)
    assert case["open_tasks"] == [] and case["current_service"] == "CSC"
    assert pathways(as_user(SW), case_id) == {PATHWAY: "complete"}


def test_level_2_needs_the_partners_agreement_and_tells_ff_duty_then_transfers_to_ehm(as_user):
    case_id = proposed(as_user, LEVEL_2)
    sw = as_user(SW)
    partner = {"partner_practitioner": "Demo Pastoral Lead", "partner_organisation": "Demo High School", **SIGNS}
    refused(sw.complete("level_2_partner_agreement", case_id, **partner, partner_agrees=False), "partner_agrees")
    assert outbox(as_user, case_id, "level_2_partner_agreement completed") == []
    ok(sw.complete("level_2_partner_agreement", case_id, **partner, partner_agrees=True))
    [message] = outbox(as_user, case_id, "level_2_partner_agreement completed")
    assert message["recipients"] == ["knowsley-family-first-duty@demo.invalid"]
    item = sw.task("transfer_to_ehm", case_id)
    assert sw.get(f"/api/v1/tasks/{item['id']}").json["form"]["prefilled"] == {
        "new_lead_practitioner_name": "Demo Pastoral Lead", "new_lead_practitioner_organisation": "Demo High School"}
    transfer = {"assessment_finalised_on": "2026-11-02", "new_lead_practitioner_name": "Demo Pastoral Lead",
                "new_lead_practitioner_organisation": "Demo High School"}
    refused(sw.complete("transfer_to_ehm", case_id, **transfer, transferred_to_ehm=False), "transferred_to_ehm")
    ok(sw.complete("transfer_to_ehm", case_id, **transfer, transferred_to_ehm=True))
    # The hand-on: the receiving service's work starts, and the case is with Early Help.
    assert case_of(sw, case_id)["current_service"] == "EH"
    assert pathways(sw, case_id) == {PATHWAY: "complete", RECEIVING: "running"}
    lp = as_user(LP)
    taking_over = lp.task("take_over_as_lead_practitioner", case_id)
    assert lp.get(f"/api/v1/tasks/{taking_over['id']}").json["form"]["prefilled"]["lead_practitioner_organisation"] \
        == "Demo High School"
    # No review date was agreed on this route: taking over without one sets no review timer.
    ok(lp.complete("take_over_as_lead_practitioner", case_id, lead_practitioner_name="Demo Pastoral Lead",
                   lead_practitioner_organisation="Demo High School", early_help_assessment_started_on="2026-11-02"))
    assert case_of(lp, case_id)["open_tasks"] == []
    assert pathways(lp, case_id)[RECEIVING] == "complete"


def test_the_receiving_pathway_can_be_started_by_hand_for_a_step_down_made_elsewhere(as_user, clock):
    lp = as_user(LP)
    case = lp.post("/api/v1/cases", {"child_name": "Fictional Child H", "date_of_birth": "2016-05-04",
                                     "pack": "knowsley"})
    assert lp.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": RECEIVING}).status_code == 201
    ok(lp.complete("take_over_as_lead_practitioner", case.json["id"], lead_practitioner_name="Demo LP",
                   lead_practitioner_organisation="Family First 0-18", early_help_assessment_started_on="2026-11-02",
                   first_taf_review_on="2026-11-20"))
    clock.set(datetime(2026, 11, 20, 9, 1, tzinfo=timezone.utc))
    assert as_user(ADMIN).post("/api/v1/admin/timers/run").status_code == 200
    assert lp.task("first_taf_review", case.json["id"])


def test_level_3_joint_home_visit_needs_five_days_notice(as_user, app):
    case_id = proposed(as_user, LEVEL_3)
    sw = as_user(SW)
    # Today is Monday 2 Nov 2026: Friday 6 Nov is 4 days away, Saturday 7 Nov is 5.
    assert "at least 5 days" in refused(sw.complete("joint_home_visit", case_id,
                                                    joint_home_visit_start="2026-11-06T14:00", **SIGNS),
                                        "joint_home_visit_start")
    assert outbox(as_user, case_id, "joint_home_visit completed") == []
    ok(sw.complete("joint_home_visit", case_id, joint_home_visit_start="2026-11-09T14:00", **SIGNS))
    [message] = outbox(as_user, case_id, "joint_home_visit completed")
    assert message["recipients"] == ["knowsley-family-first-duty@demo.invalid"] and message["has_invite"]
    with app.app_context():
        assert db.session.get(OutboxMessage, message["id"]).meeting["start"] == "2026-11-09T14:00:00+00:00"
    ok(sw.complete("transfer_to_ehm", case_id, assessment_finalised_on="2026-11-02", transferred_to_ehm=True,
                   new_lead_practitioner_name="Demo FF Case Manager", new_lead_practitioner_organisation=
                   "Family First 0-18"))
    assert case_of(sw, case_id)["current_service"] == "EH"
    assert as_user(LP).task("take_over_as_lead_practitioner", case_id)["pathway"] == RECEIVING


# The referral on Monday 19 Oct 2026: its 45th working day is Monday 21 Dec, by 17:00 London (GMT).
ASSESSMENT_DUE = "2026-12-21T17:00:00+00:00"


def test_the_assessment_clock_runs_from_the_referral_and_escalates_to_the_csc_team_manager(as_user, clock):
    case_id = proposed(as_user, LEVEL_3)
    sw, csc_manager = as_user(SW), as_user("knowsley-csc-team-manager")
    assert sw.task("joint_home_visit", case_id)["due"] == ASSESSMENT_DUE
    ok(sw.complete("joint_home_visit", case_id, joint_home_visit_start="2026-11-09T14:00", **SIGNS))
    # The clock runs from the referral, not from when the finalising task opened.
    assert sw.task("transfer_to_ehm", case_id)["due"] == ASSESSMENT_DUE
    clock.set(datetime.fromisoformat(ASSESSMENT_DUE) - timedelta(minutes=1))
    assert [f for f in run_timer_sweep(as_user)["fired"] if f["case_id"] == case_id] == []
    assert csc_manager.tray(case=case_id) == []
    clock.set(datetime.fromisoformat(ASSESSMENT_DUE) + timedelta(minutes=1))
    fired = [f["timer_id"] for f in run_timer_sweep(as_user)["fired"] if f["case_id"] == case_id]
    assert fired == ["transfer_past_assessment_deadline"]
    escalation = csc_manager.task("assessment_overdue_before_step_down", case_id)
    assert escalation["role"] == "CSC Team Manager"
    [alert] = outbox(as_user, case_id, "assessment_overdue_before_step_down opened")
    assert alert["recipients"] == ["knowsley-csc-team-manager@demo.invalid"]
    # The social worker's task stays open, overdue; the escalation is answered and closes.
    assert sw.task("transfer_to_ehm", case_id)["overdue"] is True
    ok(csc_manager.complete("assessment_overdue_before_step_down", case_id, reason_overdue="Fictional: sickness",
                            assessment_expected_by="2027-01-08"))
    assert csc_manager.tray(case=case_id) == []


def test_a_level_2_partner_not_found_in_time_is_chased_on_the_same_clock(as_user, clock):
    case_id = proposed(as_user, LEVEL_2)
    assert as_user(SW).task("level_2_partner_agreement", case_id)["due"] == ASSESSMENT_DUE
    clock.set(datetime.fromisoformat(ASSESSMENT_DUE) + timedelta(minutes=1))
    fired = [f["timer_id"] for f in run_timer_sweep(as_user)["fired"] if f["case_id"] == case_id]
    assert fired == ["partner_agreement_past_assessment_deadline"]
    assert as_user("knowsley-csc-team-manager").task("assessment_overdue_before_step_down", case_id)


def run_timer_sweep(as_user):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return response.json
