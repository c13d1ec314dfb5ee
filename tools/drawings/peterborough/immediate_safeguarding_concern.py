"""First-draft layout of bpmn/peterborough/immediate_safeguarding_concern.bpmn (the safeguarding override).

Regenerate with: python tools/draw_bpmn.py tools/drawings/peterborough/immediate_safeguarding_concern.py > bpmn/peterborough/immediate_safeguarding_concern.bpmn
"""
PROCESS = ("peterborough_immediate_safeguarding_concern", "Immediate safeguarding concern (straight to MASH)")
LANES = ["MASH Team Manager"]
NODES = [
    ("immediate_concern_raised", "startEvent", "Immediate safeguarding concern raised", 0, 0, 0),
    ("immediate_concern_mash_decision", "userTask", "Immediate safeguarding concern: MASH decision", 0, 1, 0),
    ("mash_decision_recorded", "endEvent", "MASH decision recorded", 0, 2, 0),
]
FLOWS = [
    ("flow_to_mash_decision", "immediate_concern_raised", "immediate_concern_mash_decision", None, None, False),
    ("flow_decision_recorded", "immediate_concern_mash_decision", "mash_decision_recorded", None, None, False),
]
DOCS = {
    "immediate_concern_raised": "Nothing in a step-down may delay a response to an immediate risk of harm. Raised "
                                "from any case at any step; it bypasses the planned pathway, which keeps running.",
    "immediate_concern_mash_decision": "The MASH Team Manager reads the concern as raised and records the decision "
                                       "and rationale: strategy discussion / s47, child and family assessment, advice "
                                       "and information, or no further action.",
}
