"""Manchester §5: joint working of an on-going social work case with Early Help, through the JSON API."""
import pytest

from answers import ok, refused
from manchester_helpers import AREA_SW, EH_SW, EH_TM, alerts, new_case, open_task_ids, pathways

JOINT = "manchester/joint_working"
ACCEPT, DECLINE = "Accept for joint working", "Decline: does not meet the model"
CRITERIA = ("meets_early_help_criteria", "family_engaging_with_social_work",
            "signs_of_safety_plan_owned_by_social_worker", "evidence_based_intervention_deliverable")
REQUEST = {
    **{name: True for name in CRITERIA}, "escalating_statutory_case": "No",
    "what_is_working_well": "Father attends every visit (fictional)", "worries": "School attendance (fictional)",
    "what_needs_to_happen": "Parenting programme (fictional)",
    "forthcoming_meetings_and_visits": "Joint visit 10 November 2026 (fictional)",
    "intervention_timescales": "12 weeks", "referrer_contact_details": "Demo Area Social Worker",
}


def requested(as_user, **changes):
    case_id = new_case(as_user(AREA_SW), "joint_working")
    ok(as_user(AREA_SW).complete("request_joint_working", case_id, **{**REQUEST, **changes}))
    return case_id


def screened(as_user, decision=ACCEPT, **changes):
    case_id = requested(as_user)
    ok(as_user(EH_SW).complete("screen_joint_working_request", case_id, screening_decision=decision, **changes))
    return case_id


@pytest.mark.parametrize("criterion", CRITERIA)
def test_each_of_the_four_criteria_must_hold(as_user, criterion):
    case_id = new_case(as_user(AREA_SW), "joint_working")
    message = refused(as_user(AREA_SW).complete("request_joint_working", case_id, **{**REQUEST, criterion: False}),
                      criterion)
    assert "§5.3" in message
    assert open_task_ids(as_user(AREA_SW), case_id) == ["request_joint_working"]


def test_every_unmet_criterion_is_named_at_once(as_user):
    case_id = new_case(as_user(AREA_SW), "joint_working")
    response = as_user(AREA_SW).complete("request_joint_working", case_id,
                                         **{**REQUEST, **{name: False for name in CRITERIA}})
    assert response.status_code == 422
    assert set(CRITERIA) <= set(response.json["fields"])


def test_an_escalating_child_protection_public_law_or_looked_after_case_is_not_for_early_help(as_user):
    case_id = new_case(as_user(AREA_SW), "joint_working")
    refused(as_user(AREA_SW).complete("request_joint_working", case_id, **{**REQUEST,
                                                                          "escalating_statutory_case": "Yes"}),
            "escalating_statutory_case")


@pytest.mark.parametrize("field", ["what_is_working_well", "worries", "what_needs_to_happen",
                                   "forthcoming_meetings_and_visits", "intervention_timescales"])
def test_the_pro_forma_needs_the_mapping_the_visits_and_the_timescales(as_user, field):
    case_id = new_case(as_user(AREA_SW), "joint_working")
    refused(as_user(AREA_SW).complete("request_joint_working", case_id, **{**REQUEST, field: ""}), field)


def test_the_request_is_screened_by_the_eh_social_worker_and_the_hub_is_told(as_user):
    case_id = requested(as_user)
    assert as_user(EH_SW).task("screen_joint_working_request", case_id)["role"] == "Early Help Social Worker"
    [told] = alerts(as_user, case_id, "screen_joint_working_request opened")
    assert "manchester-early-help-hub@demo.invalid" in told
    refused(as_user(EH_SW).complete("screen_joint_working_request", case_id, screening_decision=DECLINE),
            "screening_reasons")


def test_the_interventions_manager_oversees_and_allocates(as_user):
    case_id = screened(as_user)
    manager = as_user(EH_TM)
    refused(manager.complete("interventions_manager_oversight", case_id, joint_working_decision=ACCEPT,
                             interventions_manager_role="Team Manager"), "allocated_practitioner")
    ok(manager.complete("interventions_manager_oversight", case_id, joint_working_decision=ACCEPT,
                        interventions_manager_role="Locality Manager", allocated_practitioner="Demo EH Practitioner"))
    assert pathways(manager, case_id) == {JOINT: "complete"}


def test_overriding_the_screening_needs_a_reason(as_user):
    case_id = screened(as_user)
    manager = as_user(EH_TM)
    refused(manager.complete("interventions_manager_oversight", case_id, joint_working_decision=DECLINE,
                             interventions_manager_role="Team Leader"), "oversight_comments")
    ok(manager.complete("interventions_manager_oversight", case_id, joint_working_decision=DECLINE,
                        interventions_manager_role="Team Leader", oversight_comments="Needs are escalating"))
