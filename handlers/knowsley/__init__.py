"""Knowsley pack: planned step-up from Family First 0-18 to Children's Social Care (§4, Appendices 1-2)."""
from . import (escalation, immediate_concern, management_oversight, step_up_decision, step_up_request, taf_meeting,
               transfer)

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
    # The safeguarding override (bpmn/knowsley/immediate_safeguarding_concern.bpmn).
    "immediate_concern_mash_decision": immediate_concern.decision,
}
