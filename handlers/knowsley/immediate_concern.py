"""Knowsley: immediate safeguarding concerns go to the Duty Social Work Team in the MASH."""
from ..safeguarding import decision_overdue, mash_decision

decision = mash_decision(
    "An immediate safeguarding concern was raised on this case and came straight to the Duty Social Work "
    "Team in the MASH (safeguarding procedures override the step-up and step-down protocol). Any planned "
    "pathway for the child carries on alongside. Read the concern, check the child is safe, and record the "
    "decision and rationale.")

# Working Together 2023: a decision on a referral within one working day; late, it escalates.
overdue = decision_overdue()
