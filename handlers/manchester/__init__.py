"""Manchester pack: step-down and step-up between the Early Help Hubs and Children's Social Care,
joint working and the escalation of professional differences (Manchester protocol)."""
from . import (allocations, area_team, contact_centre, differences, escalations, handover, immediate_concern,
               interventions, joint_working, level_routing, rejected_assessment, step_down_to_early_help, triage)

HANDLERS = {
    # §3 step-down and Appendix 1 (Level of Need)
    # Appendix 1: the Level of Need decides the route (bpmn/manchester/level_of_need_decision.bpmn).
    "decide_level_of_need": level_routing.decide_level_of_need,
    "record_written_follow_up": level_routing.record_written_follow_up,
    "written_follow_up_reminder": level_routing.written_follow_up_reminder,
    "written_follow_up_overdue": level_routing.written_follow_up_overdue,
    # §3.1-3.5: Contact Centre / MASH to Early Help (bpmn/manchester/step_down_to_early_help.bpmn).
    "explore_consent": step_down_to_early_help.explore_consent,
    "refer_to_early_help_hub": step_down_to_early_help.refer_to_early_help_hub,
    "hub_triage": step_down_to_early_help.hub_triage,
    # §3.7: a rejected C&F assessment to Early Help (bpmn/manchester/rejected_assessment_to_early_help.bpmn).
    "discuss_with_mash_team_manager": rejected_assessment.discuss_with_mash_team_manager,
    "mash_team_manager_case_note": rejected_assessment.mash_team_manager_case_note,
    "agree_early_help_plan": rejected_assessment.agree_early_help_plan,
    "rejected_assessment_escalated": rejected_assessment.rejected_assessment_escalated,
    "rejected_assessment_overdue": rejected_assessment.rejected_assessment_overdue,
    # §3.8-3.9 and Appendices 2-3: step-down from a C&F assessment or CIN plan to the Early Help Hub
    # (bpmn/manchester/step_down_to_early_help_hub.bpmn).
    "allocations_pro_forma": allocations.allocations_pro_forma,
    "screen_referral": allocations.screen_referral,
    "allocations_meeting": allocations.allocations_meeting,
    "allocation_overdue": allocations.allocation_overdue,
    "joint_handover": handover.joint_handover,
    "assessment_or_plan": handover.assessment_or_plan,
    "register_early_help_assessment": handover.register_early_help_assessment,
    "registration_overdue": handover.registration_overdue,
    # The safeguarding override (bpmn/manchester/immediate_safeguarding_concern.bpmn).
    "immediate_concern_mash_decision": immediate_concern.decision,
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
