"""Blackburn: the concern is shared with the team leader and manager, who agree what MASH is needed for."""
from ..forms import Field, Handler

NOT_NEEDED = "Not needed: carry on under the CAF"
ROUTES = ("Referral into MASH", "Advice from a MASH social worker", NOT_NEEDED)

share_concern = Handler(
    task_id="share_concern",
    title="Share the concern with your team leader and manager",
    guidance=("Concerns are shared with the team leader and manager straight away. An immediate safeguarding "
              "concern does not wait for this: use the Immediate safeguarding concern button and phone MASH."),
    fields=(
        Field("concern", "What worries you, and what has changed?", "textarea", required=True),
        Field("shared_on", "Date shared with the team leader and manager", "date", happened=True, required=True),
        Field("caf_in_place", "Is a CAF in place for the family?", "choice", required=True, choices=("Yes", "No")),
    ),
)


def _route_needs_reason(clean, _context):
    # Carrying on under the CAF is a decision too: the team leader says why MASH is not needed.
    if clean["agreed_route"] == NOT_NEEDED and not clean["rationale"]:
        return {"rationale": "Say why neither a referral nor advice from MASH is needed"}
    return {}


team_leader_decision = Handler(
    task_id="team_leader_decision",
    title="Agree whether a referral into MASH or advice from a social worker is needed",
    guidance="If a referral or advice is agreed, the practitioner seeks the parents' consent where appropriate.",
    fields=(
        Field("agreed_route", "What is agreed?", "choice", required=True, choices=ROUTES),
        Field("rationale", "Rationale", "textarea"),
    ),
    rules=(_route_needs_reason,),
)
