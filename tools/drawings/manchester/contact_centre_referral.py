"""Diagram description: Manchester §4.2.1 and §4.3, a child protection concern from Early Help to the Contact Centre.

Regenerate: python tools/draw_bpmn.py tools/drawings/manchester/contact_centre_referral.py > bpmn/manchester/contact_centre_referral.bpmn
"""
PROCESS = ("manchester_contact_centre_referral", "Child protection concern to the Contact Centre")
LANES = ["Contact Centre Worker", "MASH Team Manager"]
CCW, MTM = range(2)
NODES = [
    ("child_protection_concern_from_early_help", "startEvent", "Child protection concern from Early Help", CCW, 0, 0),
    ("contact_centre_child_protection_referral", "userTask", "Decide the response (1 working day)", CCW, 1, 0),
    ("response_decided", "endEvent", "Response decided", CCW, 2, 0),
    ("contact_centre_decision_overdue", "userTask", "Escalation: no decision within 1 working day", MTM, 2, 0),
    ("decision_chased", "endEvent", "Chased", MTM, 3, 0),
]
FLOWS = [
    ("flow_to_referral", "child_protection_concern_from_early_help", "contact_centre_child_protection_referral", None,
     None, False),
    ("flow_to_decided", "contact_centre_child_protection_referral", "response_decided", None, None, False),
    ("flow_to_overdue", "decision_past_deadline", "contact_centre_decision_overdue", None, None, False),
    ("flow_to_chased", "contact_centre_decision_overdue", "decision_chased", None, None, False),
]
TIMERS = [
    ("decision_past_deadline", "1 working day from the referral", "contact_centre_child_protection_referral",
     "timeDate", "decision_due_at", False),
]
DOCS = {
    "contact_centre_child_protection_referral": "Referred without delay by Early Help (§4.2.1: no Early Help Social "
                                                "Worker available at triage; §4.3: during an intervention). The "
                                                "Contact Centre mailbox is e-mailed when it opens.",
}
