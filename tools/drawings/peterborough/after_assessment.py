"""First-draft layout of bpmn/peterborough/after_assessment.bpmn (§2: after a Child and Family Assessment).

Regenerate with: python tools/draw_bpmn.py tools/drawings/peterborough/after_assessment.py > bpmn/peterborough/after_assessment.bpmn
then move each decision label onto its arrow's last bend and each gateway's name above its diamond
(arrows leaving one gateway downwards share a first point, so the drawn labels overlap); the shipped
file has them moved.
"""
PROCESS = ("peterborough_after_assessment", "Stepping down after a Child and Family Assessment")
LANES = ["Social Worker", "Assessment Team Manager", "Multi-Agency Support Group"]
SW, ATM, MASG = range(3)
NODES = [
    ("assessment_under_way", "startEvent", "C&F Assessment under way", SW, 0, 0),
    ("record_referral", "userTask", "Record the referral the assessment follows", SW, 1, 0),
    ("conclude_assessment", "userTask", "Conclude the Child and Family Assessment", SW, 2, 0),
    ("continuing_support", "exclusiveGateway", "Continuing support?", SW, 3, 0),
    ("csc_involvement_continues", "endEvent", "CSC involvement continues", SW, 4, 0),
    ("referred_to_single_agency", "endEvent", "Referred to a single agency; outcome NFA", SW, 4, 1),
    ("assessment_overdue", "userTask", "Escalation: the assessment is past 45 working days", ATM, 4, 0),
    ("assessment_escalation_handled", "endEvent", "Escalation handled", ATM, 5, 0),
    ("masg_hearing", "userTask", "Multi-Agency Support Group: hear the case", MASG, 4, 0),
    ("masg_decision", "exclusiveGateway", "Accepted for discussion?", MASG, 5, 0),
    ("closed_to_csc", "endEvent", "Closed to CSC: with Early Help", MASG, 6, 0),
    ("not_accepted_at_masg", "endEvent", "Not accepted: stays with CSC", MASG, 6, 1),
]
TIMERS = [
    ("assessment_due", "Assessment due: 45 working days", "conclude_assessment", "timeDate", "working_days_from(referral_received_at, 45)",
     False),
]
FLOWS = [
    ("flow_to_record_referral", "assessment_under_way", "record_referral", None, None, False),
    ("flow_to_conclusion", "record_referral", "conclude_assessment", None, None, False),
    ("flow_to_support", "conclude_assessment", "continuing_support", None, None, False),
    ("flow_csc", "continuing_support", "csc_involvement_continues", "CSC involvement continues", None, True),
    ("flow_single_agency", "continuing_support", "referred_to_single_agency", "Single agency",
     'support_route == "single_agency"', False),
    ("flow_masg", "continuing_support", "masg_hearing", "Multi-agency support plan", 'support_route == "masg"',
     False),
    ("flow_to_masg_decision", "masg_hearing", "masg_decision", None, None, False),
    ("flow_accepted", "masg_decision", "closed_to_csc", "Accepted", "masg_accepted == True", False),
    ("flow_not_accepted", "masg_decision", "not_accepted_at_masg", "Not accepted", None, True),
    ("flow_assessment_late", "assessment_due", "assessment_overdue", None, None, False),
    ("flow_assessment_escalation_handled", "assessment_overdue", "assessment_escalation_handled", None, None, False),
]
DOCS = {
    "record_referral": "The C&F Assessment's 45 working days run from the referral (Working Together), not from when "
                       "the assessment's task opens. Filled in when a referral handed the case on; recorded here when "
                       "the assessment was started by hand.",
    "assessment_under_way": "Handed on from a referral whose outcome is a C&F Assessment, or started by hand.",
    "conclude_assessment": "§2: within 45 working days of the referral (Working Together). Single agency support: "
                           "the social worker refers the family on and selects NFA. Multi-agency support plan: "
                           "discuss with the Early Help Service first; the outcome must be 'Referral to Early Help' "
                           "(never NFA) and the narrative must record the step-down via the MASG. The parent or carer "
                           "agrees to a continuing support plan and consents to sharing (noted on Liquid Logic).",
    "assessment_overdue": "Tier 2: the 45 working days passed; the assessment stays with the social worker.",
    "masg_hearing": "§2: the MASG hears the case (the social worker presents the needs), identifies the lead "
                    "professional and agrees the resources. The case closes to Children's Social Care once accepted "
                    "for discussion at the MASG.",
}
