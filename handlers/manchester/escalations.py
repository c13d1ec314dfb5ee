"""Escalation tasks: a Manchester deadline has passed and the next tier is told (the late task stays open)."""
from ..forms import Field, Handler


def escalation(task_id, title, guidance):
    """An escalation task: what the tier above did about the late work."""
    return Handler(task_id=task_id, title=title, guidance=guidance,
                   fields=(Field("escalation_action", "What you did about it", "textarea", required=True),))


mash_discussion_overdue = escalation(
    "mash_discussion_overdue", "Escalation: Early Help / MASH case discussion not held within 24 hours",
    "§4.2.2: the case discussion between Early Help Social Work and MASH should take place within 24 hours, so "
    "MASH can reconsider its decision. It stays open with the MASH Early Help Coordinator: make sure it happens "
    "and record what you did.")

contact_centre_decision_overdue = escalation(
    "contact_centre_decision_overdue", "Escalation: Contact Centre decision not made within 1 working day",
    "A child protection concern came from Early Help without delay (§4.2.1, §4.3). Working Together 2023 expects "
    "a decision on the response within 1 working day. It stays open with the Contact Centre: make sure the "
    "decision is made and record what you did.")

contact_decision_overdue = escalation(
    "contact_decision_overdue", "Escalation: area team decision not made within 1 working day of the contact",
    "The Contact Information record from Early Help has had no decision within 1 working day. It stays open with "
    "the locality team manager: make sure the decision is made and record what you did.")

assessment_overdue = escalation(
    "assessment_overdue", "Escalation: child and family assessment past 45 working days",
    "The child and family assessment has not concluded within 45 working days of the referral. It stays open with "
    "the area social worker: agree how it concludes and record what you did.")

taf_meeting_overdue = escalation(
    "taf_meeting_overdue", "Escalation: TAF meeting not held within 5 working days of the concern",
    "§4.3: when concerns are raised or the Early Help plan is not working, a TAF meeting must be held within 5 "
    "working days so case planning is not delayed. It stays open with the Early Help practitioner: make sure it "
    "is held and record what you did.")
