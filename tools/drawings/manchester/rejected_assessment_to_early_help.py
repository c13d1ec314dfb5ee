"""First-draft layout of bpmn/manchester/rejected_assessment_to_early_help.bpmn (§3.7).

Regenerate with: python tools/draw_bpmn.py tools/drawings/manchester/rejected_assessment_to_early_help.py > bpmn/manchester/rejected_assessment_to_early_help.bpmn
then move the labels of the arrows leaving each decision onto their last bend; the shipped file has them moved.
"""
PROCESS = ("manchester_rejected_assessment_to_early_help",
           "C&F assessment recommended by MASH, not progressed: to Early Help")
LANES = ["Area Social Worker", "MASH Team Manager", "Locality Social Work Head of Service",
         "Deputy Director of Children's Social Care"]
ASW, MTM, HOS, DD = range(4)
NODES = [
    ("assessment_not_progressed", "startEvent", "Area team does not progress the C&F assessment", ASW, 0, 0),
    ("discuss_with_mash_team_manager", "userTask", "Discuss the change of outcome with the MASH team manager",
     ASW, 1, 0),
    ("mash_team_manager_case_note", "userTask", "Agree the outcome and record the case note", MTM, 2, 0),
    ("outcome_agreed", "exclusiveGateway", "Does not progress?", MTM, 3, 0),
    ("assessment_goes_ahead", "endEvent", "C&F assessment goes ahead", MTM, 4, 1),
    ("agree_early_help_plan", "userTask", "Agree Early Help with the hub and write the plan", ASW, 4, 0),
    ("early_help_agreed", "endEvent", "Early Help agreed, plan written", ASW, 5, 0),
    ("rejected_assessment_escalated", "userTask", "Escalation: unresolved after 24 hours", HOS, 3, 0),
    ("escalation_resolved", "endEvent", "Resolved by senior management", HOS, 4, 0),
    ("rejected_assessment_overdue", "userTask", "Escalation: unresolved 24 hours after escalation", DD, 4, 0),
    ("final_escalation_resolved", "endEvent", "Resolved", DD, 5, 0),
]
TIMERS = [
    ("resolution_due", "24 hours from the decision", "mash_team_manager_case_note", "timeDate", "resolve_by", False),
    ("escalated_resolution_due", "A further 24 hours", "rejected_assessment_escalated", "timeDate",
     "escalated_resolve_by", False),
]
FLOWS = [
    ("flow_to_discussion", "assessment_not_progressed", "discuss_with_mash_team_manager", None, None, False),
    ("flow_to_case_note", "discuss_with_mash_team_manager", "mash_team_manager_case_note", None, None, False),
    ("flow_to_agreed", "mash_team_manager_case_note", "outcome_agreed", None, None, False),
    ("flow_goes_ahead", "outcome_agreed", "assessment_goes_ahead", "Not agreed",
     'mash_decision == "Not agreed: the C&F assessment goes ahead"', False),
    ("flow_to_plan", "outcome_agreed", "agree_early_help_plan", "Agreed", None, True),
    ("flow_plan_done", "agree_early_help_plan", "early_help_agreed", None, None, False),
    ("flow_escalate", "resolution_due", "rejected_assessment_escalated", None, None, False),
    ("flow_escalation_done", "rejected_assessment_escalated", "escalation_resolved", None, None, False),
    ("flow_escalate_further", "escalated_resolution_due", "rejected_assessment_overdue", None, None, False),
    ("flow_final_done", "rejected_assessment_overdue", "final_escalation_resolved", None, None, False),
]
DOCS = {
    "mash_team_manager_case_note": "§3.7.1 (i): the case note is recorded by the MASH Team Manager. §3.7.2: resolved "
                                   "within 24 hours of the decision not to progress.",
    "rejected_assessment_escalated": "§3.7.2: escalated to senior management, resolved within a further 24 hours.",
}
