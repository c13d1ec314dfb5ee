"""Manchester pack: step-down and step-up between the Early Help Hubs and Children's Social Care,
joint working and the escalation of professional differences (Manchester protocol)."""
from . import area_team, contact_centre, differences, escalations, interventions, joint_working, triage

HANDLERS = {
    # §4-§6 step-up, joint working, differences
    # §4.2: step-up from Early Help triage (bpmn/manchester/step_up_from_triage.bpmn).
    "record_triage_concern": triage.record_triage_concern,
    "early_help_social_worker_triage_decision": triage.early_help_social_worker_triage_decision,
    "mash_case_discussion": triage.mash_case_discussion,
    "mash_discussion_overdue": escalations.mash_discussion_overdue,
    # §4.2.1, §4.3: a child protection concern to the Contact Centre (bpmn/manchester/contact_centre_referral.bpmn).
    "contact_centre_child_protection_referral": contact_centre.contact_centre_child_protection_referral,
    "contact_centre_decision_overdue": escalations.contact_centre_decision_overdue,
    # §4.3: step-up from Early Help interventions (bpmn/manchester/step_up_from_interventions.bpmn).
    "raise_intervention_concern": interventions.raise_intervention_concern,
    "hold_taf_meeting": interventions.hold_taf_meeting,
    "taf_meeting_overdue": escalations.taf_meeting_overdue,
    "senior_social_worker_consultation": interventions.senior_social_worker_consultation,
    "early_help_social_worker_step_up_decision": interventions.early_help_social_worker_step_up_decision,
    # §4.2, §4.3.1, §4.4: the Contact Information record to the area team (bpmn/manchester/area_team_contact.bpmn).
    "send_contact_information_record": area_team.send_contact_information_record,
    "area_team_contact_decision": area_team.area_team_contact_decision,
    "contact_decision_overdue": escalations.contact_decision_overdue,
    "conclude_child_and_family_assessment": area_team.conclude_child_and_family_assessment,
    "assessment_overdue": escalations.assessment_overdue,
    # §5: joint working (bpmn/manchester/joint_working.bpmn).
    "request_joint_working": joint_working.request_joint_working,
    "screen_joint_working_request": joint_working.screen_joint_working_request,
    "interventions_manager_oversight": joint_working.interventions_manager_oversight,
    # §6: escalation of professional differences (bpmn/manchester/professional_differences.bpmn).
    "record_professional_difference": differences.record_professional_difference,
    "triage_managers_resolve_difference": differences.triage_managers_resolve_difference,
    "interventions_managers_resolve_difference": differences.interventions_managers_resolve_difference,
    "senior_managers_resolve_difference": differences.senior_managers_resolve_difference,
    "final_decision_on_difference": differences.final_decision_on_difference,
}
