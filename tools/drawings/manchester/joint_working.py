"""Diagram description: Manchester §5, joint working of an on-going social work case with Early Help.

Regenerate: python tools/draw_bpmn.py tools/drawings/manchester/joint_working.py > bpmn/manchester/joint_working.bpmn
"""
PROCESS = ("manchester_joint_working", "Joint working with Early Help")
LANES = ["Area Social Worker", "Early Help Social Worker", "Early Help Team Manager"]
ASW, EHSW, EHTM = range(3)
NODES = [
    ("early_help_offer_wanted", "startEvent", "Early Help offer for an on-going social work case", ASW, 0, 0),
    ("request_joint_working", "userTask", "Request joint working (pro forma)", ASW, 1, 0),
    ("screen_joint_working_request", "userTask", "Screen the joint working request", EHSW, 2, 0),
    ("interventions_manager_oversight", "userTask", "Interventions Manager oversight", EHTM, 3, 0),
    ("oversight_route", "exclusiveGateway", "Joint working?", EHTM, 4, 0),
    ("joint_worked", "endEvent", "Joint worked", EHTM, 5, 0),
    ("declined", "endEvent", "Declined", EHTM, 5, 1),
]
FLOWS = [
    ("flow_to_request", "early_help_offer_wanted", "request_joint_working", None, None, False),
    ("flow_to_screening", "request_joint_working", "screen_joint_working_request", None, None, False),
    ("flow_to_oversight", "screen_joint_working_request", "interventions_manager_oversight", None, None, False),
    ("flow_to_oversight_route", "interventions_manager_oversight", "oversight_route", None, None, False),
    ("flow_accepted", "oversight_route", "joint_worked", "Accepted",
     'joint_working_decision == "Accept for joint working"', False),
    ("flow_declined", "oversight_route", "declined", "Declined", None, True),
]
DOCS = {
    "request_joint_working": "§5.3: all four criteria of the model must hold (§5.2: not an escalating child "
                             "protection, public law or looked-after case); §5.5 pro forma.",
    "screen_joint_working_request": "§5.5: screened by the Early Help Social Worker.",
    "interventions_manager_oversight": "§5.5: oversight from the Interventions Manager (Team Manager, Locality "
                                       "Manager or Team Leader).",
}
