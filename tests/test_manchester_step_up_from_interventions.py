"""Manchester §4.3-§4.4: stepping up from Early Help interventions, and back to the team that stepped it down."""
from datetime import datetime, timezone

import pytest

from answers import ok, refused
from manchester_helpers import (CENTRAL, CONTACT_CENTRE, EH_SW, EH_TM, LOCALITY_TM, NORTH, PRACTITIONER, SENIOR_SW,
                                SOUTH, alerts, form_of, new_case, open_task_ids, pathways, run_timer_sweep,
                                send_contact_record)

INTERVENTIONS = "manchester/step_up_from_interventions"
CONTACT = "manchester/area_team_contact"
DIFFERENCES = "manchester/professional_differences"
STATUTORY = "Statutory intervention needed: Contact Information record to the area social work team"
TAF = {"key_professionals": "School, health visitor (fictional)", "issues_complex": "No",
       "taf_discussion": "Plan is not working (fictional)"}
SOS = {"existing_strengths": "Mother engages with school (fictional)", "danger_and_risk": "Unexplained injuries",
       "what_needs_to_happen": "Social work assessment", "consultation_held_on": "2026-11-05"}


def concern_raised(as_user, raised_on="2026-11-02", child_protection="No"):
    case_id = new_case(as_user(PRACTITIONER), "step_up_from_interventions")
    ok(as_user(PRACTITIONER).complete("raise_intervention_concern", case_id, concern_raised_on=raised_on,
                                      why_step_up_considered="The Early Help plan is not working",
                                      concern_details="Fictional: plan not working",
                                      child_protection_concern=child_protection))
    return case_id


def at(clock, day, hour=10):
    clock.set(datetime(2026, 11, day, hour, 0, tzinfo=timezone.utc))


def taf_held(as_user, clock, held_at="2026-11-06T10:00", **changes):
    case_id = concern_raised(as_user)
    at(clock, 6, 15)
    ok(as_user(PRACTITIONER).complete("hold_taf_meeting", case_id, taf_meeting_held_at=held_at, **{**TAF, **changes}))
    return case_id


def consulted(as_user, clock):
    case_id = taf_held(as_user, clock)
    ok(as_user(SENIOR_SW).complete("senior_social_worker_consultation", case_id, **SOS))
    return case_id


# --- §4.3: the TAF meeting within 5 working days ---------------------------------------------

def test_the_taf_meeting_is_due_5_working_days_from_the_issues_being_raised(as_user):
    case_id = concern_raised(as_user)  # Monday 2 November
    item = as_user(PRACTITIONER).task("hold_taf_meeting", case_id)
    assert item["due"].startswith("2026-11-09T17:00")  # the end of Monday 9 November
    assert form_of(as_user(PRACTITIONER), "hold_taf_meeting", case_id)["prefilled"]["taf_latest_day"] == "2026-11-09"


def test_a_taf_meeting_on_the_fifth_working_day_is_accepted(as_user, clock):
    case_id = concern_raised(as_user)
    at(clock, 10)
    ok(as_user(PRACTITIONER).complete("hold_taf_meeting", case_id, taf_meeting_held_at="2026-11-09T16:00", **TAF))


def test_a_taf_meeting_after_5_working_days_is_refused_naming_the_date(as_user, clock):
    case_id = concern_raised(as_user)
    at(clock, 10, 12)
    message = refused(as_user(PRACTITIONER).complete("hold_taf_meeting", case_id,
                                                     taf_meeting_held_at="2026-11-10T09:00", **TAF),
                      "taf_meeting_held_at")
    assert "5 working days" in message and "Monday 09 November 2026" in message


def test_the_5_working_days_skip_weekends_from_a_friday_concern(as_user, clock):
    case_id = concern_raised(as_user, raised_on="2026-10-30")  # a Friday: due the Friday after
    at(clock, 9)
    refused(as_user(PRACTITIONER).complete("hold_taf_meeting", case_id, taf_meeting_held_at="2026-11-09T09:00",
                                           **TAF), "taf_meeting_held_at")
    ok(as_user(PRACTITIONER).complete("hold_taf_meeting", case_id, taf_meeting_held_at="2026-11-06T09:00", **TAF))


def test_a_taf_meeting_cannot_be_recorded_before_it_is_held_or_before_the_concern(as_user, clock):
    case_id = concern_raised(as_user)
    refused(as_user(PRACTITIONER).complete("hold_taf_meeting", case_id, taf_meeting_held_at="2026-11-04T09:00",
                                           **TAF), "taf_meeting_held_at")
    refused(as_user(PRACTITIONER).complete("hold_taf_meeting", case_id, taf_meeting_held_at="2026-11-01T09:00",
                                           **TAF), "taf_meeting_held_at")


def test_the_concern_cannot_be_raised_in_the_future(as_user):
    case_id = new_case(as_user(PRACTITIONER), "step_up_from_interventions")
    refused(as_user(PRACTITIONER).complete("raise_intervention_concern", case_id, concern_raised_on="2026-11-03",
                                           why_step_up_considered="Concerns have been raised", concern_details="F",
                                           child_protection_concern="No"), "concern_raised_on")


def test_no_taf_meeting_in_5_working_days_escalates_to_the_early_help_team_manager(as_user, clock):
    case_id = concern_raised(as_user)
    at(clock, 9, 16)  # 16:59 London (GMT) on the last day: not yet
    clock.advance(minutes=59)
    assert run_timer_sweep(as_user) == []
    clock.advance(minutes=2)
    assert run_timer_sweep(as_user) == ["taf_past_deadline"]
    assert as_user(EH_TM).task("taf_meeting_overdue", case_id)
    assert alerts(as_user, case_id, "taf_meeting_overdue opened") == [[f"{EH_TM}@demo.invalid"]]
    assert as_user(PRACTITIONER).task("hold_taf_meeting", case_id)["overdue"] is True


def test_complex_issues_need_the_senior_social_worker_at_the_taf(as_user, clock):
    case_id = concern_raised(as_user)
    at(clock, 6)
    refused(as_user(PRACTITIONER).complete("hold_taf_meeting", case_id, taf_meeting_held_at="2026-11-05T10:00",
                                           **{**TAF, "issues_complex": "Yes"}), "senior_social_worker_attended")


def test_a_child_protection_concern_goes_to_the_contact_centre_without_delay(as_user):
    case_id = concern_raised(as_user, child_protection="Yes")
    assert pathways(as_user(PRACTITIONER), case_id) == {INTERVENTIONS: "complete",
                                                        "manchester/contact_centre_referral": "running"}
    assert as_user(CONTACT_CENTRE).task("contact_centre_child_protection_referral", case_id)
    [told] = alerts(as_user, case_id, "contact_centre_child_protection_referral opened")
    assert "manchester-contact-centre@demo.invalid" in told


# --- §4.3.1: the Signs of Safety consultation, a case note and the statutory decision ---------

def test_the_consultation_needs_strengths_danger_and_what_needs_to_happen(as_user, clock):
    case_id = taf_held(as_user, clock)
    for field in ("existing_strengths", "danger_and_risk", "what_needs_to_happen"):
        refused(as_user(SENIOR_SW).complete("senior_social_worker_consultation", case_id,
                                            **{k: v for k, v in SOS.items() if k != field}), field)


def test_the_consultation_is_recorded_as_the_eh_social_workers_case_note(as_user, clock):
    case_id = consulted(as_user, clock)
    note = form_of(as_user(EH_SW), "early_help_social_worker_step_up_decision", case_id)["prefilled"]["case_note"]
    for value in ("Mother engages with school (fictional)", "Unexplained injuries", "Social work assessment"):
        assert value in note
    refused(as_user(EH_SW).complete("early_help_social_worker_step_up_decision", case_id,
                                    intervention_decision=STATUTORY), "case_note")


def test_statutory_need_sends_a_contact_record_carrying_the_signs_of_safety_mapping(as_user, clock):
    case_id = consulted(as_user, clock)
    ok(as_user(EH_SW).complete("early_help_social_worker_step_up_decision", case_id, case_note="Fictional note",
                               intervention_decision=STATUTORY))
    assert pathways(as_user(EH_SW), case_id) == {INTERVENTIONS: "complete", CONTACT: "running"}
    prefilled = form_of(as_user(EH_SW), "send_contact_information_record", case_id)["prefilled"]
    assert prefilled["step_up_stage"] == "Interventions"
    assert prefilled["worries"] == "Unexplained injuries"


def test_professionals_differing_start_the_escalation_at_the_interventions_stage(as_user, clock):
    case_id = consulted(as_user, clock)
    decision = "Professionals differ about the level of need: escalate (§6)"
    refused(as_user(EH_SW).complete("early_help_social_worker_step_up_decision", case_id, case_note="Fictional",
                                    intervention_decision=decision), "difference_summary")
    ok(as_user(EH_SW).complete("early_help_social_worker_step_up_decision", case_id, case_note="Fictional",
                               intervention_decision=decision, difference_summary="Level 4 or 5 (fictional)"))
    assert pathways(as_user(EH_SW), case_id)[DIFFERENCES] == "running"
    assert form_of(as_user(EH_SW), "record_professional_difference", case_id)["prefilled"]["difference_stage"] == \
        "Interventions"


# --- §4.4: back to the team that stepped the case down, within 3 months -------------------------

def contact_started(as_user):
    return new_case(as_user(EH_SW), "area_team_contact")


def stepped_down_by_north(**changes):
    return {"step_up_stage": "Interventions", "stepped_down_by_team": NORTH, **changes}


@pytest.mark.parametrize("stepped_down_on", ["2026-08-02", "2026-08-03", "2026-10-30"])
def test_within_3_months_the_case_must_go_back_to_the_team_that_stepped_it_down(as_user, stepped_down_on):
    case_id = contact_started(as_user)  # today is Monday 2 November 2026
    message = refused(send_contact_record(as_user, case_id, **stepped_down_by_north(
        stepped_down_on=stepped_down_on, area_team=SOUTH)), "area_team")
    assert NORTH in message and "3 months" in message
    ok(send_contact_record(as_user, case_id, **stepped_down_by_north(stepped_down_on=stepped_down_on,
                                                                     area_team=NORTH)))
    # Allocation goes back to that team too.
    manager = as_user(LOCALITY_TM)
    assert form_of(manager, "area_team_contact_decision", case_id)["prefilled"]["allocated_team"] == NORTH
    refused(manager.complete("area_team_contact_decision", case_id, allocated_team=CENTRAL,
                             contact_decision="Child and family assessment", decision_rationale="F"),
            "allocated_team")
    ok(manager.complete("area_team_contact_decision", case_id, allocated_team=NORTH,
                        contact_decision="Child and family assessment", decision_rationale="F"))


def test_the_boundary_day_is_within_and_the_day_after_is_not(as_user, clock):
    # Stepped down on 2 August: 2 November is the last day of the 3 months.
    case_id = contact_started(as_user)
    refused(send_contact_record(as_user, case_id, **stepped_down_by_north(stepped_down_on="2026-08-02",
                                                                          area_team=SOUTH)), "area_team")
    clock.advance(days=1)  # Tuesday 3 November: more than 3 months after the step-down
    ok(send_contact_record(as_user, case_id, **stepped_down_by_north(stepped_down_on="2026-08-02", area_team=SOUTH)))
    # No return rule now: the area team may allocate to another team.
    ok(as_user(LOCALITY_TM).complete("area_team_contact_decision", case_id, allocated_team=CENTRAL,
                                     contact_decision="Child and family assessment", decision_rationale="F"))


def test_three_months_from_the_31st_ends_on_the_last_day_of_the_shorter_month(as_user, clock):
    at(clock, 30)  # Monday 30 November: 3 months after 31 August
    case_id = contact_started(as_user)
    refused(send_contact_record(as_user, case_id, **stepped_down_by_north(stepped_down_on="2026-08-31",
                                                                          area_team=SOUTH)), "area_team")
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc))
    ok(send_contact_record(as_user, case_id, **stepped_down_by_north(stepped_down_on="2026-08-31", area_team=SOUTH)))


def test_a_step_down_older_than_3_months_goes_to_any_team(as_user):
    case_id = contact_started(as_user)
    ok(send_contact_record(as_user, case_id, **stepped_down_by_north(stepped_down_on="2026-08-01", area_team=SOUTH)))


def test_a_case_nobody_stepped_down_goes_to_any_team(as_user):
    case_id = contact_started(as_user)
    ok(send_contact_record(as_user, case_id, step_up_stage="Triage", area_team=CENTRAL))


def test_the_team_and_the_date_of_a_step_down_come_together(as_user):
    case_id = contact_started(as_user)
    refused(send_contact_record(as_user, case_id, **stepped_down_by_north(area_team=NORTH)), "stepped_down_on")
    refused(send_contact_record(as_user, case_id, step_up_stage="Triage", stepped_down_on="2026-10-01",
                                area_team=NORTH), "stepped_down_by_team")
    refused(send_contact_record(as_user, case_id, **stepped_down_by_north(stepped_down_on="2026-11-03",
                                                                          area_team=NORTH)), "stepped_down_on")


def test_the_contact_record_needs_the_signs_of_safety_mapping_and_the_micare_reference(as_user):
    case_id = contact_started(as_user)
    for field in ("what_is_working_well", "worries", "what_needs_to_happen", "micare_contact_reference"):
        refused(send_contact_record(as_user, case_id, step_up_stage="Triage", **{field: ""}), field)
    assert open_task_ids(as_user(EH_SW), case_id) == ["send_contact_information_record"]
