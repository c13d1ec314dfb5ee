"""Camden pack: stepping families up from Early Help to CSSW (§2-§6 and Appendix 1 of Camden's guidance)."""
from . import (daily_discussion_meeting, differences, escalations, immediate_concern, mash_contact_and_referral,
               mash_manager_decision, next_actions, notifications, step_up_decision, step_up_to_mash)

HANDLERS = {
    # Appendix 1: Step Up to MASH (bpmn/camden/step_up_to_mash.bpmn).
    "send_step_up_to_mash": step_up_to_mash.send_step_up,
    "mash_contact_and_referral": mash_contact_and_referral.contact_and_referral,
    "write_summary": mash_contact_and_referral.write_summary,
    "mash_manager_decision": mash_manager_decision.decision,
    "take_back_into_early_help": mash_manager_decision.take_back_into_early_help,
    "strategy_discussion": next_actions.strategy_discussion,
    "section_47_enquiry_outcome": next_actions.section_47_enquiry_outcome,
    "initial_child_protection_conference": next_actions.initial_child_protection_conference,
    "child_and_family_assessment": next_actions.child_and_family_assessment,
    "conclude_child_and_family_assessment": next_actions.conclude_child_and_family_assessment,
    "mash_decision_overdue": escalations.mash_decision_overdue,
    "assessment_overdue": escalations.assessment_overdue,
    "icpc_overdue": escalations.icpc_overdue,
    "step_up_episode_overdue": escalations.step_up_episode_overdue,
    # §2 and §4: the step-up decision (bpmn/camden/step_up_decision.bpmn).
    "raise_new_concerns": step_up_decision.raise_new_concerns,
    "early_help_manager_decision": step_up_decision.early_help_manager_decision,
    "urgent_discussion_with_mash": step_up_decision.urgent_discussion_with_mash,
    # §3: the daily discussion meeting (bpmn/camden/daily_discussion_meeting.bpmn).
    "present_at_daily_meeting": daily_discussion_meeting.present_at_daily_meeting,
    "daily_meeting_decision": daily_discussion_meeting.daily_meeting_decision,
    "review_after_daily_meeting": daily_discussion_meeting.review_after_daily_meeting,
    # §5: notifications on open Early Help families (bpmn/camden/notification_on_open_case.bpmn).
    "complete_notification": notifications.complete_notification,
    "mash_eh_discussion": notifications.mash_eh_discussion,
    # §6: resolving professional differences (bpmn/camden/resolving_professional_differences.bpmn).
    "record_professional_difference": differences.record_professional_difference,
    "managers_resolve_difference": differences.managers_resolve_difference,
    "service_manager_resolves_difference": differences.service_manager_resolves_difference,
    # The safeguarding override (bpmn/camden/immediate_safeguarding_concern.bpmn).
    "immediate_concern_mash_decision": immediate_concern.decision,
    "immediate_concern_decision_overdue": immediate_concern.overdue,
}
