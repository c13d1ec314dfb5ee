"""Diagram description: Camden §2 and §4, the Early Help Manager's step-up decision.

Regenerate: python tools/draw_bpmn.py tools/drawings/camden/step_up_decision.py > bpmn/camden/step_up_decision.bpmn
"""
PROCESS = ("camden_step_up_decision", "Step-up decision (Early Help)")
LANES = ["Family Worker", "Early Help Manager"]
FW, EHM = range(2)
NODES = [
    ("new_concerns_arise", "startEvent", "New concerns for a child", FW, 0, 0),
    ("raise_new_concerns", "userTask", "Raise new concerns with your Early Help manager", FW, 1, 0),
    ("early_help_manager_decision", "userTask", "Decide whether to step up", EHM, 2, 0),
    ("step_up_route", "exclusiveGateway", "Step up?", EHM, 3, 0),
    ("referred_to_daily_meeting", "endEvent", "Referred to the daily discussion meeting", EHM, 4, 0),
    ("urgent_discussion_with_mash", "userTask", "Urgent: discuss with the MASH manager now", EHM, 4, 1),
    ("urgent_route", "exclusiveGateway", "Stepped up?", EHM, 5, 1),
    ("stepped_up_urgently", "endEvent", "Step Up to MASH started", EHM, 6, 1),
    ("urgent_stays_with_early_help", "endEvent", "Stays with Early Help", EHM, 6, 2),
    ("urgent_to_differences", "endEvent", "Resolving professional differences started", EHM, 6, 3),
    ("continues_with_early_help", "endEvent", "Continues with Early Help", EHM, 4, 2),
]
FLOWS = [
    ("flow_to_raise", "new_concerns_arise", "raise_new_concerns", None, None, False),
    ("flow_to_manager", "raise_new_concerns", "early_help_manager_decision", None, None, False),
    ("flow_to_route", "early_help_manager_decision", "step_up_route", None, None, False),
    ("flow_planned", "step_up_route", "referred_to_daily_meeting", "Planned",
     'escalation_decision == "Step up: planned (daily discussion meeting)"', False),
    ("flow_urgent", "step_up_route", "urgent_discussion_with_mash", "Urgent",
     'escalation_decision == "Step up: urgent (discuss with the MASH manager now)"', False),
    ("flow_stay", "step_up_route", "continues_with_early_help", "No", None, True),
    ("flow_to_urgent_route", "urgent_discussion_with_mash", "urgent_route", None, None, False),
    ("flow_urgent_step_up", "urgent_route", "stepped_up_urgently", "Step up", 'urgent_outcome == "Step up to MASH"',
     False),
    ("flow_urgent_stay", "urgent_route", "urgent_stays_with_early_help", "No", None, True),
    ("flow_urgent_no_agreement", "urgent_route", "urgent_to_differences", "No agreement",
     'urgent_outcome == "No agreement: resolve the professional difference"', False),
]
DOCS = {
    "raise_new_concerns": "§2: family workers discuss new concerns with their Early Help manager. Immediate risk of "
                          "harm goes straight to MASH (the immediate safeguarding concern).",
    "early_help_manager_decision": "§2: the manager weighs the eight questions; a non-engagement step-up needs "
                                   "management sign-off (stressed for unborn babies and under-5s not in nursery).",
    "referred_to_daily_meeting": "Hands on to the daily discussion meeting (§3).",
    "urgent_discussion_with_mash": "§4: discussed with the MASH team manager or senior practitioner; the decision "
                                   "is recorded on the child's file.",
    "stepped_up_urgently": "Hands on to Step Up to MASH (Appendix 1), to be completed by the end of the day.",
}
