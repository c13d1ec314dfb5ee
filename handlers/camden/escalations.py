"""Escalation tasks: a Camden deadline has passed and the next tier is told (the late task stays open)."""
from ..forms import Field, Handler


def escalation(task_id, title, guidance):
    """An escalation task: what the tier above did about the late work."""
    return Handler(task_id=task_id, title=title, guidance=guidance,
                   fields=(Field("escalation_action", "What you did about it", "textarea", required=True),))


mash_decision_overdue = escalation(
    "mash_decision_overdue", "Escalation: MASH decision not made within 1 working day of the contact",
    "Working Together 2023 expects a decision on the type of response within 1 working day of a referral. "
    "The contact's work stays open with the MASH: make sure the decision is made and record what you did.")

assessment_overdue = escalation(
    "assessment_overdue", "Escalation: child and family assessment past 45 working days",
    "The child and family assessment has not concluded within 45 working days of the referral. It stays open "
    "with the receiving team: agree how it concludes and record what you did.")

icpc_overdue = escalation(
    "icpc_overdue", "Escalation: initial child protection conference past 15 working days",
    "The initial child protection conference has not been held within 15 working days of the strategy "
    "discussion. The work stays open with the receiving team: make sure the conference is convened and record "
    "what you did.")

step_up_episode_overdue = escalation(
    "step_up_episode_overdue", "Escalation: step-up episode not completed today",
    "A step-up to MASH was agreed but the Early Help manager has not completed the step-up episode by the end of "
    "the day (§3). It stays open with them: make sure it is sent and record what you did.")
