"""Diagram description: Camden §6, resolving professional differences on a step-up.

Regenerate: python tools/draw_bpmn.py tools/drawings/camden/resolving_professional_differences.py > bpmn/camden/resolving_professional_differences.bpmn
"""
PROCESS = ("camden_resolving_professional_differences", "Resolving professional differences")
LANES = ["MASH Manager", "Early Help Service Manager", "CSSW Service Manager"]
MM, EHSM, SM = range(3)
NODES = [
    ("no_agreement", "startEvent", "MASH and Early Help cannot agree", MM, 0, 0),
    ("record_professional_difference", "userTask", "Record the professional difference", MM, 1, 0),
    ("managers_resolve_difference", "userTask", "Resolve the professional difference (managers)", EHSM, 2, 0),
    ("managers_route", "exclusiveGateway", "Resolved?", EHSM, 3, 0),
    ("resolved_by_managers", "endEvent", "Resolved", EHSM, 4, 0),
    ("service_manager_resolves_difference", "userTask", "Resolve the professional difference (service manager)",
     SM, 4, 0),
    ("resolved_by_service_manager", "endEvent", "Resolved", SM, 5, 0),
]
FLOWS = [
    ("flow_to_record", "no_agreement", "record_professional_difference", None, None, False),
    ("flow_to_managers", "record_professional_difference", "managers_resolve_difference", None, None, False),
    ("flow_to_managers_route", "managers_resolve_difference", "managers_route", None, None, False),
    ("flow_escalate", "managers_route", "service_manager_resolves_difference", "Escalate",
     'resolution == "Not resolved: escalate"', False),
    ("flow_resolved", "managers_route", "resolved_by_managers", "Resolved", None, True),
    ("flow_final", "service_manager_resolves_difference", "resolved_by_service_manager", None, None, False),
]
DOCS = {
    "record_professional_difference": "§6: where agreement cannot be reached at the daily discussion meeting, the "
                                      "urgent case stage or the notification stage, the Camden Safeguarding "
                                      "Children Partnership escalation procedure is followed.",
    "managers_resolve_difference": "The next tier of the pack's escalation ladder tries to resolve it. A resolved "
                                   "step-up starts Step Up to MASH.",
    "service_manager_resolves_difference": "The top tier of the ladder decides.",
}
