"""Diagram description: Manchester §6, escalation of professional differences (48 hours a tier).

Regenerate: python tools/draw_bpmn.py tools/drawings/manchester/professional_differences.py > bpmn/manchester/professional_differences.bpmn
"""
PROCESS = ("manchester_professional_differences", "Escalation of professional differences")
# The locality manager's lane sits between the two team-manager lanes, so both stages climb into
# it without crossing each other.
LANES = ["Early Help Social Worker", "MASH Team Manager", "Hub Locality Manager", "Early Help Team Manager",
         "Strategic Head of Early Help"]
EHSW, MTM, HLM, EHTM, SH = range(5)
ESCALATE = '"Not agreed: escalate to the next tier"'
NODES = [
    ("professionals_differ", "startEvent", "Professionals differ about the level of need or response", EHSW, 0, 0),
    ("record_professional_difference", "userTask", "Record the professional difference", EHSW, 1, 0),
    ("stage_route", "exclusiveGateway", "Stage?", EHSW, 2, 0),
    ("triage_managers_resolve_difference", "userTask", "Resolve the difference at triage (48 hours)", MTM, 3, 0),
    ("triage_route", "exclusiveGateway", "Agreed?", MTM, 4, 0),
    ("agreed_at_triage", "endEvent", "Agreed", MTM, 5, 0),
    ("interventions_managers_resolve_difference", "userTask", "Resolve the difference at interventions (48 hours)",
     EHTM, 3, 0),
    ("interventions_route", "exclusiveGateway", "Agreed?", EHTM, 4, 0),
    ("agreed_at_interventions", "endEvent", "Agreed", EHTM, 5, 0),
    ("to_senior_managers", "exclusiveGateway", "Team managers cannot agree", HLM, 5, 0),
    ("senior_managers_resolve_difference", "userTask", "Resolve the difference: locality manager and head of "
     "service (48 hours)", HLM, 6, 0),
    ("senior_route", "exclusiveGateway", "Agreed?", HLM, 7, 0),
    ("agreed_by_senior_managers", "endEvent", "Agreed", HLM, 8, 0),
    ("to_final_decision", "exclusiveGateway", "Still not agreed", SH, 8, 0),
    ("final_decision_on_difference", "userTask", "Final decision: strategic head and deputy director", SH, 9, 0),
    ("decided", "endEvent", "Decided (final)", SH, 10, 0),
]
FLOWS = [
    ("flow_to_record", "professionals_differ", "record_professional_difference", None, None, False),
    ("flow_to_stage_route", "record_professional_difference", "stage_route", None, None, False),
    ("flow_triage", "stage_route", "triage_managers_resolve_difference", "Triage", 'difference_stage == "Triage"',
     False),
    ("flow_interventions", "stage_route", "interventions_managers_resolve_difference", "Interventions", None, True),
    ("flow_to_triage_route", "triage_managers_resolve_difference", "triage_route", None, None, False),
    ("flow_triage_agreed", "triage_route", "agreed_at_triage", "Agreed", None, True),
    ("flow_triage_escalate", "triage_route", "to_senior_managers", "Not agreed", "resolution == " + ESCALATE, False),
    ("flow_to_interventions_route", "interventions_managers_resolve_difference", "interventions_route", None, None,
     False),
    ("flow_interventions_agreed", "interventions_route", "agreed_at_interventions", "Agreed", None, True),
    ("flow_interventions_escalate", "interventions_route", "to_senior_managers", "Not agreed",
     "resolution == " + ESCALATE, False),
    ("flow_triage_48_hours", "triage_48_hours_passed", "to_senior_managers", None, None, False),
    ("flow_interventions_48_hours", "interventions_48_hours_passed", "to_senior_managers", None, None, False),
    ("flow_to_senior_managers", "to_senior_managers", "senior_managers_resolve_difference", None, None, False),
    ("flow_to_senior_route", "senior_managers_resolve_difference", "senior_route", None, None, False),
    ("flow_senior_agreed", "senior_route", "agreed_by_senior_managers", "Agreed", None, True),
    ("flow_senior_escalate", "senior_route", "to_final_decision", "Not agreed", "resolution == " + ESCALATE, False),
    ("flow_senior_48_hours", "senior_48_hours_passed", "to_final_decision", None, None, False),
    ("flow_to_final_decision", "to_final_decision", "final_decision_on_difference", None, None, False),
    ("flow_decided", "final_decision_on_difference", "decided", None, None, False),
]
# Interrupting: §6 wants the difference resolved within 48 hours at each tier, so an unresolved
# difference leaves that tier and goes up. The top tier decides; there is nobody above it.
TIMERS = [
    ("triage_48_hours_passed", "48 hours", "triage_managers_resolve_difference", "timeDate", "hours(48)", True),
    ("interventions_48_hours_passed", "48 hours", "interventions_managers_resolve_difference", "timeDate",
     "hours(48)", True),
    ("senior_48_hours_passed", "48 hours", "senior_managers_resolve_difference", "timeDate", "hours(48)", True),
]
DOCS = {
    "record_professional_difference": "§6.1: front-line practitioners differ about the level of need and the "
                                      "response; resolved within 48 hours to avoid drift, especially on step-ups.",
    "triage_managers_resolve_difference": "§6.2: the Early Help Hub Social Worker, the Contact Centre / MASH Early "
                                          "Help Coordinator and the relevant Team Managers. Agreed social work "
                                          "starts the Contact Information record.",
    "interventions_managers_resolve_difference": "§6.3: the Early Help Hub Social Worker, the Early Help Team "
                                                 "Manager and the relevant Locality Social Work Team Manager.",
    "senior_managers_resolve_difference": "§6.4: the Hub Locality Manager and the Locality Social Work Head of "
                                          "Service (both told).",
    "final_decision_on_difference": "§6.5: the Strategic Head of Early Help and the Deputy Director of Children's "
                                    "Social Care are the final decision makers (both told).",
}
