"""Manchester §4.2: stepping up from the Early Help triage process, through the JSON API."""
from datetime import timedelta
from pathlib import Path

from answers import ok, refused
from manchester_helpers import (AREA_SW, CONTACT_CENTRE, EH_SW, LOCALITY_TM, MASH_COORDINATOR, MASH_TM, NORTH,
                                PRACTITIONER, alerts, case_of, form_of, new_case, open_task_ids, pathways,
                                run_timer_sweep, send_contact_record, task_ids_in_pack_diagrams)

ROOT = Path(__file__).resolve().parent.parent
TRIAGE = "manchester/step_up_from_triage"
CONTACT = "manchester/area_team_contact"
CONTACT_CENTRE_REFERRAL = "manchester/contact_centre_referral"
DIFFERENCES = "manchester/professional_differences"
STEP_UP = "Step up: Contact Information record to the area social work team"
DISCUSS = "Discuss MASH's Early Help outcome with MASH"


def triaged(as_user, **answers):
    case_id = new_case(as_user(PRACTITIONER), "step_up_from_triage")
    ok(as_user(PRACTITIONER).complete("record_triage_concern", case_id,
                                      **{"triage_findings": "Fictional: bruising seen", **answers}))
    return case_id


def social_worker_decides(as_user, decision, **answers):
    case_id = triaged(as_user, child_protection_concern="No")
    ok(as_user(EH_SW).complete("early_help_social_worker_triage_decision", case_id, triage_decision=decision,
                               social_worker_view="Fictional view", **answers))
    return case_id


def test_every_user_task_of_the_pack_has_a_handler_and_every_handler_a_task():
    from handlers import PACKS
    assert task_ids_in_pack_diagrams(ROOT) == set(PACKS["manchester"].handlers)


def test_a_child_protection_concern_with_no_eh_social_worker_goes_to_the_contact_centre_at_once(as_user):
    case_id = triaged(as_user, child_protection_concern="Yes", early_help_social_worker_available="No")
    assert pathways(as_user(PRACTITIONER), case_id) == {TRIAGE: "complete", CONTACT_CENTRE_REFERRAL: "running"}
    worker = as_user(CONTACT_CENTRE)
    assert form_of(worker, "contact_centre_child_protection_referral", case_id)["prefilled"] == {
        "referred_from": "Triage", "child_protection_concern_details": "Fictional: bruising seen"}
    # No delay: the Contact Centre mailbox is e-mailed in the same step, as well as its workers.
    [told] = alerts(as_user, case_id, "contact_centre_child_protection_referral opened")
    assert "manchester-contact-centre@demo.invalid" in told
    assert f"{CONTACT_CENTRE}@demo.invalid" in told


def test_the_contact_centre_decides_within_1_working_day_or_the_mash_team_manager_is_told(as_user, clock):
    case_id = triaged(as_user, child_protection_concern="Yes", early_help_social_worker_available="No")
    due = as_user(CONTACT_CENTRE).task("contact_centre_child_protection_referral", case_id)["due"]
    assert due.startswith("2026-11-03T10:00")  # Monday 10:00 -> Tuesday 10:00
    clock.advance(hours=23, minutes=59)
    assert run_timer_sweep(as_user) == []
    clock.advance(minutes=2)
    assert run_timer_sweep(as_user) == ["decision_past_deadline"]
    assert as_user(MASH_TM).task("contact_centre_decision_overdue", case_id)
    ok(as_user(CONTACT_CENTRE).complete("contact_centre_child_protection_referral", case_id, referred_from="Triage",
                                        child_protection_concern_details="Fictional",
                                        contact_centre_response="Strategy discussion / section 47 enquiry",
                                        response_rationale="Fictional"))


def test_a_child_protection_concern_needs_to_say_whether_an_eh_social_worker_is_available(as_user):
    case_id = new_case(as_user(PRACTITIONER), "step_up_from_triage")
    refused(as_user(PRACTITIONER).complete("record_triage_concern", case_id, triage_findings="Fictional",
                                           child_protection_concern="Yes"), "early_help_social_worker_available")


def test_with_an_eh_social_worker_available_they_decide(as_user):
    case_id = triaged(as_user, child_protection_concern="Yes", early_help_social_worker_available="Yes")
    assert open_task_ids(as_user(EH_SW), case_id) == ["early_help_social_worker_triage_decision"]
    ok(as_user(EH_SW).complete("early_help_social_worker_triage_decision", case_id, social_worker_view="CP",
                               triage_decision="Child protection concern: refer to the Contact Centre now"))
    assert pathways(as_user(EH_SW), case_id)[CONTACT_CENTRE_REFERRAL] == "running"


def test_step_up_sends_the_contact_record_to_the_area_team_whose_decision_is_due_in_1_working_day(as_user, clock):
    case_id = social_worker_decides(as_user, STEP_UP)
    assert pathways(as_user(EH_SW), case_id) == {TRIAGE: "complete", CONTACT: "running"}
    assert form_of(as_user(EH_SW), "send_contact_information_record", case_id)["prefilled"]["step_up_stage"] == \
        "Triage"
    ok(send_contact_record(as_user, case_id, step_up_stage="Triage"))
    decision = as_user(LOCALITY_TM).task("area_team_contact_decision", case_id)
    assert decision["due"].startswith("2026-11-03T10:00")
    ok(as_user(LOCALITY_TM).complete("area_team_contact_decision", case_id,
                                     allocated_team=NORTH, contact_decision="Child and family assessment",
                                     decision_rationale="Fictional"))
    assert case_of(as_user(EH_SW), case_id)["current_service"] == "CSC"
    # The child and family assessment is due 45 working days from the contact record.
    assessment = as_user(AREA_SW).task("conclude_child_and_family_assessment", case_id)
    assert assessment["due"].startswith("2027-01-07T10:00")  # skipping 25 and 28 December and 1 January


def test_referrer_disagreeing_with_mash_means_a_discussion_within_24_hours(as_user, clock):
    case_id = social_worker_decides(
        as_user, DISCUSS, why_discuss_with_mash="The original referrer does not support the Early Help recommendation")
    coordinator = as_user(MASH_COORDINATOR)
    item = coordinator.task("mash_case_discussion", case_id)
    assert item["due"].startswith((clock() + timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M"))
    clock.advance(hours=23, minutes=59)
    assert run_timer_sweep(as_user) == []
    clock.advance(minutes=2)
    assert run_timer_sweep(as_user) == ["discussion_past_24_hours"]
    assert as_user(MASH_TM).task("mash_discussion_overdue", case_id)
    assert alerts(as_user, case_id, "mash_discussion_overdue opened") == [[f"{MASH_TM}@demo.invalid"]]
    assert coordinator.task("mash_case_discussion", case_id)["overdue"] is True  # still theirs to hold


def test_a_reason_is_needed_to_discuss_with_mash(as_user):
    case_id = triaged(as_user, child_protection_concern="No")
    refused(as_user(EH_SW).complete("early_help_social_worker_triage_decision", case_id, triage_decision=DISCUSS,
                                    social_worker_view="Fictional"), "why_discuss_with_mash")


def discussed(as_user, outcome):
    case_id = social_worker_decides(as_user, DISCUSS,
                                    why_discuss_with_mash="The child's or family's needs are greater than Early Help")
    ok(as_user(MASH_COORDINATOR).complete("mash_case_discussion", case_id, discussion_held_at="2026-11-02T09:45",
                                          early_help_social_worker="Demo EH SW", discussion_summary="Fictional",
                                          mash_outcome=outcome))
    return case_id


def test_mash_may_change_the_outcome_to_a_social_work_assessment(as_user, clock):
    case_id = discussed(as_user, "MASH changes the outcome to a Social Work Assessment")
    clock.advance(hours=25)
    assert run_timer_sweep(as_user) == []  # held in time: no escalation
    assert pathways(as_user(EH_SW), case_id) == {TRIAGE: "complete", CONTACT: "running"}
    assert open_task_ids(as_user(EH_SW), case_id) == ["send_contact_information_record"]


def test_an_unresolved_difference_with_mash_starts_the_escalation_at_the_triage_stage(as_user):
    case_id = discussed(as_user, "Still differ: escalate (§6)")
    assert pathways(as_user(EH_SW), case_id) == {TRIAGE: "complete", DIFFERENCES: "running"}
    assert form_of(as_user(EH_SW), "record_professional_difference", case_id)["prefilled"]["difference_stage"] == \
        "Triage"


def test_the_early_help_outcome_may_stand(as_user):
    case_id = discussed(as_user, "Early Help outcome stands (agreed)")
    assert pathways(as_user(EH_SW), case_id) == {TRIAGE: "complete"}
