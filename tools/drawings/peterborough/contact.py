"""First-draft layout of bpmn/peterborough/contact.bpmn (§1: contacts not meeting threshold).

Regenerate with: python tools/draw_bpmn.py tools/drawings/peterborough/contact.py > bpmn/peterborough/contact.bpmn
then move each decision label onto its arrow's last bend and each gateway's name above its diamond
(arrows leaving one gateway downwards share a first point, so the drawn labels overlap), and let the
arrow from the Assessment Team's review leave the task on its right and rise into "Contact reviewed"
from below (drawn straight up it would cross the MASH review); the shipped file has these changes.
"""
PROCESS = ("peterborough_contact", "Contact to Children's Social Care: receiving team, or the Early Help Hub")
LANES = ["Customer Services Centre", "MASH Team Manager", "Assessment Team Manager", "EHH Team Manager",
         "Early Help Service Manager"]
CSC, MTM, ATM, EHH, ESM = range(5)
NODES = [
    ("contact_received", "startEvent", "Contact received", CSC, 0, 0),
    ("recommend_receiving_team", "userTask", "Recommend a receiving team (Pathway Document)", CSC, 1, 0),
    ("receiving_team", "exclusiveGateway", "Receiving team?", CSC, 2, 0),
    ("mash_review_contact", "userTask", "MASH: review the contact and the recommendation", MTM, 3, 0),
    ("assessment_team_review_contact", "userTask", "Assessment Team: review the contact and the recommendation",
     ATM, 3, 0),
    ("contact_reviewed", "exclusiveGateway", "Contact reviewed", MTM, 4, 0),
    ("contact_decision", "exclusiveGateway", "Decision?", MTM, 5, 0),
    ("accepted_for_mash_enquiry", "endEvent", "Accepted: MASH Enquiry", MTM, 6, 0),
    ("progressed_to_referral", "endEvent", "Accepted: referral within LCS", MTM, 6, 1),
    ("closed_nfa", "endEvent", "Closed as No Further Action", MTM, 6, 2),
    ("ehh_review_contact", "userTask", "EHH: review the reassigned contact (within 24 hours)", EHH, 6, 0),
    ("contact_actioned_and_closed", "endEvent", "Contact actioned and closed", EHH, 7.5, 0),
    ("ehh_review_overdue", "userTask", "Escalation: the 24-hour review is late", ESM, 7, 0),
    ("review_escalation_handled", "endEvent", "Escalation handled", ESM, 8, 0),
]
TIMERS = [
    ("ehh_review_due", "Review due: 24 hours", "ehh_review_contact", "timeDate", "hours(24)", False),
]
FLOWS = [
    ("flow_to_recommendation", "contact_received", "recommend_receiving_team", None, None, False),
    ("flow_to_receiving_team", "recommend_receiving_team", "receiving_team", None, None, False),
    ("flow_to_mash", "receiving_team", "mash_review_contact", "MASH", None, True),
    ("flow_to_assessment_team", "receiving_team", "assessment_team_review_contact", "Assessment Team",
     'receiving_team == "assessment"', False),
    ("flow_mash_reviewed", "mash_review_contact", "contact_reviewed", None, None, False),
    ("flow_assessment_team_reviewed", "assessment_team_review_contact", "contact_reviewed", None, None, False),
    ("flow_to_decision", "contact_reviewed", "contact_decision", None, None, False),
    ("flow_mash_enquiry", "contact_decision", "accepted_for_mash_enquiry", "MASH Enquiry",
     'contact_route == "mash_enquiry"', False),
    ("flow_referral", "contact_decision", "progressed_to_referral", "Referral", 'contact_route == "referral"', False),
    ("flow_nfa", "contact_decision", "closed_nfa", "No Further Action", None, True),
    ("flow_reassigned", "contact_decision", "ehh_review_contact", "Reassigned to the EHH",
     'contact_route == "early_help_hub"', False),
    ("flow_actioned", "ehh_review_contact", "contact_actioned_and_closed", None, None, False),
    ("flow_review_late", "ehh_review_due", "ehh_review_overdue", None, None, False),
    ("flow_review_escalation_handled", "ehh_review_overdue", "review_escalation_handled", None, None, False),
]
DOCS = {
    "contact_received": "A contact to Children's Social Care. An immediate safeguarding concern never waits for "
                        "this pathway: it goes straight to MASH.",
    "recommend_receiving_team": "§1: the Customer Services Centre makes a recommendation using the Pathway Document "
                                "to determine a suggested receiving team based on the concerns identified.",
    "mash_review_contact": "§1: a Team Manager or Senior Practitioner reviews the contact: accepted and a MASH "
                           "Enquiry completed; accepted and progressed to a referral within LCS; not accepted and "
                           "reassigned to the EHH (a recorded rationale; the family's consent); or closed as NFA.",
    "assessment_team_review_contact": "§1: as for MASH: the Assessment Team's Team Manager or Senior Practitioner "
                                      "reviews the contact and the recommendation.",
    "accepted_for_mash_enquiry": "Hands the case on to the MASH Enquiry pathway.",
    "progressed_to_referral": "Hands the case on to the referral pathway; the case is with Children's Social Care.",
    "ehh_review_contact": "§1: the contact is saved but not finalised and reassigned to the Contacts Early Help Tray. "
                          "The EHH Team Manager / Senior Practitioner reviews it within 24 hours of receipt and "
                          "actions and closes it: link to an existing Early Help Episode, start an Early Help Hub "
                          "Enquiry or progress to start an Early Help Assessment (the EHH identifies the agency / "
                          "lead professional; it does not assess).",
    "ehh_review_overdue": "Tier 3: the 24 hours passed; the review stays open with the EHH Team Manager.",
}
