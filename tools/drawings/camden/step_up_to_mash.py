"""Diagram description: Camden Appendix 1, Step Up to MASH (CP and CIN), with its statutory clocks.

Regenerate: python tools/draw_bpmn.py tools/drawings/camden/step_up_to_mash.py > bpmn/camden/step_up_to_mash.bpmn
"""
PROCESS = ("camden_step_up_to_mash", "Step Up to MASH (CP and CIN)")
LANES = ["Early Help Manager", "MASH Manager", "MASH Social Worker", "Duty Manager of the Receiving Team",
         "CSSW Service Manager", "Early Help Service Manager"]
EH, MM, SW, DM, SM, EHSM = range(6)
NODES = [
    ("step_up_decided", "startEvent", "Early Help decides to step up", EH, 0, 0),
    ("send_step_up_to_mash", "userTask", "Step Up to MASH", EH, 1, 0),
    ("mash_contact_and_referral", "userTask", "MASH contact and referral (CSSW)", MM, 2, 0),
    ("write_summary", "userTask", "Write summary (MASH contact and referral sections)", SW, 3, 0),
    ("mash_manager_decision", "userTask", "MASH Manager Decision", MM, 4, 0),
    ("cp_or_cin", "exclusiveGateway", "What does the MASH decide?", MM, 5, 0),
    ("take_back_into_early_help", "userTask", "Take the family back into Early Help", EH, 6, 0),
    ("back_with_early_help", "endEvent", "Back with Early Help", EH, 7, 0),
    ("advice_given", "endEvent", "No further action: advice given to the referrer", MM, 6, 1),
    ("cp_next_actions", "parallelGateway", "CP: both next actions", MM, 6, 0),
    ("strategy_discussion", "userTask", "Strategy discussion (CSSW)", MM, 7, 0),
    ("section_47_started", "exclusiveGateway", "Section 47 enquiries?", MM, 8, 0),
    ("strategy_discussion_held", "endEvent", "Strategy discussion held", MM, 9, 0),
    ("assessment_route", "exclusiveGateway", "Assessment route merge", DM, 7, 0),
    ("child_and_family_assessment", "userTask", "Child and family assessment (CSSW)", DM, 8, 0),
    ("conclude_child_and_family_assessment", "userTask", "Child and family assessment concluded", DM, 9, 0),
    ("assessment_concluded", "endEvent", "Assessment concluded", DM, 10, 0),
    ("section_47_enquiry_outcome", "userTask", "Outcome of the section 47 enquiries", DM, 9, 1),
    ("conference_needed_gateway", "exclusiveGateway", "Conference needed?", DM, 10, 1),
    ("initial_child_protection_conference", "userTask", "Initial child protection conference", DM, 11, 1),
    ("conference_held", "endEvent", "Conference held", DM, 12, 1),
    ("no_conference", "endEvent", "No conference needed", DM, 11, 2),
    ("step_up_episode_overdue", "userTask", "Escalation: step-up episode not completed today", EHSM, 2, 0),
    ("episode_escalation_done", "endEvent", "Escalation handled", EHSM, 3, 0),
    ("decision_late", "exclusiveGateway", "Decision late", SM, 5, 0),
    ("mash_decision_overdue", "userTask", "Escalation: MASH decision not made within 1 working day of the contact",
     SM, 6, 0),
    ("decision_escalation_done", "endEvent", "Escalation handled", SM, 7, 0),
    ("assessment_overdue", "userTask", "Escalation: child and family assessment past 45 working days", SM, 10, 0),
    ("assessment_escalation_done", "endEvent", "Escalation handled", SM, 11, 0),
    ("conference_late", "exclusiveGateway", "Conference late", SM, 12, 1),
    ("icpc_overdue", "userTask", "Escalation: initial child protection conference past 15 working days", SM, 13, 1),
    ("icpc_escalation_done", "endEvent", "Escalation handled", SM, 14, 1),
]
TIMERS = [
    ("episode_not_completed_today", "End of the day", "send_step_up_to_mash", "timeDate", "end_of_day()", False),
    ("summary_past_decision_deadline", "1 working day from the contact", "write_summary", "timeDate",
     "working_days_from(contact_received_at, 1)", False),
    ("decision_past_deadline", "1 working day from the contact", "mash_manager_decision", "timeDate",
     "working_days_from(contact_received_at, 1)", False),
    ("assessment_past_deadline", "45 working days from the referral", "conclude_child_and_family_assessment",
     "timeDate", "working_days_from(contact_received_at, 45)", False),
    ("enquiries_past_conference_deadline", "15 working days from the strategy discussion",
     "section_47_enquiry_outcome", "timeDate", "working_days_from(held_at, 15)", False),
    ("conference_past_deadline", "15 working days from the strategy discussion",
     "initial_child_protection_conference", "timeDate", "working_days_from(held_at, 15)", False),
]
FLOWS = [
    ("flow_to_step_up", "step_up_decided", "send_step_up_to_mash", None, None, False),
    ("flow_step_up_sent", "send_step_up_to_mash", "mash_contact_and_referral", None, None, False),
    ("flow_pass_to_social_worker", "mash_contact_and_referral", "write_summary",
     "Pass to social worker to write summary", None, False),
    ("flow_request_decision", "write_summary", "mash_manager_decision", "Request MASH Manager Decision", None,
     False),
    ("flow_to_cp_or_cin", "mash_manager_decision", "cp_or_cin", None, None, False),
    ("flow_cp", "cp_or_cin", "cp_next_actions", "CP", 'next_actions == "CP"', False),
    ("flow_cin", "cp_or_cin", "assessment_route", "CIN", None, True),
    ("flow_advice", "cp_or_cin", "advice_given", "No further action: advice to the referrer",
     'next_actions == "No further action: advice to the referrer"', False),
    ("flow_back_to_early_help", "cp_or_cin", "take_back_into_early_help", "Back to Early Help",
     'next_actions == "Back to Early Help"', False),
    ("flow_taken_back", "take_back_into_early_help", "back_with_early_help", None, None, False),
    ("flow_cp_strategy", "cp_next_actions", "strategy_discussion", None, None, False),
    ("flow_cp_assessment", "cp_next_actions", "assessment_route", None, None, False),
    ("flow_strategy_done", "strategy_discussion", "section_47_started", None, None, False),
    ("flow_no_enquiries", "section_47_started", "strategy_discussion_held", "No", None, True),
    ("flow_enquiries", "section_47_started", "section_47_enquiry_outcome", "Yes", 'section_47_enquiry == "Yes"',
     False),
    ("flow_enquiries_done", "section_47_enquiry_outcome", "conference_needed_gateway", None, None, False),
    ("flow_conference", "conference_needed_gateway", "initial_child_protection_conference", "Yes",
     'conference_needed == "Yes"', False),
    ("flow_no_conference", "conference_needed_gateway", "no_conference", "No", None, True),
    ("flow_conference_done", "initial_child_protection_conference", "conference_held", None, None, False),
    ("flow_to_assessment", "assessment_route", "child_and_family_assessment", None, None, False),
    ("flow_assessment_allocated", "child_and_family_assessment", "conclude_child_and_family_assessment", None,
     None, False),
    ("flow_assessment_done", "conclude_child_and_family_assessment", "assessment_concluded", None, None, False),
    ("flow_episode_late", "episode_not_completed_today", "step_up_episode_overdue", None, None, False),
    ("flow_episode_escalated", "step_up_episode_overdue", "episode_escalation_done", None, None, False),
    ("flow_summary_late", "summary_past_decision_deadline", "decision_late", None, None, False),
    ("flow_decision_late", "decision_past_deadline", "decision_late", None, None, False),
    ("flow_escalate_decision", "decision_late", "mash_decision_overdue", None, None, False),
    ("flow_decision_escalated", "mash_decision_overdue", "decision_escalation_done", None, None, False),
    ("flow_assessment_late", "assessment_past_deadline", "assessment_overdue", None, None, False),
    ("flow_assessment_escalated", "assessment_overdue", "assessment_escalation_done", None, None, False),
    ("flow_enquiries_late", "enquiries_past_conference_deadline", "conference_late", None, None, False),
    ("flow_conference_late", "conference_past_deadline", "conference_late", None, None, False),
    ("flow_escalate_conference", "conference_late", "icpc_overdue", None, None, False),
    ("flow_conference_escalated", "icpc_overdue", "icpc_escalation_done", None, None, False),
]
DOCS = {
    "send_step_up_to_mash": ("Camden Appendix 1: the Early Help Manager sends the outcome Step Up to MASH, reason "
                             "CIN or CP. It may be sent immediately from an incomplete step."),
    "mash_contact_and_referral": ("Lands in the MASH Manager's incoming work. Further details about this contact "
                                  "is pre-filled from the Early Help text 'Information for CSSW, if stepping up "
                                  "to MASH'. The contact starts the clocks: decision within 1 working day, child "
                                  "and family assessment within 45 working days."),
    "write_summary": ("The MASH social worker completes the relevant sections of the MASH contact and referral "
                      "(CSSW) and requests the MASH Manager Decision."),
    "mash_manager_decision": ("The MASH Manager authorises the contact and referral and chooses next actions: CP "
                              "gives a strategy discussion and a child and family assessment; CIN gives a child "
                              "and family assessment only; no further action records advice to the referrer; "
                              "back to Early Help returns the family to the Early Help Manager. Due within 1 "
                              "working day of the contact (Working Together 2023)."),
    "step_up_episode_overdue": ("§3: the step-up episode is completed as soon as possible after the decision to "
                                "step up, by the end of the day at the latest."),
    "mash_decision_overdue": "The decision is late; the MASH contact's open task stays where it is.",
    "section_47_enquiry_outcome": "Where the enquiries conclude a conference is needed, the initial child "
                                  "protection conference follows.",
    "initial_child_protection_conference": "Within 15 working days of the strategy discussion "
                                           "(Working Together 2023).",
    "conclude_child_and_family_assessment": "Within 45 working days of the referral (Working Together 2023).",
}
