"""The safeguarding override's two forms, shared by every pack.

Every seed says safeguarding procedures override the protocol: a worker who sees an
immediate risk of harm goes straight to MASH, whatever step the planned pathway is at.
``concern_form`` is what the worker records; ``mash_decision`` is the MASH work item it
opens. Plain Python, like every handler.
"""
from dataclasses import replace

from .forms import Field, Handler

SAFE_NOW = ("Yes, for now", "No", "Not known")
PHONED = ("Yes, MASH", "Yes, police (999)", "Yes, MASH and police", "No, not yet")
DECISIONS = ("Strategy discussion / s47", "Child and family assessment", "Advice and information",
             "No further action")
CONCERN_TASK_ID = "immediate_safeguarding_concern"
DECISION_TASK_ID = "immediate_concern_mash_decision"

CONCERN_FIELDS = (
    Field("immediate_risk", "What happened, and what is the immediate risk?", "textarea", required=True,
          help="Facts first: what was seen or said, by whom, when; then the risk to the child now"),
    Field("child_safe_now", "Is the child safe right now?", "choice", required=True, choices=SAFE_NOW),
    Field("mash_or_police_phoned", "Have MASH or the police been phoned already?", "choice", required=True,
          choices=PHONED),
    Field("action_taken", "Action taken so far", "textarea",
          help="For example: who you spoke to, where the child is now, who is with them"),
)


NOT_SAFE, NOT_PHONED = "No", "No, not yet"


def phone_first(phone):
    """A child who is not safe now, and nobody has phoned: the worker phones before recording anything."""
    where = f"MASH on {phone}" if phone else "MASH"

    def rule(clean, _context):
        if clean.get("child_safe_now") == NOT_SAFE and clean.get("mash_or_police_phoned") == NOT_PHONED:
            return {"mash_or_police_phoned": f"The child is not safe: phone {where} now (or 999 for the police), "
                                             "then record here who you spoke to"}
        return {}
    return rule


def concern_form(phone=""):
    """The concern form, with the pack's MASH phone number as guidance on the phone question."""
    line = f"MASH: {phone}; police: 999." if phone else "Police: 999."
    fields = tuple(replace(f, help=f"{line} If a child is at immediate risk, phone first, then record it here")
                   if f.name == "mash_or_police_phoned" else f for f in CONCERN_FIELDS)
    return Handler(task_id=CONCERN_TASK_ID, title="Immediate safeguarding concern", fields=fields,
                   rules=(phone_first(phone),))


def concern_text(context):
    """The concern as raised, as one block of text for MASH to read (from the instance data)."""
    lines = []
    for f in CONCERN_FIELDS:
        value = context.get(f.name)
        if value:
            lines.append(f"{f.label}\n{value}")
    if context.get("raised_by"):
        lines.append(f"Raised by\n{context['raised_by']}")
    return "\n\n".join(lines)


OVERDUE_TASK_ID = "immediate_concern_decision_overdue"


def decision_overdue():
    """The escalation when MASH has recorded no decision on a concern within 1 working day."""
    return Handler(
        task_id=OVERDUE_TASK_ID,
        title="Escalation: no MASH decision within 1 working day of an immediate safeguarding concern",
        guidance=("A decision on the response to a referral is due within one working day (Working Together "
                  "2023). The MASH decision task stays open where it is: find out why there is none, make sure the "
                  "child is safe, and record what you did."),
        fields=(
            Field("child_safety_checked", "Have you checked the child is safe now?", "choice", required=True,
                  choices=SAFE_NOW),
            Field("action_taken", "What you did", "textarea", required=True),
        ),
    )


def mash_decision(guidance):
    """The MASH work item a concern opens: read the concern, record the decision and why."""
    return Handler(
        task_id=DECISION_TASK_ID,
        title="Immediate safeguarding concern: MASH decision",
        guidance=guidance,
        fields=(
            Field("concern_as_raised", "The concern as raised", "textarea", required=True,
                  help="Filled in from the worker's record; add anything learned since"),
            Field("mash_decision", "Decision", "choice", required=True, choices=DECISIONS),
            Field("mash_decision_rationale", "Rationale", "textarea", required=True),
        ),
        prefill=lambda context: {"concern_as_raised": concern_text(context)},
    )
