"""Diagram description: Manchester §4.2, stepping up from the Early Help triage process.

Regenerate: python tools/draw_bpmn.py tools/drawings/manchester/step_up_from_triage.py > bpmn/manchester/step_up_from_triage.bpmn
"""
PROCESS = ("manchester_step_up_from_triage", "Step-up from Early Help triage")
LANES = ["Early Help Practitioner", "Early Help Social Worker", "MASH Early Help Coordinator", "MASH Team Manager"]
EHP, EHSW, MEC, MTM = range(4)
NODES = [
    ("triage_shows_need", "startEvent", "Triage: social work may be needed", EHP, 0, 0),
    ("record_triage_concern", "userTask", "Triage: the child may need social work", EHP, 1, 0),
    ("triage_route", "exclusiveGateway", "Child protection, no EH Social Worker?", EHP, 2, 0),
    ("referred_to_contact_centre", "endEvent", "Referred to the Contact Centre without delay", EHP, 3, 0),
    ("early_help_social_worker_triage_decision", "userTask", "Early Help Social Worker: step up?", EHSW, 3, 0),
    ("social_worker_route", "exclusiveGateway", "Decision?", EHSW, 4, 0),
    ("contact_record_started", "endEvent", "Contact Information record to the area team", EHSW, 5, 0),
    ("child_protection_referred", "endEvent", "Referred to the Contact Centre", EHSW, 5, 1),
    ("stays_with_early_help", "endEvent", "Stays with Early Help", EHSW, 5, 2),
    ("mash_case_discussion", "userTask", "Case discussion with Early Help Social Work (24 hours)", MEC, 5, 0),
    ("mash_route", "exclusiveGateway", "MASH's decision?", MEC, 6, 0),
    ("outcome_changed", "endEvent", "Changed to Social Work Assessment: contact record", MEC, 7, 0),
    ("differences_started", "endEvent", "Escalation of professional differences", MEC, 7, 1),
    ("outcome_stands", "endEvent", "Early Help outcome stands", MEC, 7, 2),
    ("mash_discussion_overdue", "userTask", "Escalation: discussion not held within 24 hours", MTM, 6, 0),
    ("discussion_chased", "endEvent", "Chased", MTM, 7, 0),
]
FLOWS = [
    ("flow_to_triage", "triage_shows_need", "record_triage_concern", None, None, False),
    ("flow_to_triage_route", "record_triage_concern", "triage_route", None, None, False),
    ("flow_to_contact_centre", "triage_route", "referred_to_contact_centre", "Yes",
     'triage_route == "Contact Centre"', False),
    ("flow_to_social_worker", "triage_route", "early_help_social_worker_triage_decision", "No", None, True),
    ("flow_to_social_worker_route", "early_help_social_worker_triage_decision", "social_worker_route", None, None,
     False),
    ("flow_step_up", "social_worker_route", "contact_record_started", "Step up",
     'triage_decision == "Step up: Contact Information record to the area social work team"', False),
    ("flow_child_protection", "social_worker_route", "child_protection_referred", "Child protection",
     'triage_decision == "Child protection concern: refer to the Contact Centre now"', False),
    ("flow_discuss", "social_worker_route", "mash_case_discussion", "Discuss with MASH",
     'triage_decision == "Discuss MASH\'s Early Help outcome with MASH"', False),
    ("flow_stays", "social_worker_route", "stays_with_early_help", "Stays", None, True),
    ("flow_to_mash_route", "mash_case_discussion", "mash_route", None, None, False),
    ("flow_changed", "mash_route", "outcome_changed", "Changed",
     'mash_outcome == "MASH changes the outcome to a Social Work Assessment"', False),
    ("flow_still_differ", "mash_route", "differences_started", "Still differ",
     'mash_outcome == "Still differ: escalate (§6)"', False),
    ("flow_stands", "mash_route", "outcome_stands", "Stands", None, True),
    ("flow_to_discussion_overdue", "discussion_past_24_hours", "mash_discussion_overdue", None, None, False),
    ("flow_to_discussion_chased", "mash_discussion_overdue", "discussion_chased", None, None, False),
]
TIMERS = [
    ("discussion_past_24_hours", "24 hours", "mash_case_discussion", "timeDate", "mash_discussion_due_at", False),
]
DOCS = {
    "record_triage_concern": "§4.2: triage shows a Social Work assessment is needed or a risk of / harm. §4.2.1: a "
                             "child protection concern with no Early Help Social Worker available goes to the Contact "
                             "Centre without delay.",
    "referred_to_contact_centre": "Hands on to the Contact Centre referral (its mailbox e-mailed at once).",
    "early_help_social_worker_triage_decision": "§4.2: step-ups from triage go direct to the area social work team "
                                                "from the Early Help Social Worker (Contact Information record).",
    "contact_record_started": "Hands on to the Contact Information record to the area team.",
    "mash_case_discussion": "§4.2.2: the referrer does not support MASH's Early Help recommendation, or the needs "
                            "are greater: discussion within 24 hours; MASH may change the outcome.",
    "differences_started": "Hands on to the escalation of professional differences (§6, triage stage).",
}
