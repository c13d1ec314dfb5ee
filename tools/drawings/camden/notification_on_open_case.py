"""Diagram description: Camden §5, a notification received by MASH on an allocated Early Help case.

Regenerate: python tools/draw_bpmn.py tools/drawings/camden/notification_on_open_case.py > bpmn/camden/notification_on_open_case.bpmn
then declare runs_per_case = many on the process by hand (README "Pathways that may run more than once").
"""
PROCESS = ("camden_notification_on_open_case", "Notification on an open Early Help family")
LANES = ["MASH Screening Officer", "MASH Manager"]
SO, MM = range(2)
NODES = [
    ("new_information_received", "startEvent", "New information on an open Early Help family", SO, 0, 0),
    ("complete_notification", "userTask", "Notification received by MASH on allocated EH case", SO, 1, 0),
    ("screening_route", "exclusiveGateway", "Threshold may be met?", SO, 2, 0),
    ("passed_to_early_help", "endEvent", "Passed to Early Help by e-mail alert", SO, 3, 0),
    ("mash_eh_discussion", "userTask", "Discuss with the Early Help manager", MM, 3, 0),
    ("discussion_route", "exclusiveGateway", "Decision", MM, 4, 0),
    ("to_daily_meeting", "endEvent", "Referred to the daily discussion meeting", MM, 5, 0),
    ("stepped_up_now", "endEvent", "Step Up to MASH started", MM, 5, 1),
    ("to_differences", "endEvent", "Resolving professional differences started", MM, 5, 2),
    ("no_step_up", "endEvent", "No step-up: confirmed to Early Help", MM, 5, 3),
]
FLOWS = [
    ("flow_to_notification", "new_information_received", "complete_notification", None, None, False),
    ("flow_to_screening_route", "complete_notification", "screening_route", None, None, False),
    ("flow_discuss", "screening_route", "mash_eh_discussion", "Discuss", "needs_discussion", False),
    ("flow_pass_to_early_help", "screening_route", "passed_to_early_help", "No", None, True),
    ("flow_to_discussion_route", "mash_eh_discussion", "discussion_route", None, None, False),
    ("flow_daily_meeting", "discussion_route", "to_daily_meeting", "Daily meeting",
     'discussion_outcome == "Refer to the daily discussion meeting"', False),
    ("flow_step_up_now", "discussion_route", "stepped_up_now", "Step up now",
     'discussion_outcome == "Step up now (urgent)"', False),
    ("flow_no_agreement", "discussion_route", "to_differences", "No agreement",
     'discussion_outcome == "No agreement: resolve the professional difference"', False),
    ("flow_no_step_up", "discussion_route", "no_step_up", "No step-up", None, True),
]
DOCS = {
    "complete_notification": "§5: completed in full by the MASH screening officer before tasking Early Help, and "
                             "RAG rated. Green (or not at threshold) goes to the Early Help manager and the lead "
                             "professional by e-mail alert.",
    "mash_eh_discussion": "§5: the MASH team manager or senior practitioner and the Early Help team or service "
                          "manager decide how to proceed; also when a TAF professional contacted MASH directly.",
    "no_step_up": "The decision is recorded on the notification; the Early Help manager is e-mailed confirmation.",
}
