"""First-draft layout of bpmn/manchester/step_down_to_early_help.bpmn (§3.1-3.5).

Regenerate with: python tools/draw_bpmn.py tools/drawings/manchester/step_down_to_early_help.py > bpmn/manchester/step_down_to_early_help.bpmn
then move the labels of the arrows leaving each decision onto their last bend; the shipped file has them moved.
"""
PROCESS = ("manchester_step_down_to_early_help", "Step-down from the Contact Centre / MASH to Early Help")
LANES = ["MASH Early Help Coordinator", "Early Help Social Worker"]
COORD, EHSW = range(2)
NODES = [
    ("below_social_work_threshold", "startEvent", "Does not meet the criteria for a Social Work assessment",
     COORD, 0, 0),
    ("explore_consent", "userTask", "Explore consent and decide the Early Help response", COORD, 1, 0),
    ("targeted_offer", "exclusiveGateway", "Targeted offer via the hub?", COORD, 2, 0),
    ("offer_at_point_of_contact", "endEvent", "Offer provided at the point of contact", COORD, 3, 1),
    ("refer_to_early_help_hub", "userTask", "Refer to the hub: Signs of Safety, plan and contingency", COORD, 3, 0),
    ("hub_triage", "userTask", "Early Help Hub triage", EHSW, 4, 0),
    ("triaged", "endEvent", "Future help and support identified", EHSW, 5, 0),
]
TIMERS = []
FLOWS = [
    ("flow_to_consent", "below_social_work_threshold", "explore_consent", None, None, False),
    ("flow_to_targeted", "explore_consent", "targeted_offer", None, None, False),
    ("flow_point_of_contact", "targeted_offer", "offer_at_point_of_contact", "Offer at point of contact", None, True),
    ("flow_refer", "targeted_offer", "refer_to_early_help_hub", "Refer to the hub",
     'early_help_decision == "Refer to the Early Help Hub for a targeted offer"', False),
    ("flow_to_triage", "refer_to_early_help_hub", "hub_triage", None, None, False),
    ("flow_triaged", "hub_triage", "triaged", None, None, False),
]
DOCS = {
    "explore_consent": "§3.3: consent fully explored; the family clear a referral is being made into Early Help and "
                       "what this means. §3.4: no targeted offer = an offer provided at the point of contact.",
    "refer_to_early_help_hub": "§3.5: Signs of Safety mapping, a plan and a contingency if the family do not engage, "
                               "including whether a referral to Social Work should be made.",
}
