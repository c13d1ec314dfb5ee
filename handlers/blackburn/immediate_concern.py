"""Blackburn: immediate safeguarding concerns follow safeguarding procedures, straight to MASH."""
from ..safeguarding import mash_decision

decision = mash_decision(
    "An immediate safeguarding concern was raised on this case and came straight to MASH (the guidance: an "
    "Early Help practitioner with immediate safeguarding concerns must follow safeguarding procedures; out "
    "of hours, the Emergency Duty Team). Any planned step-up carries on alongside. Read the concern, check "
    "the child is safe, and record the decision and rationale.")
