"""Knowsley pack: step-up from Family First 0-18 to Children's Social Care and step-down back (§2-§5)."""
from . import (after_step_down, assessment, assessment_step_down, escalation, immediate_concern, management_oversight,
               step_down, step_up_decision, step_up_request, taf_meeting, transfer, unplanned_contact)

HANDLERS = {
    "discuss_with_team_manager": management_oversight.discuss_with_team_manager,
    "management_oversight": management_oversight.management_oversight,
    "step_up_request": step_up_request.step_up_request,
    "book_step_up_meeting": taf_meeting.book_step_up_meeting,
    "record_step_up_meeting": taf_meeting.record_step_up_meeting,
    "approve_minutes_and_decide": step_up_decision.approve_minutes_and_decide,
    "initiate_transfer": transfer.initiate_transfer,
    "transfer_not_initiated": transfer.transfer_not_initiated,
    "continue_to_manage_case": escalation.continue_to_manage_case,
    "team_manager_escalation": escalation.team_manager_escalation,
    "mash_team_manager_discussion": escalation.mash_team_manager_discussion,
    "c_and_f_assessment_concluded": assessment.c_and_f_assessment_concluded,
    "c_and_f_assessment_overdue": assessment.c_and_f_assessment_overdue,
    # §2: step-down from CIN to Early Help at Level 2 or 3 (bpmn/knowsley/step_down_from_cin.bpmn).
    "notify_early_help_service": step_down.notify_early_help_service,
    "final_cin_meeting": step_down.final_cin_meeting,
    "send_documents": step_down.send_documents,
    "documents_overdue_reminder": step_down.documents_overdue_reminder,
    "documents_overdue_escalation": step_down.documents_overdue_escalation,
    "managers_discuss_step_down": step_down.managers_discuss_step_down,
    "heads_of_service_decision": step_down.heads_of_service_decision,
    # §3: step-down after a C&F assessment (bpmn/knowsley/step_down_after_assessment.bpmn).
    "propose_step_down": assessment_step_down.propose_step_down,
    "level_2_partner_agreement": assessment_step_down.level_2_partner_agreement,
    "joint_home_visit": assessment_step_down.joint_home_visit,
    "transfer_to_ehm": assessment_step_down.transfer_to_ehm,
    "assessment_overdue_before_step_down": assessment_step_down.assessment_overdue_before_step_down,
    # §5: an unplanned contact on an open Early Help case (bpmn/knowsley/unplanned_contact.bpmn).
    "record_unplanned_contact": unplanned_contact.record_unplanned_contact,
    "mash_safeguarding_screening": unplanned_contact.mash_safeguarding_screening,
    "call_review_meeting": unplanned_contact.call_review_meeting,
    "contact_decision_overdue": unplanned_contact.contact_decision_overdue,
    # §2-§3: the receiving service's work (bpmn/knowsley/early_help_after_step_down.bpmn).
    "take_over_as_lead_practitioner": after_step_down.take_over_as_lead_practitioner,
    "first_taf_review": after_step_down.first_taf_review,
    # The safeguarding override (bpmn/knowsley/immediate_safeguarding_concern.bpmn).
    "immediate_concern_mash_decision": immediate_concern.decision,
    "immediate_concern_decision_overdue": immediate_concern.overdue,
}
