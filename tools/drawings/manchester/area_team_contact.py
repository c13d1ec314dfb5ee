"""Diagram description: Manchester §4.2, §4.3.1 and §4.4, the Contact Information record to the area social work team.

Regenerate: python tools/draw_bpmn.py tools/drawings/manchester/area_team_contact.py > bpmn/manchester/area_team_contact.bpmn
"""
PROCESS = ("manchester_area_team_contact", "Contact Information record to the area social work team")
LANES = ["Early Help Social Worker", "Locality Social Work Team Manager", "Area Social Worker",
         "Locality Social Work Head of Service"]
EHSW, TM, ASW, HOS = range(4)
NODES = [
    ("step_up_needed", "startEvent", "Step-up to social work", EHSW, 0, 0),
    ("send_contact_information_record", "userTask", "Send the Contact Information record", EHSW, 1, 0),
    ("area_team_contact_decision", "userTask", "Decide on the contact (1 working day)", TM, 2, 0),
    ("decision_route", "exclusiveGateway", "Decision?", TM, 3, 0),
    ("strategy_discussion_needed", "endEvent", "Strategy discussion (child protection)", TM, 4, 0),
    ("differences_started", "endEvent", "Escalation of professional differences", TM, 4, 1),
    ("back_to_early_help", "endEvent", "Advice: back to Early Help", TM, 4, 2),
    ("assessment_overdue", "userTask", "Escalation: assessment past 45 working days", TM, 5, 1),
    ("assessment_chased", "endEvent", "Chased", TM, 6, 1),
    ("conclude_child_and_family_assessment", "userTask", "Child and family assessment (45 working days)", ASW, 4, 0),
    ("assessment_concluded", "endEvent", "Assessment concluded", ASW, 5, 0),
    ("contact_decision_overdue", "userTask", "Escalation: no decision within 1 working day", HOS, 3, 0),
    ("contact_decision_chased", "endEvent", "Chased", HOS, 4, 0),
]
FLOWS = [
    ("flow_to_contact_record", "step_up_needed", "send_contact_information_record", None, None, False),
    ("flow_to_area_team", "send_contact_information_record", "area_team_contact_decision", None, None, False),
    ("flow_to_decision_route", "area_team_contact_decision", "decision_route", None, None, False),
    ("flow_assessment", "decision_route", "conclude_child_and_family_assessment", "Assessment",
     'contact_decision == "Child and family assessment"', False),
    ("flow_strategy", "decision_route", "strategy_discussion_needed", "Strategy discussion",
     'contact_decision == "Strategy discussion (child protection)"', False),
    ("flow_differ", "decision_route", "differences_started", "We differ",
     'contact_decision == "We differ from Early Help: escalate (§6)"', False),
    ("flow_advice", "decision_route", "back_to_early_help", "Advice", None, True),
    ("flow_to_concluded", "conclude_child_and_family_assessment", "assessment_concluded", None, None, False),
    ("flow_to_contact_overdue", "decision_past_deadline", "contact_decision_overdue", None, None, False),
    ("flow_to_contact_chased", "contact_decision_overdue", "contact_decision_chased", None, None, False),
    ("flow_to_assessment_overdue", "assessment_past_deadline", "assessment_overdue", None, None, False),
    ("flow_to_assessment_chased", "assessment_overdue", "assessment_chased", None, None, False),
]
TIMERS = [
    ("decision_past_deadline", "1 working day from the contact", "area_team_contact_decision", "timeDate",
     "decision_due_at", False),
    ("assessment_past_deadline", "45 working days from the contact", "conclude_child_and_family_assessment",
     "timeDate", "assessment_due_at", False),
]
DOCS = {
    "send_contact_information_record": "§4.2, §4.3.1: the Early Help Social Worker refers direct to the area team "
                                       "on Micare. §4.4: stepped down by a team within 3 months, it goes back to "
                                       "that team. The contact starts the decision and assessment clocks.",
    "area_team_contact_decision": "A decision on the response within 1 working day of the contact.",
    "conclude_child_and_family_assessment": "Concluded within 45 working days of the contact.",
    "differences_started": "Hands on to the escalation of professional differences (§6).",
}
