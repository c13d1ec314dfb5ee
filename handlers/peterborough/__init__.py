"""Peterborough pack: stepping down from Children's Social Care to Early Help (guidance of October 2020)."""
from . import assessment, cin_plan, contact, early_help_hub, immediate_concern, mash_enquiry, referral

HANDLERS = {
    # §1 contacts not meeting threshold (bpmn/peterborough/contact.bpmn).
    "recommend_receiving_team": contact.recommend_receiving_team,
    "mash_review_contact": contact.mash_review_contact,
    "assessment_team_review_contact": contact.assessment_team_review_contact,
    "ehh_review_contact": contact.ehh_review_contact,
    "ehh_review_overdue": contact.ehh_review_overdue,
    # §1 referrals not meeting threshold (bpmn/peterborough/referral.bpmn).
    "referral_decision": referral.referral_decision,
    "referral_decision_overdue": referral.referral_decision_overdue,
    "ehh_accept_transfer": early_help_hub.ehh_accept_transfer,
    # §1 MASH Enquiries with an outcome of Early Help (bpmn/peterborough/mash_enquiry.bpmn).
    "complete_mash_enquiry": mash_enquiry.complete_mash_enquiry,
    "ehh_accept_hub_enquiry": early_help_hub.ehh_accept_hub_enquiry,
    # §2 after a Child and Family Assessment (bpmn/peterborough/after_assessment.bpmn).
    "record_referral": assessment.record_referral,
    "conclude_assessment": assessment.conclude_assessment,
    "assessment_overdue": assessment.assessment_overdue,
    "masg_hearing": assessment.masg_hearing,
    # §3 from a Child in Need plan (bpmn/peterborough/from_cin_plan.bpmn).
    "cin_meeting_step_down": cin_plan.cin_meeting_step_down,
    # The safeguarding override (bpmn/peterborough/immediate_safeguarding_concern.bpmn).
    "immediate_concern_mash_decision": immediate_concern.decision,
}
