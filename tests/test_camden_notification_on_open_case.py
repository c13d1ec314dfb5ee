"""Camden §5: notifications received by MASH on open Early Help families, through the public API."""
import pytest

from test_camden_step_up_decision import EH, MASH_MANAGER, form_of, new_case, ok, pathways, refused

SCREENING_OFFICER = "camden-mash-screening-officer"
ADMIN = "demo-admin"
NOTIFICATION = "camden/notification_on_open_case"
MEETING = "camden/daily_discussion_meeting"
STEP_UP = "camden/step_up_to_mash"
DIFFERENCES = "camden/resolving_professional_differences"
LEAD_PROFESSIONAL = "lead.professional@camden.demo.invalid"
COMPLETE = {"notification_source": "Police Merlin", "person_id": "P-300", "family_id": "F-300",
            "incident_summary": "Fictional: police called to a domestic incident last night",
            "shared_by": "Fictional: PC Demo, Camden police", "lead_professional_email": LEAD_PROFESSIONAL,
            "rag_rating": "Green", "notification_complete": True}


def notification_started(as_user):
    officer = as_user(SCREENING_OFFICER)
    case_id = new_case(officer)
    started = officer.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": NOTIFICATION})
    assert started.status_code == 201, started.json
    return case_id


def outbox(as_user, case_id):
    messages = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    return [m for m in messages if m["case_id"] == case_id]


@pytest.mark.parametrize("missing", ["incident_summary", "shared_by", "person_id", "family_id", "rag_rating"])
def test_an_incomplete_notification_is_refused_naming_the_field_and_nothing_is_sent(as_user, missing):
    case_id = notification_started(as_user)
    officer = as_user(SCREENING_OFFICER)
    refused(officer.complete("complete_notification", case_id, **{k: v for k, v in COMPLETE.items() if k != missing}),
            missing)
    assert outbox(as_user, case_id) == []
    assert officer.task("complete_notification", case_id)["status"] == "open"


def test_a_notification_cannot_be_sent_as_an_open_episode(as_user):
    case_id = notification_started(as_user)
    refused(as_user(SCREENING_OFFICER).complete("complete_notification", case_id,
                                                **{**COMPLETE, "notification_complete": False}),
            "notification_complete")


def test_amber_or_red_must_say_whether_the_threshold_may_be_met(as_user):
    case_id = notification_started(as_user)
    refused(as_user(SCREENING_OFFICER).complete("complete_notification", case_id, **{**COMPLETE, "rag_rating": "Amber"}),
            "threshold_may_be_met")


def test_green_goes_to_the_early_help_manager_and_lead_professional_by_email_alert(as_user):
    case_id = notification_started(as_user)
    ok(as_user(SCREENING_OFFICER).complete("complete_notification", case_id, **COMPLETE))
    [alert] = [m for m in outbox(as_user, case_id) if "RAG Green" in m["subject"]]
    assert sorted(alert["recipients"]) == sorted(["camden-early-help-manager@demo.invalid", LEAD_PROFESSIONAL])
    assert pathways(as_user(EH), case_id) == {NOTIFICATION: "complete"}
    assert as_user(MASH_MANAGER).tray(case=case_id) == []


def discussion_opened(as_user, **changes):
    case_id = notification_started(as_user)
    ok(as_user(SCREENING_OFFICER).complete("complete_notification", case_id, **{**COMPLETE, **changes}))
    assert as_user(MASH_MANAGER).task("mash_eh_discussion", case_id)["role"] == "MASH Manager"
    return case_id


def test_possible_threshold_opens_a_mash_early_help_discussion_and_no_green_alert(as_user):
    case_id = discussion_opened(as_user, rag_rating="Amber", threshold_may_be_met="Yes")
    assert [m for m in outbox(as_user, case_id) if "RAG" in m["subject"]] == []


def test_a_taf_professional_contacting_mash_directly_goes_to_the_same_discussion(as_user):
    discussion_opened(as_user, notification_source="TAF professional contacted MASH directly")


DISCUSSION = {"eh_manager_spoken_to": "Demo EH Manager", "discussion_notes": "Fictional discussion",
              "recorded_on_notification": True}


def test_the_discussion_decision_must_be_recorded_on_the_notification(as_user):
    case_id = discussion_opened(as_user, rag_rating="Red", threshold_may_be_met="Yes")
    refused(as_user(MASH_MANAGER).complete("mash_eh_discussion", case_id, **{**DISCUSSION, "recorded_on_notification":
                                                                              False}, discussion_outcome="No step-up"),
            "recorded_on_notification")


def test_no_step_up_is_recorded_and_confirmed_to_the_early_help_manager_by_email(as_user):
    case_id = discussion_opened(as_user, rag_rating="Amber", threshold_may_be_met="Yes")
    ok(as_user(MASH_MANAGER).complete("mash_eh_discussion", case_id, **DISCUSSION, discussion_outcome="No step-up"))
    [mail] = [m for m in outbox(as_user, case_id) if m["subject"] == "Notification added to the family file: no step-up"]
    assert mail["recipients"] == ["camden-early-help-manager@demo.invalid"]
    assert pathways(as_user(EH), case_id) == {NOTIFICATION: "complete"}


def test_the_discussion_can_refer_to_the_daily_discussion_meeting(as_user):
    case_id = discussion_opened(as_user, rag_rating="Amber", threshold_may_be_met="Yes")
    manager = as_user(MASH_MANAGER)
    refused(manager.complete("mash_eh_discussion", case_id, **DISCUSSION,
                             discussion_outcome="Refer to the daily discussion meeting"), "reason")
    ok(manager.complete("mash_eh_discussion", case_id, **DISCUSSION,
                        discussion_outcome="Refer to the daily discussion meeting", reason="CIN"))
    eh = as_user(EH)
    assert pathways(eh, case_id) == {NOTIFICATION: "complete", MEETING: "running"}
    assert form_of(eh, "present_at_daily_meeting", case_id)["prefilled"]["reasons_for_escalation"] == \
        COMPLETE["incident_summary"]


def test_an_urgent_discussion_steps_up_at_once(as_user):
    case_id = discussion_opened(as_user, rag_rating="Red", threshold_may_be_met="Yes")
    ok(as_user(MASH_MANAGER).complete("mash_eh_discussion", case_id, **DISCUSSION,
                                      discussion_outcome="Step up now (urgent)", reason="CP"))
    eh = as_user(EH)
    assert pathways(eh, case_id) == {NOTIFICATION: "complete", STEP_UP: "running"}
    prefilled = form_of(eh, "send_step_up_to_mash", case_id)["prefilled"]
    assert (prefilled["reason"], prefilled["information_for_cssw"]) == ("CP", COMPLETE["incident_summary"])


def test_no_agreement_starts_resolving_professional_differences(as_user):
    case_id = discussion_opened(as_user, rag_rating="Red", threshold_may_be_met="Yes")
    ok(as_user(MASH_MANAGER).complete("mash_eh_discussion", case_id, **DISCUSSION,
                                      discussion_outcome="No agreement: resolve the professional difference"))
    assert pathways(as_user(EH), case_id) == {NOTIFICATION: "complete", DIFFERENCES: "running"}
    assert form_of(as_user(MASH_MANAGER), "record_professional_difference", case_id)["prefilled"] == {
        "difference_stage": "Notification", "difference_summary": "Fictional discussion"}


def test_two_notifications_may_run_side_by_side_on_one_case(as_user):
    case_id = notification_started(as_user)
    again = as_user(SCREENING_OFFICER).post(f"/api/v1/cases/{case_id}/pathways", {"pathway": NOTIFICATION})
    assert again.status_code == 201, again.json
