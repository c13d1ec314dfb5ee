"""Manchester §6: professional differences resolved within 48 hours a tier, climbing to a final decision (JSON API)."""
from datetime import timedelta

from answers import ok, refused
from manchester_helpers import (EH_SW, EH_TM, HEAD_OF_SERVICE, HUB_LOCALITY_MANAGER, LOCALITY_TM, MASH_COORDINATOR,
                                MASH_TM, STRATEGIC_HEAD, DEPUTY_DIRECTOR, alerts, form_of, new_case, open_task_ids,
                                pathways, run_timer_sweep)

DIFFERENCES = "manchester/professional_differences"
CONTACT = "manchester/area_team_contact"
VIEWS = {"difference_summary": "Level 4 or level 5? (fictional)", "early_help_view": "Early Help can hold it",
         "social_work_view": "Needs a social work assessment"}
ESCALATE = "Not agreed: escalate to the next tier"
TIER = {"discussed_with": "Fictional attendees", "discussion": "Fictional discussion"}


def recorded(as_user, stage):
    case_id = new_case(as_user(EH_SW), "professional_differences")
    ok(as_user(EH_SW).complete("record_professional_difference", case_id, difference_stage=stage, **VIEWS))
    return case_id


def test_a_triage_difference_goes_to_the_team_managers_and_mash_coordinator(as_user):
    case_id = recorded(as_user, "Triage")
    item = as_user(MASH_TM).task("triage_managers_resolve_difference", case_id)
    assert item["role"] == "MASH Team Manager"
    # §6.2: the Early Help Hub SW, the MASH Early Help Coordinator and the team managers are all told.
    [told] = alerts(as_user, case_id, "triage_managers_resolve_difference opened")
    assert sorted(told) == sorted(f"{u}@demo.invalid" for u in (MASH_TM, MASH_COORDINATOR, EH_SW))


def test_an_interventions_difference_goes_to_the_eh_and_locality_team_managers(as_user):
    case_id = recorded(as_user, "Interventions")
    assert as_user(EH_TM).task("interventions_managers_resolve_difference", case_id)["role"] == \
        "Early Help Team Manager"
    [told] = alerts(as_user, case_id, "interventions_managers_resolve_difference opened")
    assert sorted(told) == sorted(f"{u}@demo.invalid" for u in (EH_TM, LOCALITY_TM, EH_SW))


def test_each_tier_has_48_hours_and_the_ladder_climbs_by_deadline_and_stops_at_the_final_tier(as_user, clock):
    case_id = recorded(as_user, "Interventions")
    due = as_user(EH_TM).task("interventions_managers_resolve_difference", case_id)["due"]
    assert due.startswith((clock() + timedelta(hours=48)).strftime("%Y-%m-%dT%H:%M"))
    clock.advance(hours=47, minutes=59)
    assert run_timer_sweep(as_user) == []
    clock.advance(minutes=2)
    assert run_timer_sweep(as_user) == ["interventions_48_hours_passed"]
    # The unresolved difference left the team managers and went up a tier.
    assert open_task_ids(as_user(EH_SW), case_id) == ["senior_managers_resolve_difference"]
    [told] = alerts(as_user, case_id, "senior_managers_resolve_difference opened")
    assert sorted(told) == sorted(f"{u}@demo.invalid" for u in (HUB_LOCALITY_MANAGER, HEAD_OF_SERVICE))
    clock.advance(hours=48, minutes=1)
    assert run_timer_sweep(as_user) == ["senior_48_hours_passed"]
    top = as_user(STRATEGIC_HEAD).task("final_decision_on_difference", case_id)
    assert top["due"] is None  # nobody above the final decision makers
    [told] = alerts(as_user, case_id, "final_decision_on_difference opened")
    assert sorted(told) == sorted(f"{u}@demo.invalid" for u in (STRATEGIC_HEAD, DEPUTY_DIRECTOR))
    clock.advance(days=10)
    assert run_timer_sweep(as_user) == []  # the ladder stops here
    assert open_task_ids(as_user(EH_SW), case_id) == ["final_decision_on_difference"]
    assert [t["task_id"] for t in as_user(STRATEGIC_HEAD).tray(case=case_id)] == ["final_decision_on_difference"]
    # The Deputy Director is told and decides with the Strategic Head, who records the decision.
    assert as_user(DEPUTY_DIRECTOR).tray(case=case_id) == []
    ok(as_user(STRATEGIC_HEAD).complete("final_decision_on_difference", case_id, decided_by="Both (fictional)",
                                        final_rationale="Fictional rationale",
                                        final_decision="Agreed: stays with Early Help"))
    assert pathways(as_user(EH_SW), case_id)[DIFFERENCES] == "complete"


def test_the_ladder_climbs_when_a_tier_records_no_agreement(as_user):
    case_id = recorded(as_user, "Triage")
    ok(as_user(MASH_TM).complete("triage_managers_resolve_difference", case_id, resolution=ESCALATE, **TIER))
    senior = as_user(HUB_LOCALITY_MANAGER)
    assert form_of(senior, "senior_managers_resolve_difference", case_id)["prefilled"]["difference_summary"] == \
        VIEWS["difference_summary"]
    ok(senior.complete("senior_managers_resolve_difference", case_id, resolution=ESCALATE, **TIER))
    top = as_user(STRATEGIC_HEAD)
    # The final decision makers cannot pass it on: "escalate" is not one of their answers.
    refused(top.complete("final_decision_on_difference", case_id, decided_by="Both", final_rationale="No",
                         final_decision=ESCALATE), "final_decision")
    ok(top.complete("final_decision_on_difference", case_id, decided_by="Both (fictional)",
                    final_rationale="Fictional rationale",
                    final_decision="Agreed: social work (step up to the area team)"))
    # Agreed social work: the Early Help Social Worker sends the Contact Information record.
    assert pathways(as_user(EH_SW), case_id) == {DIFFERENCES: "complete", CONTACT: "running"}
    assert form_of(as_user(EH_SW), "send_contact_information_record", case_id)["prefilled"]["step_up_reasons"] == \
        VIEWS["difference_summary"]


def test_agreement_within_48_hours_ends_it_with_no_escalation(as_user, clock):
    case_id = recorded(as_user, "Triage")
    ok(as_user(MASH_TM).complete("triage_managers_resolve_difference", case_id,
                                 resolution="Agreed: stays with Early Help", **TIER))
    clock.advance(hours=49)
    assert run_timer_sweep(as_user) == []
    assert pathways(as_user(EH_SW), case_id) == {DIFFERENCES: "complete"}
    assert as_user(HUB_LOCALITY_MANAGER).tray(case=case_id) == []


def test_both_views_and_the_stage_are_required(as_user):
    case_id = new_case(as_user(EH_SW), "professional_differences")
    for field in ("difference_stage", "early_help_view", "social_work_view"):
        data = {"difference_stage": "Triage", **VIEWS}
        del data[field]
        refused(as_user(EH_SW).complete("record_professional_difference", case_id, **data), field)
