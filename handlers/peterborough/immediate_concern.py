"""Peterborough: an immediate safeguarding concern goes straight to MASH, whatever the step-down is doing."""
from ..safeguarding import mash_decision

decision = mash_decision(
    "An immediate safeguarding concern was raised on this case and came straight to MASH: nothing in a step-down "
    "may delay a response to an immediate risk of harm. Any step-down under way carries on alongside. Read the "
    "concern, check the child is safe, and record the decision and rationale.")
