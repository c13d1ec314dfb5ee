"""First-draft layout of bpmn/manchester/level_of_need_decision.bpmn (Appendix 1 routing).

Regenerate with: python tools/draw_bpmn.py tools/drawings/manchester/level_of_need_decision.py > bpmn/manchester/level_of_need_decision.bpmn
then move the labels of the arrows leaving "Referral pathway?" onto their last bend, and the two timers' labels
apart (left of the first, right of the second); the shipped file has them moved.
"""
PROCESS = ("manchester_level_of_need_decision", "Level of Need: decide the route (Appendix 1)")
LANES = ["Contact Centre Worker", "MASH Team Manager", "Locality Social Work Head of Service"]
CC, MTM, HOS = range(3)
NODES = [
    ("contact_received", "startEvent", "Contact about a child", CC, 0, 0),
    ("decide_level_of_need", "userTask", "Decide the Level of Need", CC, 1, 0),
    ("route", "exclusiveGateway", "Referral pathway?", CC, 2, 0),
    ("universal_services", "endEvent", "Level 1: universal services", CC, 3, 1),
    ("early_help_hub", "endEvent", "Early Help Hub: step-down from the Contact Centre", CC, 3, 2),
    ("referral_by_phone", "exclusiveGateway", "MASH referral by phone?", CC, 4, 0),
    ("mash_referral_in_writing", "endEvent", "Referral with MASH in writing", CC, 4.6, 1),
    ("record_written_follow_up", "userTask", "Follow up the phone referral in writing", CC, 5, 0),
    ("written_follow_up_done", "endEvent", "Written referral with MASH", CC, 6, 0),
    ("written_follow_up_reminder", "userTask", "Reminder: chase the written follow-up", MTM, 6, 0),
    ("reminder_done", "endEvent", "Reminder handled", MTM, 7, 0),
    ("written_follow_up_overdue", "userTask", "Escalation: no written follow-up in 48 hours", HOS, 6, 0),
    ("escalation_done", "endEvent", "Escalation handled", HOS, 7, 0),
]
TIMERS = [
    ("follow_up_reminder_due", "24 hours: reminder", "record_written_follow_up", "timeDate", "hours(24)", False),
    ("follow_up_due", "48 hours: written follow-up due", "record_written_follow_up", "timeDate", "hours(48)", False),
]
FLOWS = [
    ("flow_to_decide", "contact_received", "decide_level_of_need", None, None, False),
    ("flow_to_route", "decide_level_of_need", "route", None, None, False),
    ("flow_universal", "route", "universal_services", "Universal Services", 'referral_route == "Universal Services"',
     False),
    ("flow_hub", "route", "early_help_hub", "Early Help Hub", 'referral_route == "Early Help Hub"', False),
    ("flow_mash", "route", "referral_by_phone", "MASH", None, True),
    ("flow_by_phone", "referral_by_phone", "record_written_follow_up", "By phone",
     'written_follow_up_needed == "Yes"', False),
    ("flow_in_writing", "referral_by_phone", "mash_referral_in_writing", "In writing", None, True),
    ("flow_followed_up", "record_written_follow_up", "written_follow_up_done", None, None, False),
    ("flow_reminder", "follow_up_reminder_due", "written_follow_up_reminder", None, None, False),
    ("flow_reminder_done", "written_follow_up_reminder", "reminder_done", None, None, False),
    ("flow_overdue", "follow_up_due", "written_follow_up_overdue", None, None, False),
    ("flow_escalation_done", "written_follow_up_overdue", "escalation_done", None, None, False),
]
DOCS = {
    "decide_level_of_need": "Appendix 1, the Child and Whole Family Decision Framework: 1 universal services; 2-3 "
                            "the Early Help Hub; 4 the Early Help Hub or MASH; 5 MASH. Records the case's level.",
    "record_written_follow_up": "Appendix 1, Level 5: a referral to MASH by phone must be followed up in writing in "
                                "48 hours. Reminder at 24 hours (MASH Team Manager), escalation at 48 hours.",
}
