"""Blackburn pack: the step-up from Universal/CAF to MASH (guidance reviewed January 2025)."""
from . import concern, consent_sought, immediate_concern, mash_discussion, outcomes, screening

HANDLERS = {
    "share_concern": concern.share_concern,
    "team_leader_decision": concern.team_leader_decision,
    "seek_consent": consent_sought.seek_consent,
    "discuss_with_mash": mash_discussion.discuss_with_mash,
    "request_for_service": mash_discussion.request_for_service,
    "mash_screening": screening.mash_screening,
    "screening_decision_overdue": screening.screening_decision_overdue,
    "mash_management_oversight": screening.mash_management_oversight,
    "advise_referrer": outcomes.advise_referrer,
    "caf_link_worker_guidance": outcomes.caf_link_worker_guidance,
    "offer_early_help": outcomes.offer_early_help,
    "social_work_assessment": outcomes.social_work_assessment,
    "assessment_overdue": outcomes.assessment_overdue,
    # The safeguarding override (bpmn/blackburn/immediate_safeguarding_concern.bpmn).
    "immediate_concern_mash_decision": immediate_concern.decision,
}
