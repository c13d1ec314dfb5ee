"""First-draft layout of bpmn/peterborough/referral.bpmn (§1: referrals not meeting threshold).

Regenerate with: python tools/draw_bpmn.py tools/drawings/peterborough/referral.py > bpmn/peterborough/referral.bpmn
then move each decision label onto its arrow's last bend and each gateway's name above its diamond
(arrows leaving one gateway downwards share a first point, so the drawn labels overlap); the shipped
file has them moved.
"""
PROCESS = ("peterborough_referral", "Referral: C&F Assessment, or step down to Early Help")
LANES = ["Social Worker", "Assessment Team Manager", "Early Help Hub"]
SW, ATM, EHH = range(3)
NODES = [
    ("referral_received", "startEvent", "Referral within LCS", SW, 0, 0),
    ("referral_decision", "userTask", "Referral: decide the response", SW, 1, 0),
    ("referral_outcome", "exclusiveGateway", "Outcome?", SW, 2, 0),
    ("assessment_to_be_completed", "endEvent", "C&F Assessment to be completed", SW, 3, 0),
    ("referral_closed_nfa", "endEvent", "No Further Action", SW, 3, 1),
    ("referral_decision_overdue", "userTask", "Escalation: no decision within 1 working day", ATM, 3, 0),
    ("referral_escalation_handled", "endEvent", "Escalation handled", ATM, 4, 0),
    ("ehh_accept_transfer", "userTask", "EHH: review and accept the transfer (LCS to EHM)", EHH, 3, 0),
    ("transfer_decision", "exclusiveGateway", "Accepted?", EHH, 4, 0),
    ("transfer_accepted", "endEvent", "Accepted: with Early Help", EHH, 5, 0),
    ("transfer_not_accepted", "endEvent", "Not accepted after discussion between Team Managers", EHH, 5, 1),
]
TIMERS = [
    ("referral_decision_due", "Decision due: 1 working day", "referral_decision", "timeDate", "working_days(1)",
     False),
]
FLOWS = [
    ("flow_to_decision", "referral_received", "referral_decision", None, None, False),
    ("flow_to_outcome", "referral_decision", "referral_outcome", None, None, False),
    ("flow_assessment", "referral_outcome", "assessment_to_be_completed", "C&F Assessment",
     'referral_route == "assessment"', False),
    ("flow_nfa", "referral_outcome", "referral_closed_nfa", "No Further Action", None, True),
    ("flow_step_down", "referral_outcome", "ehh_accept_transfer", "Step down to Early Help",
     'referral_route == "early_help"', False),
    ("flow_to_transfer_decision", "ehh_accept_transfer", "transfer_decision", None, None, False),
    ("flow_accepted", "transfer_decision", "transfer_accepted", "Accepted", 'accepted == "Accepted"', False),
    ("flow_not_accepted", "transfer_decision", "transfer_not_accepted", "Not accepted", None, True),
    ("flow_decision_late", "referral_decision_due", "referral_decision_overdue", None, None, False),
    ("flow_referral_escalation_handled", "referral_decision_overdue", "referral_escalation_handled", None, None,
     False),
]
DOCS = {
    "referral_received": "A contact accepted by an Assessment Team and progressed to a referral (handed on from the "
                         "contact or the MASH Enquiry), or started by hand.",
    "referral_decision": "§1: decide whether to complete a C&F Assessment, within 1 working day of the referral "
                         "(Working Together). If not, decide whether a step down to Early Help is appropriate: with "
                         "the family's consent, complete the referral record with the outcome 'step down to Early "
                         "Help' and initiate the Transfer from LCS to EHM, detailing the decision and the needs "
                         "identified for Early Help.",
    "assessment_to_be_completed": "Hands the case on to the after-assessment pathway, whose first step is the C&F "
                                  "Assessment.",
    "referral_decision_overdue": "Tier 2: the decision is late; it stays with the social worker.",
    "ehh_accept_transfer": "§1: on receipt of the transfer the EHH reviews the information and accepts it as "
                           "appropriate, with further discussion between Team Managers if required; then links to "
                           "an existing Early Help Episode, starts an Early Help Hub Enquiry or progresses to start "
                           "an Early Help Assessment.",
}
