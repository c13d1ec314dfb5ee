"""First-draft layout of bpmn/peterborough/from_cin_plan.bpmn (§3: stepping down from a Child in Need plan).

Regenerate with: python tools/draw_bpmn.py tools/drawings/peterborough/from_cin_plan.py > bpmn/peterborough/from_cin_plan.bpmn
then move the gateway's name above its diamond; the shipped file has it moved.
"""
PROCESS = ("peterborough_from_cin_plan", "Stepping down from a Child in Need plan")
LANES = ["Social Worker"]
NODES = [
    ("cin_plan_step_down_proposed", "startEvent", "Step-down from the CIN plan proposed", 0, 0, 0),
    ("cin_meeting_step_down", "userTask", "Child in Need Meeting: agree the step-down", 0, 1, 0),
    ("step_down_route", "exclusiveGateway", "Step down to?", 0, 2, 0),
    ("stepped_down_to_taf", "endEvent", "Referral to Early Help: Team around the Family (no MASG)", 0, 3, 0),
    ("referred_to_single_agency", "endEvent", "Referred to a single agency", 0, 3, 1),
]
FLOWS = [
    ("flow_to_meeting", "cin_plan_step_down_proposed", "cin_meeting_step_down", None, None, False),
    ("flow_to_route", "cin_meeting_step_down", "step_down_route", None, None, False),
    ("flow_taf", "step_down_route", "stepped_down_to_taf", "Team around the Family", 'cin_route == "taf"', False),
    ("flow_single_agency", "step_down_route", "referred_to_single_agency", "Single agency", None, True),
]
DOCS = {
    "cin_meeting_step_down": "§3: agreement to step down to TAF is clearly recorded in the notes of the Child in "
                             "Need Meeting with the name of the nominated Lead Professional from an Early Help "
                             "partner agency; the outcome is 'Referral to Early Help', not 'NFA'. No MASG: the lead "
                             "professional, the team around the child and a SMART plan are already in place.",
    "referred_to_single_agency": "§3: the social worker makes the referral to that agency in the usual way.",
}
