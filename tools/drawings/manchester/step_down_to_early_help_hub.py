"""First-draft layout of bpmn/manchester/step_down_to_early_help_hub.bpmn (§3.8-3.9, Appendices 2-3).

Regenerate with: python tools/draw_bpmn.py tools/drawings/manchester/step_down_to_early_help_hub.py > bpmn/manchester/step_down_to_early_help_hub.bpmn
then move the labels of the arrows leaving each decision onto their last bend; the shipped file has them moved.
"""
PROCESS = ("manchester_step_down_to_early_help_hub", "Step-down from a C&F assessment or CIN plan to the Early Help Hub")
# The practitioner's lane sits above the managers' so each escalation arrow runs down to the tier above.
LANES = ["Area Social Worker", "Early Help Social Worker", "Early Help Practitioner", "Early Help Team Manager",
         "Hub Locality Manager"]
ASW, EHSW, EHP, EHTM, HLM = range(5)
NODES = [
    ("step_down_agreed", "startEvent", "Outcome of a C&F assessment or CIN planning: step down", ASW, 0, 0),
    ("allocations_pro_forma", "userTask", "Complete the Allocations Pro Forma", ASW, 1, 0),
    ("where_to", "exclusiveGateway", "Step down to?", ASW, 2, 0),
    ("early_years_outreach", "endEvent", "Referred to the Early Years Outreach Delivery Model", ASW, 3, 1),
    ("screen_referral", "userTask", "Screen the step-down referral", EHSW, 3, 0),
    ("screened", "exclusiveGateway", "Present to allocations?", EHSW, 4, 0),
    ("advice_given", "endEvent", "Level 3: advice and guidance without allocation", EHSW, 5, 1),
    ("allocations_meeting", "userTask", "Allocations meeting (Thursday)", EHTM, 5, 0),
    ("allocation_overdue", "userTask", "Escalation: not allocated at the meeting", HLM, 6, 0),
    ("allocation_escalation_done", "endEvent", "Escalation handled", HLM, 7, 0),
    ("joint_handover", "userTask", "Joint handover with Social Work", EHP, 6, 0),
    ("assessment_or_plan", "userTask", "Next steps: an assessment or a plan", EHP, 7, 0),
    ("registration_needed", "exclusiveGateway", "Other active EHA?", EHP, 8, 0),
    ("no_registration", "endEvent", "Another EHA is active", EHP, 9, 1),
    ("register_early_help_assessment", "userTask", "Register the Early Help Assessment", EHP, 9, 0),
    ("registered", "endEvent", "Registered", EHP, 10, 0),
    ("registration_overdue", "userTask", "Escalation: the EHA is not registered", EHTM, 10, 0),
    ("registration_escalation_done", "endEvent", "Escalation handled", EHTM, 11, 0),
]
TIMERS = [
    ("allocation_due", "End of the allocations meeting's day", "allocations_meeting", "timeDate",
     "allocation_due_at", False),
    ("registration_due", "6 weeks / 3 months", "register_early_help_assessment", "timeDate", "register_eha_at", False),
]
FLOWS = [
    ("flow_to_pro_forma", "step_down_agreed", "allocations_pro_forma", None, None, False),
    ("flow_to_where", "allocations_pro_forma", "where_to", None, None, False),
    ("flow_early_years", "where_to", "early_years_outreach", "Early Years Outreach (under 5)",
     'step_down_to == "Early Years Outreach Delivery Model (child under 5)"', False),
    ("flow_to_hub", "where_to", "screen_referral", "Early Help Hub", None, True),
    ("flow_to_screened", "screen_referral", "screened", None, None, False),
    ("flow_advice", "screened", "advice_given", "Advice (Level 3)",
     'screening_outcome == "Advice and guidance without allocation (Level 3)"', False),
    ("flow_present", "screened", "allocations_meeting", "Present", None, True),
    ("flow_to_handover", "allocations_meeting", "joint_handover", None, None, False),
    ("flow_allocation_late", "allocation_due", "allocation_overdue", None, None, False),
    ("flow_allocation_escalation_done", "allocation_overdue", "allocation_escalation_done", None, None, False),
    ("flow_to_next_steps", "joint_handover", "assessment_or_plan", None, None, False),
    ("flow_to_registration", "assessment_or_plan", "registration_needed", None, None, False),
    ("flow_other_active", "registration_needed", "no_registration", "Yes", 'registration_needed == "No"', False),
    ("flow_register", "registration_needed", "register_early_help_assessment", "No", None, True),
    ("flow_registered", "register_early_help_assessment", "registered", None, None, False),
    ("flow_registration_late", "registration_due", "registration_overdue", None, None, False),
    ("flow_registration_escalation_done", "registration_overdue", "registration_escalation_done", None, None, False),
]
DOCS = {
    "allocations_pro_forma": "§3.8 and Appendix 2: every field of the Early Help Allocations Pro Forma, with the Signs "
                             "of Safety mapping and the dates for the joint handover. §3.8.6: a child under 5 may go "
                             "to the Early Years Outreach Delivery Model instead.",
    "screen_referral": "§3.8.1: screened by the EH social worker; Level 4 presented at the next allocations meeting "
                       "(within 5 days); Level 3 may get advice and guidance without allocation.",
    "allocations_meeting": "§3.8.2: allocation meetings take place every Thursday in each hub.",
    "joint_handover": "§3.8.3-3.8.5: hand-over with the family involved; EH attends the final CIN meeting.",
    "assessment_or_plan": "§3.9 and Appendix 3: no new EHA after a recent C&F assessment; registration after 6 weeks "
                          "or 3 months.",
}
