"""Diagram description: Manchester §4.3, stepping up from Early Help interventions.

Regenerate: python tools/draw_bpmn.py tools/drawings/manchester/step_up_from_interventions.py > bpmn/manchester/step_up_from_interventions.bpmn
"""
PROCESS = ("manchester_step_up_from_interventions", "Step-up from Early Help interventions")
LANES = ["Early Help Practitioner", "Early Help Team Manager", "Early Help Senior Social Worker",
         "Early Help Social Worker"]
EHP, EHTM, SSW, EHSW = range(4)
NODES = [
    ("concerns_raised", "startEvent", "Concerns raised, or the plan is not working", EHP, 0, 0),
    ("raise_intervention_concern", "userTask", "Record the concerns", EHP, 1, 0),
    ("child_protection_route", "exclusiveGateway", "Child protection concern?", EHP, 2, 0),
    ("referred_without_delay", "endEvent", "Referred to the Contact Centre / MASH without delay", EHP, 2, 1),
    ("hold_taf_meeting", "userTask", "TAF meeting (within 5 working days)", EHP, 3, 0),
    ("taf_meeting_overdue", "userTask", "Escalation: TAF meeting not held in 5 working days", EHTM, 4, 0),
    ("taf_meeting_chased", "endEvent", "Chased", EHTM, 5, 0),
    ("senior_social_worker_consultation", "userTask", "Signs of Safety consultation", SSW, 5, 0),
    ("early_help_social_worker_step_up_decision", "userTask", "Case note; statutory intervention?", EHSW, 6, 0),
    ("decision_route", "exclusiveGateway", "Decision?", EHSW, 7, 0),
    ("contact_record_started", "endEvent", "Contact Information record to the area team", EHSW, 8, 0),
    ("differences_started", "endEvent", "Escalation of professional differences", EHSW, 8, 1),
    ("continues_in_early_help", "endEvent", "Continues in Early Help (revised plan)", EHSW, 8, 2),
]
FLOWS = [
    ("flow_to_concern", "concerns_raised", "raise_intervention_concern", None, None, False),
    ("flow_to_cp_route", "raise_intervention_concern", "child_protection_route", None, None, False),
    ("flow_child_protection", "child_protection_route", "referred_without_delay", "Yes",
     'child_protection_concern == "Yes"', False),
    ("flow_to_taf", "child_protection_route", "hold_taf_meeting", "No", None, True),
    ("flow_to_consultation", "hold_taf_meeting", "senior_social_worker_consultation", None, None, False),
    ("flow_to_taf_overdue", "taf_past_deadline", "taf_meeting_overdue", None, None, False),
    ("flow_to_taf_chased", "taf_meeting_overdue", "taf_meeting_chased", None, None, False),
    ("flow_to_decision", "senior_social_worker_consultation", "early_help_social_worker_step_up_decision", None, None,
     False),
    ("flow_to_decision_route", "early_help_social_worker_step_up_decision", "decision_route", None, None, False),
    ("flow_statutory", "decision_route", "contact_record_started", "Statutory",
     'intervention_decision == "Statutory intervention needed: Contact Information record to the area social '
     'work team"', False),
    ("flow_differ", "decision_route", "differences_started", "Professionals differ",
     'intervention_decision == "Professionals differ about the level of need: escalate (§6)"', False),
    ("flow_continue", "decision_route", "continues_in_early_help", "Revised plan", None, True),
]
TIMERS = [
    ("taf_past_deadline", "5 working days from the concern", "hold_taf_meeting", "timeDate", "taf_due_at", False),
]
DOCS = {
    "raise_intervention_concern": "§4.3: concerns raised or the Early Help plan not working; a child protection "
                                  "concern goes to the Contact Centre / MASH without delay.",
    "hold_taf_meeting": "§4.3: a Team Around the Family meeting within 5 working days of the issues being raised "
                        "(a later date is refused); the Senior Social Worker attends when issues are complex.",
    "senior_social_worker_consultation": "§4.3.1: strengths, danger / risk and what needs to happen (Signs of Safety).",
    "early_help_social_worker_step_up_decision": "§4.3.1: the consultation recorded on a case note; statutory need "
                                                 "goes direct to the area team (Contact Information record).",
}
