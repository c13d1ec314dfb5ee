"""Knowsley §2: step-down from Child in Need to Early Help at Level 2 or 3, through the JSON API.

The social worker tells the Early Help service at least 5 working days before the final CIN
meeting; the meeting records agreement, bottom lines, consent and the first TAF review; the
documents reach the new lead practitioner within 10 working days; a disagreement managers
cannot resolve goes to the Heads of Service. Agreement hands the case on to the receiving
service's pathway (knowsley/early_help_after_step_down).
"""
from datetime import datetime, timedelta, timezone

import pytest

from service.extensions import db
from service.mail.outbox_model import OutboxMessage
from answers import ok, refused

SW = "knowsley-social-worker"
CSC_TM = "knowsley-csc-team-manager"
LP = "knowsley-lead-practitioner"
HOS_CIN_CP = "knowsley-head-of-service-for-child-in-need-and-child-protection"
HOS_EH = "knowsley-head-of-service-for-early-help-and-prevention"
ADMIN = "demo-admin"
STEP_DOWN = "knowsley/step_down_from_cin"
RECEIVING = "knowsley/early_help_after_step_down"

LEVEL_2 = "Level 2 (a partner agency, e.g. a school)"
LEVEL_3 = "Level 3 (Family First 0-18)"
NOTICE = {"final_cin_meeting_venue": "Huyton (fictional room)",
          "worries": "Fictional: school attendance dipping", "working_well": "Fictional: routines at home",
          "what_needs_to_happen": "Fictional: school-led TAF", "new_lead_practitioner_name": "Demo Head of Year",
          "new_lead_practitioner_organisation": "Demo Primary School"}
AGREED = {"meeting_held_at": "2026-11-10T10:00", "step_down_decision": "Agreed",
          "bottom_lines": "Fictional: any missed health appointment or police call-out",
          "family_present": True, "family_consent": "Given at the meeting"}


def open_cin_case(as_user):
    sw = as_user(SW)
    case = sw.post("/api/v1/cases", {"child_name": "Fictional Child D", "date_of_birth": "2016-05-04",
                                     "person_id": "K-200", "family_id": "KF-200", "pack": "knowsley",
                                     "current_service": "CSC", "lead_professional": "Demo Social Worker"})
    assert case.status_code == 201, case.json
    started = sw.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": STEP_DOWN})
    assert started.status_code == 201, started.json
    return case.json["id"]


def noticed(as_user, level=LEVEL_2, start="2026-11-10T10:00", **changes):
    case_id = open_cin_case(as_user)
    ok(as_user(SW).complete("notify_early_help_service", case_id, step_down_level=level,
                            final_cin_meeting_start=start, **{**NOTICE, **changes}))
    return case_id


def met(as_user, clock, **changes):
    case_id = noticed(as_user)
    clock.set(datetime(2026, 11, 10, 12, 0, tzinfo=timezone.utc))  # the meeting is over
    ok(as_user(SW).complete("final_cin_meeting", case_id, **{**AGREED, "first_taf_review_on": "2026-12-22",
                                                             **changes}))
    return case_id


def case_of(actor, case_id):
    return actor.get(f"/api/v1/cases/{case_id}").json


def pathways(actor, case_id):
    return {p["pathway"]: p["status"] for p in case_of(actor, case_id)["pathways"]}


def outbox(as_user, case_id, reason):
    return [m for m in as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
            if m["case_id"] == case_id and m["reason"] == reason]


def sweep(as_user, case_id):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return [f["timer_id"] for f in response.json["fired"] if f["case_id"] == case_id]


# --- at least 5 working days before the final CIN meeting ------------------------------------------

def test_final_cin_meeting_with_less_than_five_working_days_notice_is_refused_and_nothing_is_sent(as_user):
    case_id = open_cin_case(as_user)
    sw = as_user(SW)
    # Booked on Monday 2 Nov: Friday 6 Nov gives 4 working days, Monday 9 Nov gives 5.
    short = sw.complete("notify_early_help_service", case_id, step_down_level=LEVEL_3,
                        final_cin_meeting_start="2026-11-06T15:00", **NOTICE)
    assert "at least 5 working days" in refused(short, "final_cin_meeting_start")
    assert outbox(as_user, case_id, "notify_early_help_service completed") == []
    assert sw.task("notify_early_help_service", case_id)["status"] == "open"
    ok(sw.complete("notify_early_help_service", case_id, step_down_level=LEVEL_3,
                   final_cin_meeting_start="2026-11-09T09:00", **NOTICE))


def test_level_2_names_the_new_lead_practitioner_and_their_organisation(as_user):
    case_id = open_cin_case(as_user)
    without = {k: v for k, v in NOTICE.items() if not k.startswith("new_lead_practitioner")}
    response = as_user(SW).complete("notify_early_help_service", case_id, step_down_level=LEVEL_2,
                                    final_cin_meeting_start="2026-11-10T10:00", **without)
    assert refused(response, "new_lead_practitioner_name") == \
        "Enter the new lead practitioner's name: a Level 2 step-down names them"
    assert refused(response, "new_lead_practitioner_organisation") == \
        "Enter the new lead practitioner's organisation: a Level 2 step-down names them"
    for signs in ("worries", "working_well", "what_needs_to_happen"):
        refused(as_user(SW).complete("notify_early_help_service", case_id, step_down_level=LEVEL_3,
                                     final_cin_meeting_start="2026-11-10T10:00",
                                     **{**NOTICE, signs: ""}), signs)


def test_level_2_notice_goes_to_the_level_2_service_and_ff_duty_with_an_invite(as_user, app):
    case_id = noticed(as_user, level=LEVEL_2)
    [message] = outbox(as_user, case_id, "notify_early_help_service completed")
    assert message["recipients"] == ["knowsley-family-first-duty@demo.invalid",
                                     "knowsley-level-2-early-help@demo.invalid"]
    assert message["has_invite"]
    with app.app_context():
        row = db.session.get(OutboxMessage, message["id"])
        assert row.meeting["start"] == "2026-11-10T10:00:00+00:00"
        assert "Huyton (fictional room)" in row.body and "Fictional Child D" not in row.body


def test_level_3_notice_goes_to_the_family_first_duty_mailbox(as_user):
    case_id = noticed(as_user, level=LEVEL_3)
    [message] = outbox(as_user, case_id, "notify_early_help_service completed")
    assert message["recipients"] == ["knowsley-family-first-duty@demo.invalid"]


# --- the final CIN meeting --------------------------------------------------------------------------

def test_final_cin_meeting_prefills_the_six_week_review(as_user):
    case_id = noticed(as_user)
    sw = as_user(SW)
    item = sw.task("final_cin_meeting", case_id)
    form = sw.get(f"/api/v1/tasks/{item['id']}").json["form"]
    assert form["prefilled"] == {"meeting_held_at": "2026-11-10T10:00", "first_taf_review_on": "2026-12-22"}


@pytest.mark.parametrize("field, value", [("bottom_lines", ""), ("family_consent", "Not given"),
                                          ("family_consent", ""), ("first_taf_review_on", "")])
def test_an_agreed_step_down_records_bottom_lines_consent_and_the_review(as_user, clock, field, value):
    case_id = noticed(as_user)
    clock.set(datetime(2026, 11, 10, 12, 0, tzinfo=timezone.utc))
    refused(as_user(SW).complete("final_cin_meeting", case_id, **{**AGREED, "first_taf_review_on": "2026-12-22",
                                                                   field: value}), field)
    assert pathways(as_user(SW), case_id) == {STEP_DOWN: "running"}


def test_first_taf_review_later_than_six_weeks_is_refused_and_earlier_is_allowed(as_user, clock):
    case_id = noticed(as_user)
    clock.set(datetime(2026, 11, 10, 12, 0, tzinfo=timezone.utc))
    sw = as_user(SW)
    assert "6 weeks" in refused(sw.complete("final_cin_meeting", case_id, **AGREED,
                                            first_taf_review_on="2026-12-23"), "first_taf_review_on")
    ok(sw.complete("final_cin_meeting", case_id, **AGREED, first_taf_review_on="2026-12-01"))


def test_agreement_hands_the_case_on_to_the_new_lead_practitioner(as_user, clock):
    case_id = met(as_user, clock)
    lp = as_user(LP)
    case = case_of(lp, case_id)
    assert case["current_service"] == "EH"
    assert pathways(lp, case_id) == {STEP_DOWN: "running", RECEIVING: "running"}
    item = lp.task("take_over_as_lead_practitioner", case_id)
    assert item["pathway"] == RECEIVING
    form = lp.get(f"/api/v1/tasks/{item['id']}").json["form"]
    assert form["prefilled"] == {"lead_practitioner_name": "Demo Head of Year",
                                 "lead_practitioner_organisation": "Demo Primary School",
                                 "bottom_lines_noted": AGREED["bottom_lines"], "first_taf_review_on": "2026-12-22"}
    history = lp.history(case_id)
    [started] = [e for e in history if e["action"] == "pathway.started" and RECEIVING in e["summary"]]
    assert "handed on from Record the final CIN meeting" in started["summary"]


TAKE_OVER = {"lead_practitioner_name": "Demo Head of Year", "lead_practitioner_organisation": "Demo Primary School",
             "early_help_assessment_started_on": "2026-11-10"}


def test_the_new_lead_practitioner_keeps_the_agreed_review_or_an_earlier_one(as_user, clock):
    case_id = met(as_user, clock)
    lp = as_user(LP)
    assert "22 December 2026" in refused(lp.complete("take_over_as_lead_practitioner", case_id, **TAKE_OVER),
                                         "first_taf_review_on")
    assert "not later" in refused(lp.complete("take_over_as_lead_practitioner", case_id, **TAKE_OVER,
                                              first_taf_review_on="2026-12-23"), "first_taf_review_on")
    ok(lp.complete("take_over_as_lead_practitioner", case_id, **TAKE_OVER, first_taf_review_on="2026-12-15"))


def test_first_taf_review_opens_on_the_agreed_date_and_not_a_minute_early(as_user, clock):
    case_id = met(as_user, clock, first_taf_review_on="2026-12-01")
    lp = as_user(LP)
    ok(lp.complete("take_over_as_lead_practitioner", case_id, **TAKE_OVER, first_taf_review_on="2026-12-01"))
    clock.set(datetime(2026, 12, 1, 8, 59, tzinfo=timezone.utc))  # 08:59 London (GMT)
    sweep(as_user, case_id)
    assert [t["task_id"] for t in lp.tray(case=case_id)] == []
    clock.set(datetime(2026, 12, 1, 9, 1, tzinfo=timezone.utc))
    assert "first_taf_review_date" in sweep(as_user, case_id)
    assert [t["task_id"] for t in lp.tray(case=case_id)] == ["first_taf_review"]
    ok(lp.complete("first_taf_review", case_id, review_held_on="2026-12-01", review_summary="Fictional review",
                   bottom_lines_crossed="No"))
    assert pathways(lp, case_id)[RECEIVING] == "complete"


def test_not_agreed_keeps_the_case_with_csc(as_user, clock):
    case_id = noticed(as_user)
    clock.set(datetime(2026, 11, 10, 12, 0, tzinfo=timezone.utc))
    ok(as_user(SW).complete("final_cin_meeting", case_id, meeting_held_at="2026-11-10T10:00",
                            step_down_decision="Not agreed: stays open to CSC"))
    case = case_of(as_user(SW), case_id)
    assert case["current_service"] == "CSC" and case["open_tasks"] == []
    assert pathways(as_user(SW), case_id) == {STEP_DOWN: "complete"}


# --- documents within 10 working days -----------------------------------------------------------------

DOCUMENTS_DUE = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)      # 10 working days after Tue 10 Nov, 12:00
# The reminder opened at 12:01 carries its own 5 working days: 15 after the step-down.
DOCUMENTS_ESCALATED = datetime(2026, 12, 1, 12, 1, tzinfo=timezone.utc)


def test_documents_not_sent_in_ten_working_days_remind_then_escalate(as_user, clock):
    case_id = met(as_user, clock)
    sw, manager, head = as_user(SW), as_user(CSC_TM), as_user(HOS_CIN_CP)
    assert sw.task("send_documents", case_id)["due"] == DOCUMENTS_DUE.isoformat()
    clock.set(DOCUMENTS_DUE - timedelta(minutes=1))
    assert sweep(as_user, case_id) == []
    assert manager.tray(case=case_id) == []
    clock.set(DOCUMENTS_DUE + timedelta(minutes=1))
    assert sweep(as_user, case_id) == ["documents_due"]
    assert manager.task("documents_overdue_reminder", case_id)["role"] == "CSC Team Manager"
    assert [m["recipients"] for m in outbox(as_user, case_id, "documents_overdue_reminder opened")] == [
        ["knowsley-csc-team-manager@demo.invalid"]]
    assert sw.task("send_documents", case_id)["overdue"] is True
    clock.set(DOCUMENTS_ESCALATED - timedelta(minutes=1))
    assert sweep(as_user, case_id) == []
    clock.set(DOCUMENTS_ESCALATED + timedelta(minutes=1))
    assert sweep(as_user, case_id) == ["documents_long_overdue"]
    assert head.task("documents_overdue_escalation", case_id)["role"] == \
        "Head of Service for Child in Need and Child Protection"


def test_documents_must_include_the_final_cin_minutes_and_sending_them_in_time_cancels_the_reminder(as_user, clock):
    case_id = met(as_user, clock)
    sw = as_user(SW)
    refused(sw.complete("send_documents", case_id, documents_sent=["Closing summary"],
                        documents_sent_to="Demo Head of Year"), "documents_sent")
    ok(sw.complete("send_documents", case_id, documents_sent=["Final CIN meeting minutes", "Closing summary"],
                   documents_sent_to="Demo Head of Year, Demo Primary School"))
    assert pathways(sw, case_id)[STEP_DOWN] == "complete"
    clock.set(DOCUMENTS_ESCALATED + timedelta(days=1))
    assert sweep(as_user, case_id) == []
    assert as_user(CSC_TM).tray(case=case_id) == []


# --- disagreement: managers, then the Heads of Service --------------------------------------------------

def test_a_disagreement_managers_cannot_resolve_goes_to_the_heads_of_service(as_user, clock):
    case_id = noticed(as_user)
    clock.set(datetime(2026, 11, 10, 12, 0, tzinfo=timezone.utc))
    sw, manager, head = as_user(SW), as_user(CSC_TM), as_user(HOS_CIN_CP)
    disagree = {"meeting_held_at": "2026-11-10T10:00",
                "step_down_decision": "Disagreement between CSC and the Early Help service"}
    refused(sw.complete("final_cin_meeting", case_id, **disagree), "disagreement")
    ok(sw.complete("final_cin_meeting", case_id, **disagree, disagreement="Fictional: school not ready"))
    ok(manager.complete("managers_discuss_step_down", case_id, managers_discussion="Fictional discussion",
                        managers_outcome="Not resolved: escalate to the Heads of Service"))
    assert head.task("heads_of_service_decision", case_id)["role"] == \
        "Head of Service for Child in Need and Child Protection"
    [alert] = outbox(as_user, case_id, "heads_of_service_decision opened")
    assert sorted(alert["recipients"]) == [f"{HOS_CIN_CP}@demo.invalid", f"{HOS_EH}@demo.invalid"]
    ok(head.complete("heads_of_service_decision", case_id, heads_of_service_rationale="Fictional rationale",
                     heads_of_service_outcome="Step down"))
    # The final CIN meeting reconvenes and records the agreement.
    ok(sw.complete("final_cin_meeting", case_id, **AGREED, first_taf_review_on="2026-12-22"))
    assert case_of(sw, case_id)["current_service"] == "EH"
    assert pathways(sw, case_id)[RECEIVING] == "running"


# --- the same through the pages ---------------------------------------------------------------------------

def test_the_notice_task_works_through_the_pages_and_refuses_short_notice_beside_the_field(app, as_user):
    from service.demo import DEMO_PASSWORD
    case_id = open_cin_case(as_user)
    item_id = as_user(SW).task("notify_early_help_service", case_id)["id"]
    browser = app.test_client()
    assert browser.post("/sign-in", data={"username": SW, "password": DEMO_PASSWORD}).status_code == 302
    page = browser.get(f"/tasks/{item_id}")
    assert page.status_code == 200
    assert b'name="final_cin_meeting_start-time"' in page.data and b"What are we worried about?" in page.data
    start = {"final_cin_meeting_start-day": "6", "final_cin_meeting_start-month": "11",
             "final_cin_meeting_start-year": "2026", "final_cin_meeting_start-time": "3pm"}
    form = {**NOTICE, "step_down_level": LEVEL_3, **start}
    short = browser.post(f"/tasks/{item_id}", data=form)
    assert short.status_code == 422 and b"at least 5 working days" in short.data
    later = {**start, "final_cin_meeting_start-day": "9", "final_cin_meeting_start-time": "09:00"}
    done = browser.post(f"/tasks/{item_id}", data={**form, **later, "action": "confirm"})  # past check-your-answers
    assert done.status_code == 302
    assert as_user(SW).task("final_cin_meeting", case_id)
