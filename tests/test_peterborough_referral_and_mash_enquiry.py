"""Peterborough §1: referrals and MASH Enquiries not meeting threshold step down to the Early Help Hub (JSON API)."""
from datetime import datetime, timezone

from answers import ok, refused
from peterborough_steps import (AT_TM, CONSENT, EHH_TM, HUB, MASH_TEAM, SW, case_of, new_case, open_task_ids,
                                pathways, start, sweep, form_of)

STEP_DOWN = "Step down to Early Help"
REFERRAL = {"referral_details": "Fictional: concerns about home conditions", "decision_rationale": "Fictional"}
NEEDS = "Fictional: parenting support and school attendance"
ACCEPT = {"needs_identified": NEEDS, "team_managers_discussion": "Not needed", "accepted": "Accepted",
          "hub_action": "Link to an existing Early Help Episode", "early_help_episode": "EHM-0001 (fictional)",
          "action_notes": "Fictional: linked to the open episode"}


def referred(as_user):
    sw = as_user(SW)
    case_id = new_case(sw)
    start(sw, case_id, "referral")
    return case_id


def test_the_referral_decision_is_due_in_1_working_day_and_escalates_to_the_team_manager(as_user, clock):
    case_id = referred(as_user)  # Monday 2 November 2026, 10:00
    assert as_user(SW).task("referral_decision", case_id)["due"] == "2026-11-03T10:00:00+00:00"
    clock.set(datetime(2026, 11, 3, 9, 59, tzinfo=timezone.utc))
    assert sweep(as_user) == []
    clock.set(datetime(2026, 11, 3, 10, 0, 1, tzinfo=timezone.utc))
    assert sweep(as_user) == ["referral_decision_due"]
    assert as_user(AT_TM).task("referral_decision_overdue", case_id)["role"] == "Assessment Team Manager"
    assert open_task_ids(as_user(SW), case_id) == ["referral_decision", "referral_decision_overdue"]


def test_stepping_a_referral_down_needs_consent_the_needs_and_the_transfer(as_user):
    case_id = referred(as_user)
    sw = as_user(SW)
    response = sw.complete("referral_decision", case_id, **REFERRAL, referral_outcome=STEP_DOWN)
    refused(response, "family_consent")
    refused(response, "needs_for_early_help")
    refused(response, "transfer_initiated")
    refused(sw.complete("referral_decision", case_id, **REFERRAL, referral_outcome=STEP_DOWN,
                        needs_for_early_help=NEEDS, transfer_initiated=True, family_consent="Refused",
                        family_consent_how="By phone", family_consent_date="2026-11-02"), "family_consent")
    assert open_task_ids(sw, case_id) == ["referral_decision"]
    ok(sw.complete("referral_decision", case_id, **REFERRAL, referral_outcome=STEP_DOWN, needs_for_early_help=NEEDS,
                   transfer_initiated=True, **CONSENT))
    assert [c["decision"] for c in case_of(sw, case_id)["consent"]] == ["given"]
    item = as_user(HUB).task("ehh_accept_transfer", case_id)
    assert item["role"] == "Early Help Hub"
    assert form_of(as_user(HUB), "ehh_accept_transfer", case_id)["prefilled"] == {"needs_identified": NEEDS}


def stepped_down(as_user):
    case_id = referred(as_user)
    ok(as_user(SW).complete("referral_decision", case_id, **REFERRAL, referral_outcome=STEP_DOWN,
                            needs_for_early_help=NEEDS, transfer_initiated=True, **CONSENT))
    return case_id


def test_the_hub_accepts_the_transfer_and_the_case_moves_to_early_help(as_user):
    case_id = stepped_down(as_user)
    hub = as_user(HUB)
    assert case_of(hub, case_id)["current_service"] == "CSC"
    refused(hub.complete("ehh_accept_transfer", case_id, **{**ACCEPT, "early_help_episode": None}),
            "early_help_episode")
    ok(hub.complete("ehh_accept_transfer", case_id, **ACCEPT))
    assert case_of(hub, case_id)["current_service"] == "EH"
    assert pathways(hub, case_id) == {"peterborough/referral": "complete"}


def test_a_transfer_is_turned_back_only_after_a_discussion_between_team_managers(as_user):
    case_id = stepped_down(as_user)
    hub = as_user(HUB)
    not_accepted = {"needs_identified": NEEDS, "accepted": "Not accepted after discussion between Team Managers"}
    response = hub.complete("ehh_accept_transfer", case_id, **not_accepted, team_managers_discussion="Not needed")
    refused(response, "team_managers_discussion")
    refused(response, "discussion_notes")
    ok(hub.complete("ehh_accept_transfer", case_id, **not_accepted,
                    team_managers_discussion="Held between Team Managers",
                    discussion_notes="Fictional: the Team Managers agreed CSC keeps the case"))
    assert case_of(hub, case_id)["current_service"] == "CSC"


def test_a_discussion_between_team_managers_is_recorded_when_held(as_user):
    case_id = stepped_down(as_user)
    refused(as_user(HUB).complete("ehh_accept_transfer", case_id,
                                  **{**ACCEPT, "team_managers_discussion": "Held between Team Managers"}),
            "discussion_notes")


def test_a_referral_for_a_c_and_f_assessment_hands_on_to_the_assessment(as_user):
    case_id = referred(as_user)
    sw = as_user(SW)
    ok(sw.complete("referral_decision", case_id, **REFERRAL, referral_outcome="Complete a C&F Assessment"))
    assert pathways(sw, case_id) == {"peterborough/referral": "complete", "peterborough/after_assessment": "running"}
    ok(sw.complete("record_referral", case_id, **form_of(sw, "record_referral", case_id)["prefilled"]))
    prefilled = form_of(sw, "conclude_assessment", case_id)["prefilled"]
    assert prefilled["assessment_summary"] == REFERRAL["referral_details"]


def test_a_referral_closed_nfa_ends_there(as_user):
    case_id = referred(as_user)
    ok(as_user(SW).complete("referral_decision", case_id, **REFERRAL, referral_outcome="No Further Action"))
    assert pathways(as_user(SW), case_id) == {"peterborough/referral": "complete"}


# --- MASH Enquiries with an outcome of Early Help ---------------------------------------------------

ENQUIRY = {"enquiry_findings": "Fictional: no safeguarding concerns found", "decision_rationale": "Fictional"}


def enquiring(as_user):
    team = as_user(MASH_TEAM)
    case_id = new_case(team)
    start(team, case_id, "mash_enquiry")
    return case_id


def test_a_mash_enquiry_stepped_down_becomes_a_hub_enquiry_in_the_contacts_tray(as_user):
    case_id = enquiring(as_user)
    team = as_user(MASH_TEAM)
    response = team.complete("complete_mash_enquiry", case_id, **ENQUIRY, enquiry_outcome=STEP_DOWN)
    refused(response, "family_consent")
    refused(response, "needs_for_early_help")
    refused(response, "hub_enquiry_initiated")
    ok(team.complete("complete_mash_enquiry", case_id, **ENQUIRY, enquiry_outcome=STEP_DOWN, needs_for_early_help=NEEDS,
                     hub_enquiry_initiated=True, **CONSENT))
    hub = as_user(HUB)
    assert hub.task("ehh_accept_hub_enquiry", case_id)["role"] == "Early Help Hub"
    ok(hub.complete("ehh_accept_hub_enquiry", case_id, **{**ACCEPT, "hub_action": "Start an Early Help Hub Enquiry",
                                                         "early_help_episode": None}))
    case = case_of(hub, case_id)
    assert case["current_service"] == "EH" and [c["scope"] for c in case["consent"]] == ["service"]
    assert pathways(hub, case_id) == {"peterborough/mash_enquiry": "complete"}


def test_a_mash_enquiry_may_progress_to_a_referral(as_user):
    case_id = enquiring(as_user)
    ok(as_user(MASH_TEAM).complete("complete_mash_enquiry", case_id, **ENQUIRY,
                                   enquiry_outcome="Progress to a referral"))
    assert as_user(SW).task("referral_decision", case_id)["pathway"] == "peterborough/referral"
    assert form_of(as_user(SW), "referral_decision", case_id)["prefilled"]["referral_details"] == \
        ENQUIRY["enquiry_findings"]


def test_no_one_but_the_hub_sees_a_hub_enquiry(as_user):
    case_id = enquiring(as_user)
    ok(as_user(MASH_TEAM).complete("complete_mash_enquiry", case_id, **ENQUIRY, enquiry_outcome=STEP_DOWN,
                                   needs_for_early_help=NEEDS, hub_enquiry_initiated=True, **CONSENT))
    assert [t for t in as_user(EHH_TM).tray(case=case_id)] == []


def test_a_mash_enquiry_closed_nfa_ends_there_and_sends_nothing_to_the_hub(as_user):
    case_id = enquiring(as_user)
    ok(as_user(MASH_TEAM).complete("complete_mash_enquiry", case_id, **ENQUIRY, enquiry_outcome="No Further Action"))
    assert pathways(as_user(MASH_TEAM), case_id) == {"peterborough/mash_enquiry": "complete"}
    assert as_user(HUB).tray(case=case_id) == [] and case_of(as_user(HUB), case_id)["consent"] == []
