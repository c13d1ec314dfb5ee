"""Camden §6: resolving professional differences, climbing the pack's escalation ladder, through the public API."""
from test_camden_daily_discussion_meeting import presented
from test_camden_step_up_decision import (EH, EH_SERVICE_MANAGER, MASH_MANAGER, URGENT, URGENT_DISCUSSION,
                                          concerns_raised, decide, form_of, ok, pathways, refused)

CSSW_SERVICE_MANAGER = "camden-cssw-service-manager"
DIFFERENCES = "camden/resolving_professional_differences"
STEP_UP = "camden/step_up_to_mash"
NO_AGREEMENT = "No agreement: resolve the professional difference"
VIEWS = {"difference_summary": "Fictional: whether threshold is met", "early_help_view": "Step up (fictional)",
         "mash_view": "Stay with Early Help (fictional)"}


def difference_from_the_daily_meeting(as_user):
    case_id = presented(as_user)
    ok(as_user(MASH_MANAGER).complete("daily_meeting_decision", case_id, chaired_by="Demo MASH Manager",
                                      meeting_outcome=NO_AGREEMENT, lived_experience_considered=True,
                                      early_help_stays_involved="No", meeting_minutes="We disagree (fictional)"))
    return case_id


def recorded(as_user, case_id, stage="Daily discussion meeting"):
    manager = as_user(MASH_MANAGER)
    assert form_of(manager, "record_professional_difference", case_id)["prefilled"]["difference_stage"] == stage
    ok(manager.complete("record_professional_difference", case_id, difference_stage=stage, **VIEWS))


def test_no_agreement_at_the_daily_meeting_starts_the_escalation_procedure(as_user):
    case_id = difference_from_the_daily_meeting(as_user)
    assert pathways(as_user(EH), case_id)[DIFFERENCES] == "running"
    recorded(as_user, case_id)
    assert as_user(EH_SERVICE_MANAGER).task("managers_resolve_difference", case_id)["role"] == \
        "Early Help Service Manager"


def test_no_agreement_at_the_urgent_stage_starts_it_too(as_user):
    case_id = concerns_raised(as_user)
    ok(decide(as_user, case_id, escalation_decision=URGENT))
    ok(as_user(EH).complete("urgent_discussion_with_mash", case_id, **{**URGENT_DISCUSSION, "urgent_outcome":
                                                                       NO_AGREEMENT}, recorded_on_childs_file=True))
    recorded(as_user, case_id, stage="Urgent case")


def test_managers_resolving_to_step_up_start_step_up_to_mash(as_user):
    case_id = difference_from_the_daily_meeting(as_user)
    recorded(as_user, case_id)
    managers = as_user(EH_SERVICE_MANAGER)
    refused(managers.complete("managers_resolve_difference", case_id, resolution_discussion="Agreed (fictional)",
                              resolution="Resolved: step up to MASH"), "reason")
    ok(managers.complete("managers_resolve_difference", case_id, resolution_discussion="Agreed (fictional)",
                         resolution="Resolved: step up to MASH", reason="CIN"))
    assert pathways(as_user(EH), case_id)[DIFFERENCES] == "complete"
    assert form_of(as_user(EH), "send_step_up_to_mash", case_id)["prefilled"]["reason"] == "CIN"


def test_an_unresolved_difference_climbs_to_the_cssw_service_manager_whose_decision_is_final(as_user):
    case_id = difference_from_the_daily_meeting(as_user)
    recorded(as_user, case_id)
    ok(as_user(EH_SERVICE_MANAGER).complete("managers_resolve_difference", case_id, resolution_discussion="No",
                                            resolution="Not resolved: escalate"))
    top = as_user(CSSW_SERVICE_MANAGER)
    assert top.task("service_manager_resolves_difference", case_id)["role"] == "CSSW Service Manager"
    ok(top.complete("service_manager_resolves_difference", case_id, final_discussion="Fictional rationale",
                    final_resolution="Resolved: stays with Early Help"))
    assert pathways(as_user(EH), case_id)[DIFFERENCES] == "complete"
    assert STEP_UP not in pathways(as_user(EH), case_id)
