"""Peterborough §2 and §3: stepping down after a C&F Assessment (the MASG) and from a CIN plan (JSON API)."""
from datetime import datetime, timezone

from answers import ok, refused
from peterborough_steps import (AT_TM, CONSENT, MASG, SW, case_of, contact_received, form_of, new_case, open_task_ids,
                                pathways, start, sweep)

MULTI = "Multi-agency support plan (via the MASG)"
SINGLE = "Single agency support"
STEP_DOWN_VIA_MASG = {"assessment_summary": "Fictional: needs met at home; school attendance low",
                      "continuing_support": MULTI, "assessment_outcome": "Referral to Early Help",
                      "early_help_discussion": "Fictional: discussed with the Early Help Service on 2 November",
                      "narrative_records_masg": True, "parent_agrees_to_support_plan": "Given",
                      "consent_to_share_with_masg": "Given", "consent_how": "In writing", "consent_date": "2026-11-02"}
HEARD = {"masg_date": "2026-11-02", "social_worker_attended": "Yes",
         "masg_decision": "Accepted for discussion at the MASG",
         "lead_professional": "Demo School Family Worker", "lead_professional_agency": "Demo Academy",
         "resources_agreed": "Fictional: parenting programme; attendance support"}


def assessing(as_user, referral_received_at="2026-11-02T10:00:00+00:00"):
    sw = as_user(SW)
    case_id = new_case(sw)
    start(sw, case_id, "after_assessment")
    ok(sw.complete("record_referral", case_id, referral_received_at=referral_received_at))
    return case_id


def test_a_multi_agency_step_down_is_never_nfa(as_user):
    case_id = assessing(as_user)
    sw = as_user(SW)
    nfa = {**STEP_DOWN_VIA_MASG, "assessment_outcome": "NFA"}
    message = refused(sw.complete("conclude_assessment", case_id, **nfa), "assessment_outcome")
    assert "Referral to Early Help" in message and "NFA" in message
    refused(sw.complete("conclude_assessment", case_id, **{**STEP_DOWN_VIA_MASG, "assessment_outcome": None}),
            "assessment_outcome")
    assert open_task_ids(sw, case_id) == ["conclude_assessment"]


def test_the_narrative_records_the_masg_and_the_case_is_discussed_with_early_help_first(as_user):
    case_id = assessing(as_user)
    sw = as_user(SW)
    refused(sw.complete("conclude_assessment", case_id, **{**STEP_DOWN_VIA_MASG, "narrative_records_masg": False}),
            "narrative_records_masg")
    refused(sw.complete("conclude_assessment", case_id, **{**STEP_DOWN_VIA_MASG, "early_help_discussion": None}),
            "early_help_discussion")


def test_the_parent_agrees_to_the_plan_and_consents_to_sharing_with_the_masg(as_user):
    case_id = assessing(as_user)
    sw = as_user(SW)
    refused(sw.complete("conclude_assessment", case_id,
                        **{**STEP_DOWN_VIA_MASG, "parent_agrees_to_support_plan": "Refused"}),
            "parent_agrees_to_support_plan")
    refused(sw.complete("conclude_assessment", case_id, **{**STEP_DOWN_VIA_MASG, "consent_to_share_with_masg": None}),
            "consent_to_share_with_masg")
    refused(sw.complete("conclude_assessment", case_id, **{**STEP_DOWN_VIA_MASG, "consent_how": None}), "consent_how")
    assert case_of(sw, case_id)["consent"] == []
    ok(sw.complete("conclude_assessment", case_id, **STEP_DOWN_VIA_MASG))
    consent = [(c["scope"], c["decision"], c["how"]) for c in case_of(sw, case_id)["consent"]]
    assert consent == [("service", "given", "In writing"), ("sharing", "given", "In writing")]


def test_the_masg_names_the_lead_professional_and_csc_closes_once_it_accepts(as_user):
    case_id = assessing(as_user)
    ok(as_user(SW).complete("conclude_assessment", case_id, **STEP_DOWN_VIA_MASG))
    masg = as_user(MASG)
    assert masg.task("masg_hearing", case_id)["role"] == "Multi-Agency Support Group"
    assert case_of(masg, case_id)["current_service"] == "CSC"
    refused(masg.complete("masg_hearing", case_id, **{**HEARD, "lead_professional": None}), "lead_professional")
    refused(masg.complete("masg_hearing", case_id, **{**HEARD, "resources_agreed": None}), "resources_agreed")
    ok(masg.complete("masg_hearing", case_id, **HEARD))
    case = case_of(masg, case_id)
    assert case["current_service"] == "EH" and case["lead_professional"] == "Demo School Family Worker"
    assert pathways(masg, case_id) == {"peterborough/after_assessment": "complete"}


def test_a_case_the_masg_does_not_accept_stays_with_csc(as_user):
    case_id = assessing(as_user)
    ok(as_user(SW).complete("conclude_assessment", case_id, **STEP_DOWN_VIA_MASG))
    masg = as_user(MASG)
    not_accepted = {**HEARD, "masg_decision": "Not accepted", "lead_professional": None}
    refused(masg.complete("masg_hearing", case_id, **not_accepted), "masg_notes")
    ok(masg.complete("masg_hearing", case_id, **not_accepted, masg_notes="Fictional: needs are for a single agency"))
    assert case_of(masg, case_id)["current_service"] == "CSC"


def test_single_agency_support_is_a_referral_and_outcome_nfa(as_user):
    case_id = assessing(as_user)
    sw = as_user(SW)
    single = {"assessment_summary": "Fictional", "continuing_support": SINGLE, "single_agency": "Demo CAMHS",
              "consent_to_single_agency_referral": "Given", "consent_how": "In person", "consent_date": "2026-11-02"}
    refused(sw.complete("conclude_assessment", case_id, **single, assessment_outcome="Referral to Early Help"),
            "assessment_outcome")
    refused(sw.complete("conclude_assessment", case_id, **{**single, "single_agency": None}, assessment_outcome="NFA"),
            "single_agency")
    refused(sw.complete("conclude_assessment", case_id, **{**single, "consent_to_single_agency_referral": "Refused"},
                        assessment_outcome="NFA"), "consent_to_single_agency_referral")
    ok(sw.complete("conclude_assessment", case_id, **single, assessment_outcome="NFA"))
    assert pathways(sw, case_id) == {"peterborough/after_assessment": "complete"}
    assert [c["note"] for c in case_of(sw, case_id)["consent"]] == ["Referral to Demo CAMHS"]
    assert open_task_ids(sw, case_id) == []


def test_continuing_csc_involvement_ends_the_step_down(as_user):
    case_id = assessing(as_user)
    ok(as_user(SW).complete("conclude_assessment", case_id, assessment_summary="Fictional",
                            continuing_support="Continuing Children's Social Care involvement"))
    assert case_of(as_user(SW), case_id)["current_service"] == "CSC"


def test_the_assessment_is_due_in_45_working_days_and_escalates_to_the_team_manager(as_user, clock):
    case_id = assessing(as_user)  # referral Monday 2 November 2026, 10:00; 45 working days: 7 January 2027
    assert as_user(SW).task("conclude_assessment", case_id)["due"] == "2027-01-07T10:00:00+00:00"
    clock.set(datetime(2027, 1, 7, 9, 59, tzinfo=timezone.utc))
    assert sweep(as_user) == []
    clock.set(datetime(2027, 1, 7, 10, 0, 1, tzinfo=timezone.utc))
    assert sweep(as_user) == ["assessment_due"]
    assert as_user(AT_TM).task("assessment_overdue", case_id)["role"] == "Assessment Team Manager"


def test_the_45_working_days_run_from_the_referral_not_from_when_the_assessment_opens(as_user, clock):
    # The referral came in on Monday 26 October 2026 at 10:00; the assessment's task opens a week later.
    case_id = assessing(as_user, referral_received_at="2026-10-26T10:00:00+00:00")
    assert as_user(SW).task("conclude_assessment", case_id)["due"] == "2026-12-30T10:00:00+00:00"
    clock.set(datetime(2026, 12, 30, 9, 59, tzinfo=timezone.utc))
    assert sweep(as_user) == []
    clock.set(datetime(2026, 12, 30, 10, 0, 1, tzinfo=timezone.utc))
    assert sweep(as_user) == ["assessment_due"]


def test_an_assessment_started_by_hand_records_the_referral_which_cannot_be_in_the_future(as_user):
    sw = as_user(SW)
    case_id = new_case(sw)
    start(sw, case_id, "after_assessment")
    assert open_task_ids(sw, case_id) == ["record_referral"]
    refused(sw.complete("record_referral", case_id), "referral_received_at")
    refused(sw.complete("record_referral", case_id, referral_received_at="2026-11-03T10:00:00+00:00"),
            "referral_received_at")
    ok(sw.complete("record_referral", case_id, referral_received_at="2026-11-02T09:00:00+00:00"))
    assert open_task_ids(sw, case_id) == ["conclude_assessment"]


def test_a_referral_hands_on_the_moment_it_was_made_by_the_contact(as_user, clock):
    """Contact → referral on Monday 2 November 10:00; decided 3 days later; the assessment still counts from Monday."""
    case_id = contact_received(as_user, "Assessment Team")
    ok(as_user(AT_TM).complete("assessment_team_review_contact", case_id,
                               contact_decision="Accepted: progress to a referral within LCS"))
    clock.set(datetime(2026, 11, 5, 15, 0, tzinfo=timezone.utc))
    sw = as_user(SW)
    ok(sw.complete("referral_decision", case_id, referral_details="Fictional: neglect concerns",
                   referral_outcome="Complete a C&F Assessment", decision_rationale="Fictional"))
    prefilled = form_of(sw, "record_referral", case_id)["prefilled"]
    assert prefilled == {"referral_received_at": "2026-11-02T10:00:00+00:00"}
    ok(sw.complete("record_referral", case_id, **prefilled))
    assert sw.task("conclude_assessment", case_id)["due"] == "2027-01-07T10:00:00+00:00"


# --- §3 from a CIN plan ------------------------------------------------------------------------------

TAF = "Multi-agency support through a Team around the Family"
CIN_STEP_DOWN = {"cin_meeting_date": "2026-11-02", "step_down_to": TAF,
                 "cin_meeting_notes": "Fictional: the CIN core group agreed to step down to a TAF",
                 "agreement_recorded": True, "lead_professional": "Demo Health Visitor",
                 "lead_professional_agency": "Demo Health Visiting Service", "cin_outcome": "Referral to Early Help",
                 **CONSENT}


def cin_plan(as_user):
    sw = as_user(SW)
    case_id = new_case(sw)
    start(sw, case_id, "from_cin_plan")
    return case_id


def test_from_a_cin_plan_the_agreement_and_the_named_lead_professional_are_recorded(as_user):
    case_id = cin_plan(as_user)
    sw = as_user(SW)
    refused(sw.complete("cin_meeting_step_down", case_id, **{**CIN_STEP_DOWN, "lead_professional": None}),
            "lead_professional")
    refused(sw.complete("cin_meeting_step_down", case_id, **{**CIN_STEP_DOWN, "agreement_recorded": False}),
            "agreement_recorded")
    refused(sw.complete("cin_meeting_step_down", case_id, **{**CIN_STEP_DOWN, "cin_meeting_notes": ""}),
            "cin_meeting_notes")
    message = refused(sw.complete("cin_meeting_step_down", case_id, **{**CIN_STEP_DOWN, "cin_outcome": "NFA"}),
                      "cin_outcome")
    assert "NOT 'NFA'" in message
    refused(sw.complete("cin_meeting_step_down", case_id, **{**CIN_STEP_DOWN, "family_consent": "Refused"}),
            "family_consent")
    ok(sw.complete("cin_meeting_step_down", case_id, **CIN_STEP_DOWN))
    case = case_of(sw, case_id)
    # No MASG: the lead professional is already identified.
    assert case["open_tasks"] == [] and pathways(sw, case_id) == {"peterborough/from_cin_plan": "complete"}
    assert case["current_service"] == "EH" and case["lead_professional"] == "Demo Health Visitor"
    assert [c["scope"] for c in case["consent"]] == ["service"]


def test_a_cin_plan_may_step_down_to_a_single_agency_referral(as_user):
    case_id = cin_plan(as_user)
    sw = as_user(SW)
    single = {"cin_meeting_date": "2026-11-02", "step_down_to": "A single agency referral",
              "cin_meeting_notes": "Fictional: the school nurse will carry on"}
    refused(sw.complete("cin_meeting_step_down", case_id, **single), "single_agency")
    ok(sw.complete("cin_meeting_step_down", case_id, **single, single_agency="Demo School Nursing"))
    assert case_of(sw, case_id)["current_service"] == "CSC"
