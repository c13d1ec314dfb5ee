"""Peterborough §1: contacts not meeting the threshold for social care, through the JSON API with the fake clock."""
from datetime import datetime, timezone

import pytest

from answers import ok, refused
from peterborough_steps import (ADMIN, AT_TM, CONSENT, CSC_OFFICER, EHH_TM, EHSM, MASH_TEAM, MASH_TM, RATIONALE,
                                REASSIGN, SW, case_of, contact_received, form_of, open_task_ids, pathways, reassigned,
                                sweep)

HUB_REVIEW = {"concerns_identified": "Fictional", "rationale_for_reassignment": RATIONALE,
              "hub_action": "Start an Early Help Hub Enquiry", "action_notes": "Fictional: hub enquiry opened",
              "contact_closed": True}


@pytest.mark.parametrize("team, reviewer, task", [("MASH", MASH_TM, "mash_review_contact"),
                                                  ("Assessment Team", AT_TM, "assessment_team_review_contact")])
def test_customer_services_recommendation_goes_to_that_teams_manager(as_user, team, reviewer, task):
    case_id = contact_received(as_user, team)
    assert open_task_ids(as_user(CSC_OFFICER), case_id) == [task]
    item = as_user(reviewer).task(task, case_id)
    assert item["role"] == {"MASH": "MASH Team Manager", "Assessment Team": "Assessment Team Manager"}[team]


def test_reassigning_to_the_hub_needs_a_recorded_rationale(as_user):
    case_id = contact_received(as_user)
    tm = as_user(MASH_TM)
    message = refused(tm.complete("mash_review_contact", case_id, contact_decision=REASSIGN, **CONSENT),
                      "rationale_for_reassignment")
    assert "Record why" in message
    assert open_task_ids(tm, case_id) == ["mash_review_contact"]  # a refusal moves nothing
    ok(tm.complete("mash_review_contact", case_id, contact_decision=REASSIGN, rationale_for_reassignment=RATIONALE,
                   **CONSENT))
    assert open_task_ids(tm, case_id) == ["ehh_review_contact"]


def test_reassigning_to_the_hub_needs_the_familys_consent_which_is_recorded(as_user):
    case_id = contact_received(as_user, consented="Not known")
    tm = as_user(MASH_TM)
    assert "family_consent" not in form_of(tm, "mash_review_contact", case_id)["prefilled"]
    base = {"contact_decision": REASSIGN, "rationale_for_reassignment": RATIONALE}
    refused(tm.complete("mash_review_contact", case_id, **base), "family_consent")
    refused(tm.complete("mash_review_contact", case_id, **base, family_consent="Refused"), "family_consent")
    response = tm.complete("mash_review_contact", case_id, **base, family_consent="Given")
    refused(response, "family_consent_how")
    refused(response, "family_consent_date")
    assert case_of(tm, case_id)["consent"] == []
    ok(tm.complete("mash_review_contact", case_id, **base, **CONSENT))
    [consent] = case_of(tm, case_id)["consent"]
    assert (consent["given_by"], consent["scope"], consent["decision"], consent["how"]) == \
        ("Parents / carers", "service", "given", "By phone")


def test_consent_to_the_referral_is_prefilled_from_customer_services(as_user):
    case_id = contact_received(as_user, consented="Yes")
    assert form_of(as_user(MASH_TM), "mash_review_contact", case_id)["prefilled"] == {"family_consent": "Given"}


@pytest.mark.parametrize("answer, decision", [("Yes", "given"), ("No", "refused")])
def test_customer_services_records_the_familys_answer_about_the_referral_as_consent(as_user, answer, decision):
    case_id = contact_received(as_user, consented=answer)
    [consent] = case_of(as_user(CSC_OFFICER), case_id)["consent"]
    assert (consent["given_by"], consent["scope"], consent["decision"], consent["when"]) == \
        ("Parents / carers", "sharing", decision, "2026-11-02")
    assert "referral" in consent["note"]


def test_consent_not_known_to_customer_services_records_nothing(as_user):
    case_id = contact_received(as_user, consented="Not known")
    assert case_of(as_user(CSC_OFFICER), case_id)["consent"] == []


def test_closing_as_nfa_needs_a_reason_and_ends_the_contact(as_user):
    case_id = contact_received(as_user, "Assessment Team")
    tm = as_user(AT_TM)
    refused(tm.complete("assessment_team_review_contact", case_id, contact_decision="Closed as No Further Action"),
            "decision_notes")
    ok(tm.complete("assessment_team_review_contact", case_id, contact_decision="Closed as No Further Action",
                   decision_notes="Fictional: information only"))
    assert pathways(tm, case_id) == {"peterborough/contact": "complete"}
    # Only the family's answer to Customer Services about the referral: closing records no consent of its own.
    assert [c["scope"] for c in case_of(tm, case_id)["consent"]] == ["sharing"]


def test_accepting_for_a_mash_enquiry_hands_on_to_the_mash_team(as_user):
    case_id = contact_received(as_user)
    ok(as_user(MASH_TM).complete("mash_review_contact", case_id, contact_decision="Accepted: complete a MASH Enquiry"))
    team = as_user(MASH_TEAM)
    assert pathways(team, case_id) == {"peterborough/contact": "complete", "peterborough/mash_enquiry": "running"}
    assert form_of(team, "complete_mash_enquiry", case_id)["prefilled"]["enquiry_findings"].startswith("Fictional")


def test_accepting_as_a_referral_hands_on_to_the_social_worker_and_the_case_is_with_csc(as_user):
    case_id = contact_received(as_user, "Assessment Team")
    ok(as_user(AT_TM).complete("assessment_team_review_contact", case_id,
                               contact_decision="Accepted: progress to a referral within LCS"))
    sw = as_user(SW)
    assert sw.task("referral_decision", case_id)["pathway"] == "peterborough/referral"
    assert case_of(sw, case_id)["current_service"] == "CSC"


def test_the_hub_reviews_within_24_hours_and_actions_and_closes_the_contact(as_user):
    case_id = reassigned(as_user, "Assessment Team")
    ehh = as_user(EHH_TM)
    item = ehh.task("ehh_review_contact", case_id)
    assert item["role"] == "EHH Team Manager" and item["due"] == "2026-11-03T10:00:00+00:00"
    prefilled = form_of(ehh, "ehh_review_contact", case_id)["prefilled"]
    assert prefilled["rationale_for_reassignment"] == RATIONALE
    refused(ehh.complete("ehh_review_contact", case_id, **{**HUB_REVIEW, "contact_closed": False}), "contact_closed")
    refused(ehh.complete("ehh_review_contact", case_id, **{**HUB_REVIEW, "hub_action": None}), "hub_action")
    refused(ehh.complete("ehh_review_contact", case_id,
                         **{**HUB_REVIEW, "hub_action": "Link to an existing Early Help Episode"}),
            "early_help_episode")
    refused(ehh.complete("ehh_review_contact", case_id,
                         **{**HUB_REVIEW, "hub_action": "Progress to start an Early Help Assessment"}),
            "lead_professional_agency")
    ok(ehh.complete("ehh_review_contact", case_id, **{**HUB_REVIEW,
                    "hub_action": "Progress to start an Early Help Assessment",
                    "lead_professional_agency": "Demo Primary School", "lead_professional": "Demo Family Support"}))
    case = case_of(ehh, case_id)
    assert case["current_service"] == "EH" and case["lead_professional"] == "Demo Family Support"
    assert pathways(ehh, case_id) == {"peterborough/contact": "complete"}


def test_the_24_hour_review_escalates_when_late_not_a_minute_early(as_user, clock):
    case_id = reassigned(as_user)  # reassigned at 10:00 on Monday 2 November 2026
    clock.set(datetime(2026, 11, 3, 9, 59, tzinfo=timezone.utc))
    assert sweep(as_user) == []
    clock.set(datetime(2026, 11, 3, 10, 0, 1, tzinfo=timezone.utc))
    assert sweep(as_user) == ["ehh_review_due"]
    assert open_task_ids(as_user(EHH_TM), case_id) == ["ehh_review_contact", "ehh_review_overdue"]
    assert as_user(EHSM).task("ehh_review_overdue", case_id)["role"] == "Early Help Service Manager"
    assert as_user(EHH_TM).task("ehh_review_contact", case_id)["overdue"] is True  # still with the hub
    fired = [e for e in as_user(EHH_TM).history(case_id) if e["action"] == "timer.fired"]
    assert len(fired) == 1
    outbox = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    assert any(m["case_id"] == case_id and m["reason"].startswith("ehh_review_overdue") for m in outbox), outbox
    ok(as_user(EHSM).complete("ehh_review_overdue", case_id, action_taken="Fictional: asked the duty senior"))
    ok(as_user(EHH_TM).complete("ehh_review_contact", case_id, **HUB_REVIEW))
    assert open_task_ids(as_user(EHH_TM), case_id) == []
    assert sweep(as_user) == []


def test_a_review_on_time_cancels_the_escalation(as_user, clock):
    case_id = reassigned(as_user)
    ok(as_user(EHH_TM).complete("ehh_review_contact", case_id, **HUB_REVIEW))
    clock.set(datetime(2026, 11, 4, 10, 0, tzinfo=timezone.utc))
    assert sweep(as_user) == []
    assert open_task_ids(as_user(EHH_TM), case_id) == []


def test_an_immediate_safeguarding_concern_goes_straight_to_the_mash_team_manager(as_user):
    case_id = reassigned(as_user)
    response = as_user(EHH_TM).post(f"/api/v1/cases/{case_id}/safeguarding-concern", {"data": {
        "immediate_risk": "Fictional: the child disclosed being hit this morning", "child_safe_now": "Not known",
        "mash_or_police_phoned": "Yes, MASH"}})
    assert response.status_code == 201, response.json
    assert response.json["pathway"] == "peterborough/immediate_safeguarding_concern"
    assert as_user(MASH_TM).task("immediate_concern_mash_decision", case_id)["role"] == "MASH Team Manager"
    assert "ehh_review_contact" in open_task_ids(as_user(EHH_TM), case_id)  # the step-down carries on
