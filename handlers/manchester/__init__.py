"""Manchester pack: step-down and step-up between the Early Help Hubs and Children's Social Care."""
from . import allocations, handover, immediate_concern, level_routing, rejected_assessment, step_down_to_early_help

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
}
