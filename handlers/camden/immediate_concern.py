"""Camden §2: an immediate risk of harm goes to MASH directly; the MASH Manager decides."""
from ..safeguarding import decision_overdue, mash_decision

decision = mash_decision(
    "An immediate safeguarding concern was raised on this case and came straight to MASH (Camden §2: the "
    "MASH is contacted directly where there is an immediate risk of harm). Any planned step-up for the child "
    "carries on alongside. Read the concern, check the child is safe, and record the decision and rationale.")

# Working Together 2023: a decision on a referral within one working day; late, it escalates.
overdue = decision_overdue()
