"""Knowsley §4 planned step-up, Family First 0-18 → CSC (Appendices 1 and 2), through the JSON API."""
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from lxml import etree

from service.engine import load_definition
from service.extensions import db
from service.mail.outbox_model import OutboxMessage
from answers import ok, refused

ROOT = Path(__file__).resolve().parent.parent
DIAGRAM = ROOT / "bpmn" / "knowsley" / "step_up.bpmn"
XSD = ROOT.parent / "shared" / "schemas" / "bpmn20" / "BPMN20.xsd"

LP = "knowsley-lead-practitioner"
FF_TM = "knowsley-family-first-team-manager"
BUSINESS_SUPPORT = "knowsley-mash-business-support"
MASH_SW = "knowsley-mash-social-worker"
MASH_TM = "knowsley-mash-team-manager"
ADMIN = "demo-admin"

TAF = "school.nurse@demo.invalid\nyouth.worker@demo.invalid\n"
REQUEST = {
    "ehm_case_id": "EHM-DEMO-42", "recently_closed_to_csc": "No", "engagement_level": "Medium",
    "engaging_families_policy_followed": "Yes", "recent_taf_minutes_attached": "Yes",
    "concern_types": ["Domestic abuse"],
    "current_concerns": "Fictional: repeated police call-outs; child withdrawn at school",
    "past_harm": "Fictional: one previous incident", "complicating_factors": "Housing insecurity",
    "existing_strengths": "Grandmother nearby", "existing_safety": "Mother calls grandmother when worried",
    "goals": "Child feels safe at home", "next_steps": "C&F assessment",
    "scaling_question": "0 = harm certain, 10 = safe enough to close", "scaling_score": 3,
    "police_information": "Fictional: two call-outs this month",
    "line_manager_agreement": True, "line_manager_name": "Demo Team Manager",
    "contingency_plan": "Daily check-ins; refer to MASH if a further incident (fictional)",
    "c_and_f_already_recommended": "No",
}
MINUTES = {
    "case_holder": "Demo Lead Practitioner, Family First case manager", "facilitator": "Demo MASH SW",
    "critical_issues_summary": "Fictional summary", "working_well_questions": "Grandmother's support",
    "worried_about_questions": "Escalating incidents", "hypothesis": "Fictional hypothesis",
    "danger_worry_statements": "Fictional danger statement", "safety_goals": "Fictional safety goal",
    "scaling_questions": "Agency scaling 2-4", "session_next_steps": "Decision below",
}


def new_case(actor):
    body = {"child_name": "Fictional Child K", "date_of_birth": "2017-03-09", "person_id": "K-100",
            "family_id": "KF-100", "pack": "knowsley", "lead_professional": "Demo Lead Practitioner"}
    response = actor.post("/api/v1/cases", body)
    assert response.status_code == 201, response.json
    return response.json["id"]


def form_of(actor, task_id, case_id):
    item = actor.task(task_id, case_id)
    return actor.get(f"/api/v1/tasks/{item['id']}").json["form"]


def open_task_ids(actor, case_id):
    return sorted(t["task_id"] for t in actor.get(f"/api/v1/cases/{case_id}").json["open_tasks"])


def agreed_by_manager(as_user):
    lp = as_user(LP)
    case_id = new_case(lp)
    started = lp.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "knowsley/step_up"})
    assert started.status_code == 201, started.json
    ok(lp.complete("discuss_with_team_manager", case_id, concerns_for_discussion="Fictional concerns",
                   discussed_on="2026-11-02"))
    ok(as_user(FF_TM).complete("management_oversight", case_id, team_manager_name="Demo Team Manager",
                               management_agrees="Yes", oversight_comments="Agreed: threshold evidence is clear"))
    return case_id


def requested(as_user, **changes):
    case_id = agreed_by_manager(as_user)
    ok(as_user(LP).complete("step_up_request", case_id, **{**REQUEST, **changes}))
    return case_id


def booked(as_user, meeting_start="2026-11-11T09:00", **changes):
    case_id = requested(as_user)
    ok(as_user(LP).complete("book_step_up_meeting", case_id, meeting_start=meeting_start,
                            meeting_length_minutes=60, meeting_location="Microsoft Teams",
                            taf_member_emails=TAF, **changes))
    return case_id


def decided(as_user, clock, outcome, **changes):
    case_id = booked(as_user)
    clock.set(datetime(2026, 11, 11, 11, 0, tzinfo=timezone.utc))  # the meeting is over
    ok(as_user(BUSINESS_SUPPORT).complete("record_step_up_meeting", case_id,
                                          session_held_at="2026-11-11T09:00", **MINUTES))
    decision = {"minutes_approved": True, "step_up_agreed": outcome, "decision_rationale": "Fictional rationale",
                **changes}
    ok(as_user(MASH_SW).complete("approve_minutes_and_decide", case_id, **decision))
    return case_id


def case_of(as_user, case_id):
    return as_user(LP).get(f"/api/v1/cases/{case_id}").json


def run_timer_sweep(as_user):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return response.json


# --- the diagram ---------------------------------------------------------------------------

def test_diagram_parses_and_validates_against_the_bpmn_schema():
    data = DIAGRAM.read_bytes()
    definition = load_definition("knowsley/step_up", {"step_up.bpmn": data}, "knowsley_step_up")
    assert definition.lanes == sorted(["Lead Practitioner", "Family First Team Manager", "MASH Business Support",
                                       "MASH Social Worker", "MASH Team Manager", "CSC Team Manager"])
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(etree.fromstring(data)), schema.error_log


def test_every_user_task_has_a_handler():
    from handlers import PACKS
    task_ids = []
    for path in sorted(DIAGRAM.parent.glob("*.bpmn")):  # step_up and the safeguarding override
        task_ids += load_definition(f"knowsley/{path.stem}", {path.name: path.read_bytes()}).user_task_ids()
    assert "approve_minutes_and_decide" in task_ids
    assert sorted(task_ids) == sorted(PACKS["knowsley"].handlers)


# --- management oversight -------------------------------------------------------------------

def test_team_manager_refusal_ends_the_pathway_with_the_reason_and_the_case_stays_with_family_first(as_user):
    lp, manager = as_user(LP), as_user(FF_TM)
    case_id = new_case(lp)
    lp.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "knowsley/step_up"})
    ok(lp.complete("discuss_with_team_manager", case_id, concerns_for_discussion="Fictional",
                   discussed_on="2026-11-02"))
    item = manager.task("management_oversight", case_id)
    assert item["role"] == "Family First Team Manager"
    no_reason = {"team_manager_name": "Demo TM", "management_agrees": "No", "oversight_comments": "Not yet"}
    refused(manager.complete("management_oversight", case_id, **no_reason), "reason_not_agreed")
    ok(manager.complete("management_oversight", case_id, **no_reason,
                        reason_not_agreed="Use the Engaging Families toolkit first"))
    case = case_of(as_user, case_id)
    assert case["open_tasks"] == []
    assert case["pathways"][0]["status"] == "complete"
    assert case["current_service"] == "EH"
    history = lp.history(case_id)
    assert any(e["data"] and e["data"].get("reason_not_agreed") == "Use the Engaging Families toolkit first"
               for e in history)


# --- Appendix 1 rules -------------------------------------------------------------------------

def test_request_prefills_the_line_managers_agreement_from_management_oversight(as_user):
    case_id = agreed_by_manager(as_user)
    prefilled = form_of(as_user(LP), "step_up_request", case_id)["prefilled"]
    assert prefilled == {"line_manager_agreement": True, "line_manager_name": "Demo Team Manager"}


def test_neglect_needs_the_graded_care_profile_date(as_user):
    case_id = agreed_by_manager(as_user)
    lp = as_user(LP)
    neglect = {**REQUEST, "concern_types": ["Neglect"]}
    refused(lp.complete("step_up_request", case_id, **neglect), "graded_care_profile_date")
    message = refused(lp.complete("step_up_request", case_id, **neglect, graded_care_profile_date="2026-11-20"),
                      "graded_care_profile_date")
    assert "today or in the past" in message
    ok(lp.complete("step_up_request", case_id, **neglect, graded_care_profile_date="2026-10-20"))


def test_non_engagement_needs_engaging_families_toolkit_evidence(as_user):
    case_id = agreed_by_manager(as_user)
    lp = as_user(LP)
    base = {**REQUEST, "concern_types": ["Non-engagement"]}
    r = lp.complete("step_up_request", case_id, **base)
    refused(r, "engaging_families_toolkit")
    refused(r, "engagement_efforts")
    evidence = {"engaging_families_toolkit": "Risk tool: high disengagement (fictional)",
                "engagement_efforts": "Six visits, letters, joint visit with school (fictional)"}
    # "Policy not followed" is an answer the form accepts, with its reason, not a dead end.
    not_followed = {**base, **evidence, "engaging_families_policy_followed": "No"}
    refused(lp.complete("step_up_request", case_id, **not_followed), "engaging_families_policy_not_followed_why")
    ok(lp.complete("step_up_request", case_id, **not_followed,
                   engaging_families_policy_not_followed_why="Fictional: father refused every contact; the "
                                                             "toolkit's risk tool was used instead"))


@pytest.mark.parametrize("score", [-1, 11, "seven", "7.5", 7.5, True])
def test_scaling_is_a_whole_number_from_0_to_10(as_user, score):
    case_id = agreed_by_manager(as_user)
    refused(as_user(LP).complete("step_up_request", case_id, **{**REQUEST, "scaling_score": score}),
            "scaling_score")


@pytest.mark.parametrize("score", [0, 10])
def test_scaling_accepts_both_ends(as_user, score):
    case_id = agreed_by_manager(as_user)
    ok(as_user(LP).complete("step_up_request", case_id, **{**REQUEST, "scaling_score": score}))


def test_line_manager_agreement_is_required(as_user):
    case_id = agreed_by_manager(as_user)
    lp = as_user(LP)
    refused(lp.complete("step_up_request", case_id, **{**REQUEST, "line_manager_agreement": False}),
            "line_manager_agreement")
    without = {k: v for k, v in REQUEST.items() if k != "line_manager_agreement"}
    refused(lp.complete("step_up_request", case_id, **without), "line_manager_agreement")


@pytest.mark.parametrize("field", ["ehm_case_id", "recently_closed_to_csc", "engagement_level",
                                   "recent_taf_minutes_attached", "concern_types", "current_concerns",
                                   "existing_strengths", "existing_safety", "goals", "next_steps",
                                   "scaling_question", "contingency_plan", "c_and_f_already_recommended"])
def test_appendix_1_required_fields(as_user, field):
    case_id = agreed_by_manager(as_user)
    refused(as_user(LP).complete("step_up_request", case_id, **{**REQUEST, field: ""}), field)


def test_refused_request_writes_nothing(as_user):
    case_id = agreed_by_manager(as_user)
    lp = as_user(LP)
    before = lp.history(case_id)
    refused(lp.complete("step_up_request", case_id, **{**REQUEST, "concern_types": ["Neglect"]}),
            "graded_care_profile_date")
    assert lp.history(case_id) == before
    assert open_task_ids(lp, case_id) == ["step_up_request"]


# --- direct transfer ------------------------------------------------------------------------------

def test_already_recommended_c_and_f_assessment_goes_straight_to_transfer_without_a_meeting(as_user):
    case_id = agreed_by_manager(as_user)
    lp = as_user(LP)
    direct = {**REQUEST, "c_and_f_already_recommended": "Yes"}
    refused(lp.complete("step_up_request", case_id, **direct), "recommendation_details")
    ok(lp.complete("step_up_request", case_id, **direct,
                   recommendation_details="DMM 20 Oct 2026: consider C&F assessment (fictional)"))
    assert open_task_ids(lp, case_id) == ["initiate_transfer"]
    transfer = lp.task("initiate_transfer", case_id)
    assert transfer["due"] == "2026-11-02T17:00:00+00:00"
    ok(lp.complete("initiate_transfer", case_id, transferred_to_ics=True,
                   documents_provided="Early Help Assessment, case summary"))
    case = case_of(as_user, case_id)
    assert case["current_service"] == "CSC"
    assert [t["task_id"] for t in case["open_tasks"]] == ["c_and_f_assessment_concluded"]
    history = lp.history(case_id)
    assert not any(e["task_id"] in ("book_step_up_meeting", "record_step_up_meeting") for e in history)


# --- booking the meeting --------------------------------------------------------------------------

def test_booking_suggests_the_first_wednesday_with_five_working_days_notice(as_user):
    case_id = requested(as_user)
    prefilled = form_of(as_user(LP), "book_step_up_meeting", case_id)["prefilled"]
    # Booked on Monday 2 Nov 2026: five working days on is Monday 9 Nov; the Wednesday after is the 11th.
    assert prefilled["meeting_start"] == "2026-11-11T09:00"


def test_suggestion_skips_christmas_and_new_year_bank_holidays(as_user, clock):
    clock.set(datetime(2026, 12, 23, 10, 0, tzinfo=timezone.utc))
    case_id = requested(as_user)
    prefilled = form_of(as_user(LP), "book_step_up_meeting", case_id)["prefilled"]
    # 24, 29, 30, 31 Dec and 4 Jan are the five working days (25 and 28 Dec and 1 Jan are bank
    # holidays), so the first Wednesday with enough notice is 6 Jan 2027, not 30 Dec 2026.
    assert prefilled["meeting_start"] == "2027-01-06T09:00"


def test_short_notice_is_refused_naming_the_meeting_field_unless_agreed(as_user):
    case_id = requested(as_user)
    lp = as_user(LP)
    short = {"meeting_start": "2026-11-06T10:00", "meeting_length_minutes": 60, "meeting_location": "Teams",
             "taf_member_emails": TAF}
    assert "working days" in refused(lp.complete("book_step_up_meeting", case_id, **short), "meeting_start")
    refused(lp.complete("book_step_up_meeting", case_id, **short, short_notice_agreed=True),
            "short_notice_agreed_by")
    ok(lp.complete("book_step_up_meeting", case_id, **short, short_notice_agreed=True,
                   short_notice_agreed_by="MASH team manager, by phone (fictional)"))
    assert open_task_ids(lp, case_id) == ["record_step_up_meeting"]


def test_exactly_five_working_days_notice_is_enough_and_four_is_not(as_user):
    case_id = requested(as_user)
    lp = as_user(LP)
    base = {"meeting_length_minutes": 60, "meeting_location": "Teams", "taf_member_emails": TAF}
    refused(lp.complete("book_step_up_meeting", case_id, meeting_start="2026-11-06T15:00", **base),
            "meeting_start")  # Friday: 4 working days
    ok(lp.complete("book_step_up_meeting", case_id, meeting_start="2026-11-09T09:00", **base))  # Monday: 5


def test_meeting_in_the_past_is_refused(as_user):
    case_id = requested(as_user)
    r = as_user(LP).complete("book_step_up_meeting", case_id, meeting_start="2026-10-28T10:00",
                             meeting_length_minutes=60, meeting_location="Teams", taf_member_emails=TAF,
                             short_notice_agreed=True, short_notice_agreed_by="Someone")
    assert refused(r, "meeting_start") == "The date and time of the step-up TAF meeting must be in the future"


def test_taf_member_addresses_are_validated(as_user):
    case_id = requested(as_user)
    r = as_user(LP).complete("book_step_up_meeting", case_id, meeting_start="2026-11-11T09:00",
                             meeting_length_minutes=60, meeting_location="Teams",
                             taf_member_emails="school.nurse@demo.invalid\nnot an address\n")
    assert "not an address" in refused(r, "taf_member_emails")


def test_booking_sends_the_form_and_invite_to_mash_and_business_support_and_invites_the_taf(as_user, app):
    case_id = booked(as_user)
    outbox = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    mine = [m for m in outbox if m["case_id"] == case_id and m["reason"] == "book_step_up_meeting completed"]
    to_mash = next(m for m in mine if m["to"] == ["mash", "mash_business_support"])
    assert to_mash["recipients"] == ["knowsley-mash-business-support@demo.invalid", "knowsley-mash@demo.invalid"]
    assert to_mash["has_invite"]
    to_taf = next(m for m in mine if m is not to_mash)
    assert to_taf["recipients"] == ["school.nurse@demo.invalid", "youth.worker@demo.invalid"]
    assert to_taf["has_invite"]
    with app.app_context():
        row = db.session.get(OutboxMessage, to_mash["id"])
        assert row.meeting["start"] == "2026-11-11T09:00:00+00:00"
        assert row.meeting["end"] == "2026-11-11T10:00:00+00:00"
        assert "Fictional Child K" not in row.body
        # The request itself stays in Stepwise: the e-mail links to it and carries no answers.
        assert "Open in Stepwise: /cases/" in row.body
        for label in ("Case ID on EHM", "Scaling (0-10)", "Contingency plan (SMART and timely)"):
            assert label not in row.body


def test_summer_meeting_times_are_london_time(as_user, clock, app):
    clock.set(datetime(2027, 6, 7, 9, 0, tzinfo=timezone.utc))  # Monday 10:00 BST
    case_id = requested(as_user)
    lp = as_user(LP)
    suggestion = form_of(lp, "book_step_up_meeting", case_id)["prefilled"]["meeting_start"]
    assert suggestion == "2027-06-16T09:00"
    ok(lp.complete("book_step_up_meeting", case_id, meeting_start=suggestion, meeting_length_minutes=90,
                   meeting_location="Huyton (fictional room)", taf_member_emails=TAF))
    with app.app_context():
        row = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.case_id == case_id,
                                                                OutboxMessage.meeting.is_not(None))).first()
        assert (row.meeting["start"], row.meeting["end"]) == ("2027-06-16T08:00:00+00:00",
                                                              "2027-06-16T09:30:00+00:00")


# --- the meeting and the decision ------------------------------------------------------------------

def test_minutes_go_to_business_support_prefilled_with_the_meeting_time(as_user):
    case_id = booked(as_user)
    item = as_user(BUSINESS_SUPPORT).task("record_step_up_meeting", case_id)
    assert item["role"] == "MASH Business Support"
    assert form_of(as_user(BUSINESS_SUPPORT), "record_step_up_meeting", case_id)["prefilled"] == {
        "session_held_at": "2026-11-11T09:00"}


def test_the_chair_must_approve_the_minutes(as_user, clock):
    case_id = booked(as_user)
    clock.set(datetime(2026, 11, 11, 11, 0, tzinfo=timezone.utc))  # the meeting is over
    ok(as_user(BUSINESS_SUPPORT).complete("record_step_up_meeting", case_id,
                                          session_held_at="2026-11-11T09:00", **MINUTES))
    sw = as_user(MASH_SW)
    assert sw.task("approve_minutes_and_decide", case_id)["role"] == "MASH Social Worker"
    refused(sw.complete("approve_minutes_and_decide", case_id, minutes_approved=False, step_up_agreed="Yes",
                        decision_rationale="x"), "minutes_approved")


def test_yes_gives_a_same_day_transfer_that_moves_the_case_to_csc(as_user, clock):
    case_id = decided(as_user, clock, "Yes")
    lp = as_user(LP)
    assert open_task_ids(lp, case_id) == ["initiate_transfer"]
    outbox = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    told = [m for m in outbox if m["case_id"] == case_id and m["reason"] == "approve_minutes_and_decide completed"]
    assert [m["recipients"] for m in told] == [["knowsley-mash-team-manager@demo.invalid"]]
    transfer = lp.task("initiate_transfer", case_id)
    assert transfer["role"] == "Lead Practitioner"
    assert transfer["due"] == "2026-11-11T17:00:00+00:00"  # the end of that working day (GMT)
    assert form_of(lp, "initiate_transfer", case_id)["prefilled"] == {"step_up_meeting_held_at": "2026-11-11T09:00"}
    refused(lp.complete("initiate_transfer", case_id, transferred_to_ics=True, documents_provided="EHA",
                        step_up_meeting_held_at=""), "step_up_meeting_held_at")
    refused(lp.complete("initiate_transfer", case_id, transferred_to_ics=False, documents_provided="EHA",
                        step_up_meeting_held_at="2026-11-11T09:00"), "transferred_to_ics")
    assert case_of(as_user, case_id)["current_service"] == "EH"
    ok(lp.complete("initiate_transfer", case_id, step_up_meeting_held_at="2026-11-11T09:00",
                   transferred_to_ics=True, documents_provided="Early Help Assessment, case summary"))
    case = case_of(as_user, case_id)
    assert case["current_service"] == "CSC"
    # §4: Family First stays involved until the C&F assessment concludes, so the pathway runs on.
    assert [t["task_id"] for t in case["open_tasks"]] == ["c_and_f_assessment_concluded"]
    assert case["pathways"][0]["status"] == "running"
    history = lp.history(case_id)
    assert any(e["action"] == "case.updated" and "CSC" in e["summary"] for e in history)


def test_neglect_transfer_states_the_graded_care_profile_date(as_user, clock):
    case_id = agreed_by_manager(as_user)
    lp = as_user(LP)
    ok(lp.complete("step_up_request", case_id, **{**REQUEST, "concern_types": ["Neglect"],
                                                  "graded_care_profile_date": "2026-10-20",
                                                  "c_and_f_already_recommended": "Yes",
                                                  "recommendation_details": "MASH screening (fictional)"}))
    assert form_of(lp, "initiate_transfer", case_id)["prefilled"] == {"graded_care_profile_completed_on": "2026-10-20"}
    refused(lp.complete("initiate_transfer", case_id, transferred_to_ics=True, documents_provided="EHA"),
            "graded_care_profile_completed_on")
    ok(lp.complete("initiate_transfer", case_id, transferred_to_ics=True, documents_provided="EHA",
                   graded_care_profile_completed_on="2026-10-20"))


def test_transfer_not_initiated_by_the_end_of_the_day_escalates_to_the_team_manager(as_user, clock):
    case_id = decided(as_user, clock, "Yes")
    manager, lp = as_user(FF_TM), as_user(LP)
    clock.set(datetime(2026, 11, 11, 16, 59, tzinfo=timezone.utc))
    assert run_timer_sweep(as_user)["fired"] == []
    assert manager.tray(case=case_id) == []
    clock.set(datetime(2026, 11, 11, 17, 1, tzinfo=timezone.utc))  # past 17:00 London (GMT)
    fired = run_timer_sweep(as_user)
    assert [f["timer_id"] for f in fired["fired"] if f["case_id"] == case_id] == ["transfer_not_initiated_today"]
    escalation = manager.task("transfer_not_initiated", case_id)
    assert escalation["name"] == "Escalation: transfer not initiated today"
    outbox = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    alert = [m for m in outbox if m["case_id"] == case_id and m["reason"] == "transfer_not_initiated opened"]
    assert [m["recipients"] for m in alert] == [["knowsley-family-first-team-manager@demo.invalid"]]
    transfer = lp.task("initiate_transfer", case_id)  # still open with the lead practitioner
    assert transfer["overdue"] is True
    assert run_timer_sweep(as_user)["fired"] == []  # a second sweep fires nothing more
    assert [t["task_id"] for t in manager.tray(case=case_id)] == ["transfer_not_initiated"]
    ok(lp.complete("initiate_transfer", case_id, step_up_meeting_held_at="2026-11-11T09:00",
                   transferred_to_ics=True, documents_provided="EHA"))
    assert case_of(as_user, case_id)["current_service"] == "CSC"
    ok(manager.complete("transfer_not_initiated", case_id, escalation_action="Spoke to the case manager"))
    assert open_task_ids(lp, case_id) == ["c_and_f_assessment_concluded"]


def test_transfer_on_time_cancels_the_escalation(as_user, clock):
    case_id = decided(as_user, clock, "Yes")
    ok(as_user(LP).complete("initiate_transfer", case_id, step_up_meeting_held_at="2026-11-11T09:00",
                            transferred_to_ics=True, documents_provided="EHA"))
    clock.set(datetime(2026, 11, 12, 9, 0, tzinfo=timezone.utc))
    run_timer_sweep(as_user)
    assert as_user(FF_TM).tray(case=case_id) == []
    assert open_task_ids(as_user(LP), case_id) == ["c_and_f_assessment_concluded"]


# --- after the transfer: Family First until the C&F assessment concludes (§4, Appendix 2) ---------

def transferred(as_user, clock):
    case_id = decided(as_user, clock, "Yes")
    ok(as_user(LP).complete("initiate_transfer", case_id, step_up_meeting_held_at="2026-11-11T09:00",
                            transferred_to_ics=True, documents_provided="EHA"))
    return case_id


CONCLUDED = {"assessment_outcome": "Child in need plan",
             "family_first_involvement_ended": "Handover visit with the social worker (fictional)"}


def test_family_first_task_stays_open_until_the_c_and_f_assessment_is_recorded_as_concluded(as_user, clock):
    case_id = transferred(as_user, clock)
    lp = as_user(LP)
    item = lp.task("c_and_f_assessment_concluded", case_id)
    assert item["role"] == "Lead Practitioner"
    # The statutory clock: 45 working days from the referral (the transfer on Wed 11 Nov, 11:00).
    assert item["due"] == C_AND_F_DUE
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc))
    assert "in the past" in refused(lp.complete("c_and_f_assessment_concluded", case_id,
                                           assessment_concluded_on="2026-11-23", **CONCLUDED),
                               "assessment_concluded_on")
    assert "after the transfer" in refused(lp.complete("c_and_f_assessment_concluded", case_id,
                                                       assessment_concluded_on="2026-11-10", **CONCLUDED),
                                           "assessment_concluded_on")
    assert case_of(as_user, case_id)["pathways"][0]["status"] == "running"
    ok(lp.complete("c_and_f_assessment_concluded", case_id, assessment_concluded_on="2026-11-19", **CONCLUDED))
    case = case_of(as_user, case_id)
    assert case["open_tasks"] == [] and case["pathways"][0]["status"] == "complete"


C_AND_F_DUE = "2027-01-18T11:00:00+00:00"  # 45 working days on, skipping 25 and 28 Dec and 1 Jan


def test_c_and_f_assessment_not_concluded_in_45_working_days_escalates_to_the_csc_team_manager(as_user, clock):
    case_id = transferred(as_user, clock)
    csc_manager = as_user("knowsley-csc-team-manager")
    clock.set(datetime.fromisoformat(C_AND_F_DUE) - timedelta(minutes=1))
    assert [f for f in run_timer_sweep(as_user)["fired"] if f["case_id"] == case_id] == []
    assert csc_manager.tray(case=case_id) == []
    clock.set(datetime.fromisoformat(C_AND_F_DUE) + timedelta(minutes=1))
    fired = run_timer_sweep(as_user)
    assert [f["timer_id"] for f in fired["fired"] if f["case_id"] == case_id] == ["c_and_f_assessment_clock"]
    assert csc_manager.task("c_and_f_assessment_overdue", case_id)["role"] == "CSC Team Manager"
    outbox = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    alert = [m for m in outbox if m["case_id"] == case_id and m["reason"] == "c_and_f_assessment_overdue opened"]
    assert [m["recipients"] for m in alert] == [["knowsley-csc-team-manager@demo.invalid"]]
    # Family First's task stays open (and overdue) with the lead practitioner.
    assert as_user(LP).task("c_and_f_assessment_concluded", case_id)["overdue"] is True


# --- "no": the lead professional keeps the case ---------------------------------------------------

def test_no_needs_a_contingency_plan_and_the_lead_practitioner_keeps_the_case(as_user, clock):
    case_id = booked(as_user)
    clock.set(datetime(2026, 11, 11, 11, 0, tzinfo=timezone.utc))  # the meeting is over
    ok(as_user(BUSINESS_SUPPORT).complete("record_step_up_meeting", case_id,
                                          session_held_at="2026-11-11T09:00", **MINUTES))
    sw = as_user(MASH_SW)
    no = {"minutes_approved": True, "step_up_agreed": "No", "decision_rationale": "Risks manageable at Level 3"}
    refused(sw.complete("approve_minutes_and_decide", case_id, **no), "action_and_contingency_plan")
    ok(sw.complete("approve_minutes_and_decide", case_id, **no, action_and_contingency_plan="Weekly TAF; plan B"))
    lp = as_user(LP)
    assert open_task_ids(lp, case_id) == ["continue_to_manage_case"]
    assert form_of(lp, "continue_to_manage_case", case_id)["prefilled"] == {
        "contingency_plan_noted": "Weekly TAF; plan B"}
    ok(lp.complete("continue_to_manage_case", case_id, contingency_plan_noted="Weekly TAF; plan B",
                   professionals_still_concerned="No"))
    case = case_of(as_user, case_id)
    assert case["current_service"] == "EH"
    assert case["pathways"][0]["status"] == "complete"


def escalated(as_user, clock):
    case_id = decided(as_user, clock, "No", action_and_contingency_plan="Weekly TAF")
    lp = as_user(LP)
    refused(lp.complete("continue_to_manage_case", case_id, contingency_plan_noted="Weekly TAF",
                        professionals_still_concerned="Yes"), "remaining_concerns")
    ok(lp.complete("continue_to_manage_case", case_id, contingency_plan_noted="Weekly TAF",
                   professionals_still_concerned="Yes", remaining_concerns="School remains worried (fictional)"))
    ok(as_user(FF_TM).complete("team_manager_escalation", case_id, team_manager_view="Agree it needs review",
                               escalate_to_mash_team_manager="Yes"))
    return case_id


def test_disagreement_escalates_to_the_mash_team_manager_and_then_the_contact_meeting(as_user, clock):
    case_id = escalated(as_user, clock)
    mash_tm = as_user(MASH_TM)
    assert mash_tm.task("mash_team_manager_discussion", case_id)["role"] == "MASH Team Manager"
    ok(mash_tm.complete("mash_team_manager_discussion", case_id, escalation_discussion="No agreement reached",
                        escalation_outcome="No agreement: take to contact meeting"))
    case = case_of(as_user, case_id)
    assert case["pathways"][0]["status"] == "complete"
    assert case["current_service"] == "EH"
    history = as_user(LP).history(case_id)
    assert any(e["data"] and e["data"].get("escalation_outcome") == "No agreement: take to contact meeting"
               for e in history)


def test_escalation_that_agrees_to_step_up_goes_to_the_same_day_transfer(as_user, clock):
    case_id = escalated(as_user, clock)
    ok(as_user(MASH_TM).complete("mash_team_manager_discussion", case_id, escalation_discussion="Agreed",
                                 escalation_outcome="Agreed: step up to Children's Social Care"))
    assert as_user(LP).task("initiate_transfer", case_id)["due"] == "2026-11-11T17:00:00+00:00"


def test_team_manager_may_let_the_decision_stand(as_user, clock):
    case_id = decided(as_user, clock, "No", action_and_contingency_plan="Weekly TAF")
    ok(as_user(LP).complete("continue_to_manage_case", case_id, contingency_plan_noted="Weekly TAF",
                            professionals_still_concerned="Yes", remaining_concerns="Fictional"))
    ok(as_user(FF_TM).complete("team_manager_escalation", case_id, team_manager_view="Plan is sound",
                               escalate_to_mash_team_manager="No"))
    case = case_of(as_user, case_id)
    assert case["open_tasks"] == [] and case["current_service"] == "EH"
