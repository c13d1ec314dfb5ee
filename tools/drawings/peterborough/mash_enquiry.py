"""First-draft layout of bpmn/peterborough/mash_enquiry.bpmn (§1: MASH Enquiries with an outcome of Early Help).

Regenerate with: python tools/draw_bpmn.py tools/drawings/peterborough/mash_enquiry.py > bpmn/peterborough/mash_enquiry.bpmn
then move each decision label onto its arrow's last bend and each gateway's name above its diamond
(arrows leaving one gateway downwards share a first point, so the drawn labels overlap); the shipped
file has them moved.
"""
PROCESS = ("peterborough_mash_enquiry", "MASH Enquiry, and an Early Help Hub Enquiry")
LANES = ["MASH Team", "Early Help Hub"]
MT, EHH = range(2)
NODES = [
    ("mash_enquiry_started", "startEvent", "Contact accepted for a MASH Enquiry", MT, 0, 0),
    ("complete_mash_enquiry", "userTask", "Complete the MASH Enquiry", MT, 1, 0),
    ("enquiry_outcome", "exclusiveGateway", "Outcome?", MT, 2, 0),
    ("enquiry_progressed_to_referral", "endEvent", "Progressed to a referral", MT, 3, 0),
    ("enquiry_closed_nfa", "endEvent", "No Further Action", MT, 3, 1),
    ("ehh_accept_hub_enquiry", "userTask", "EHH: review the hub enquiry (Contacts Early Help Tray)", EHH, 3, 0),
    ("hub_enquiry_decision", "exclusiveGateway", "Accepted?", EHH, 4, 0),
    ("hub_enquiry_accepted", "endEvent", "Accepted: with Early Help", EHH, 5, 0),
    ("hub_enquiry_not_accepted", "endEvent", "Not accepted after discussion between Team Managers", EHH, 5, 1),
]
FLOWS = [
    ("flow_to_enquiry", "mash_enquiry_started", "complete_mash_enquiry", None, None, False),
    ("flow_to_outcome", "complete_mash_enquiry", "enquiry_outcome", None, None, False),
    ("flow_referral", "enquiry_outcome", "enquiry_progressed_to_referral", "Referral", 'enquiry_route == "referral"',
     False),
    ("flow_nfa", "enquiry_outcome", "enquiry_closed_nfa", "No Further Action", None, True),
    ("flow_early_help", "enquiry_outcome", "ehh_accept_hub_enquiry", "Step down to Early Help",
     'enquiry_route == "early_help"', False),
    ("flow_to_hub_decision", "ehh_accept_hub_enquiry", "hub_enquiry_decision", None, None, False),
    ("flow_accepted", "hub_enquiry_decision", "hub_enquiry_accepted", "Accepted", 'accepted == "Accepted"', False),
    ("flow_not_accepted", "hub_enquiry_decision", "hub_enquiry_not_accepted", "Not accepted", None, True),
]
DOCS = {
    "mash_enquiry_started": "Handed on from a contact MASH accepted for a MASH Enquiry, or started by hand.",
    "complete_mash_enquiry": "§1: with a recommendation of Early Help, the MASH Team completes the MASH Enquiry "
                             "record with an outcome of step down to Early Help and initiates the Early Help Hub "
                             "Enquiry in EHM (the decision, the needs identified), reassigned to the Contacts Early "
                             "Help Tray. Only with the family's consent.",
    "enquiry_progressed_to_referral": "Hands the case on to the referral pathway.",
    "ehh_accept_hub_enquiry": "§1: on receipt of the hub enquiry the EHH reviews the information and accepts it as "
                              "appropriate, with further discussion between Team Managers if required; then links "
                              "to an existing Early Help Episode, completes the Early Help Hub Enquiry or progresses "
                              "to start an Early Help Assessment.",
}
