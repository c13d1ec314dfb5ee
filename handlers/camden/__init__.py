"""Camden pack: Step Up to MASH (Appendix 1 of Camden's step-up guidance)."""
from . import immediate_concern, mash_contact_and_referral, mash_manager_decision, next_actions, step_up_to_mash

HANDLERS = {
    "send_step_up_to_mash": step_up_to_mash.send_step_up,
    "mash_contact_and_referral": mash_contact_and_referral.contact_and_referral,
    "write_summary": mash_contact_and_referral.write_summary,
    "mash_manager_decision": mash_manager_decision.decision,
    "strategy_discussion": next_actions.strategy_discussion,
    "child_and_family_assessment": next_actions.child_and_family_assessment,
    # The safeguarding override (bpmn/camden/immediate_safeguarding_concern.bpmn).
    "immediate_concern_mash_decision": immediate_concern.decision,
}
