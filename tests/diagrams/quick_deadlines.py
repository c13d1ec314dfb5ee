"""Test-only diagram description: the escalation pattern with deadlines seconds away (the crash test).

Regenerate with: python tools/draw_bpmn.py tests/diagrams/quick_deadlines.py > tests/diagrams/quick_deadlines.bpmn
"""
PROCESS = ("camden_quick_deadlines", "Quick deadlines (tests only)")
LANES = ["MASH Social Worker", "MASH Manager", "Duty Manager of the Receiving Team"]
NODES = [
    ("contact_received", "startEvent", "Contact received", 0, 0, 0),
    ("screen_contact", "userTask", "Screen the contact", 0, 1, 0),
    ("contact_screened", "endEvent", "Contact screened", 0, 3, 0),
    ("chase_screening", "userTask", "Chase: contact not screened in 2 seconds", 1, 2, 0),
    ("chase_done", "endEvent", "Chased", 1, 4, 0),
    ("escalate_screening", "userTask", "Escalation: screening still not chased after 2 more seconds", 2, 3, 0),
    ("escalation_done", "endEvent", "Escalation handled", 2, 4, 0),
]
TIMERS = [
    ("screening_overdue", "2 seconds", "screen_contact", "timeDuration", '"PT2S"', False),
    ("chase_overdue", "2 seconds", "chase_screening", "timeDuration", '"PT2S"', False),
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
    "screen_contact": "Nobody screens it in the crash test: its deadline fires in the server's own sweep.",
    "chase_screening": "Opened by the first deadline; its own deadline opens the escalation.",
    "escalate_screening": "Opened by the second deadline.",
}
