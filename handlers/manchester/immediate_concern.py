"""Manchester: immediate safeguarding concerns go straight to the MASH (Appendix 1, Level 5)."""
from ..safeguarding import mash_decision

decision = mash_decision(
    "An immediate safeguarding concern was raised on this case and came straight to the MASH (a child at risk of, "
    "or suffering, significant harm is a Level 5 referral to MASH; safeguarding procedures override the step-up "
    "and step-down guidance). Any planned pathway for the child carries on alongside. Read the concern, check the "
    "child is safe, and record the decision and rationale.")
