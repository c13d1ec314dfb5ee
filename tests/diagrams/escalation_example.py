"""Test-only diagram description: the escalation pattern, two tiers up Camden's lanes.

Regenerate with: python tools/draw_bpmn.py tests/diagrams/escalation_example.py > tests/diagrams/escalation_example.bpmn
"""
PROCESS = ("camden_escalation_example", "Escalation example (tests only)")
LANES = ["MASH Social Worker", "MASH Manager", "Duty Manager of the Receiving Team"]
NODES = [
    ("contact_received", "startEvent", "Contact received", 0, 0, 0),
    ("screen_contact", "userTask", "Screen the contact", 0, 1, 0),
    ("contact_screened", "endEvent", "Contact screened", 0, 3, 0),
    ("chase_screening", "userTask", "Chase: contact not screened in 1 working day", 1, 2, 0),
    ("chase_done", "endEvent", "Chased", 1, 4, 0),
    ("escalate_screening", "userTask", "Escalation: screening still not chased after 4 hours", 2, 3, 0),
    ("escalation_done", "endEvent", "Escalation handled", 2, 4, 0),
]
TIMERS = [
    ("screening_overdue", "1 working day", "screen_contact", "timeDate", "working_days(1)", False),
    ("chase_overdue", "4 hours", "chase_screening", "timeDate", "hours(4)", False),
]
FLOWS = [
    ("flow_to_screen", "contact_received", "screen_contact", None, None, False),
    ("flow_screened", "screen_contact", "contact_screened", None, None, False),
    ("flow_escalate_tier_1", "screening_overdue", "chase_screening", None, None, False),
    ("flow_chased", "chase_screening", "chase_done", None, None, False),
    ("flow_escalate_tier_2", "chase_overdue", "escalate_screening", None, None, False),
    ("flow_escalation_done", "escalate_screening", "escalation_done", None, None, False),
]
DOCS = {
    "screen_contact": "Tier 0: the MASH social worker screens the contact within 1 working day.",
    "chase_screening": "Tier 1: the deadline passed; the MASH manager chases. The screening task stays open.",
    "escalate_screening": "Tier 2: still not chased after 4 hours; the next tier is told.",
}
