"""Consent on the case: what a step records about who agreed to what, as plain data.

A handler's Outcome lists ``ConsentRecord``s; the service stores them with the step, in the
same transaction (service/work/consent.py), and shows them on the case. Pathways read what is
recorded so far from the handler context (``CONSENT_KEY``).
"""
from dataclasses import dataclass

# What consent is to: sharing the family's information (with MASH, between agencies), or a
# service (an offer of Early Help, say).
SCOPES = ("sharing", "service")
GIVEN, REFUSED, NOT_SOUGHT, OVERRIDDEN = "given", "refused", "not sought", "overridden"
DECISIONS = (GIVEN, REFUSED, NOT_SOUGHT, OVERRIDDEN)
# Ways consent is given, as a worker would tick them.
HOW = ("In person", "By phone", "In writing", "By e-mail")


@dataclass(frozen=True)
class ConsentRecord:
    """One decision about consent: who, to what, given / refused / not sought / overridden, how, when.

    An override (consent set aside for the child's safety) carries the reason and the manager
    who made it; ``problems`` says what is missing, so the service can refuse it.
    """

    given_by: str            # "Parents / carers", "Child / young person"
    scope: str               # one of SCOPES
    decision: str            # one of DECISIONS
    how: str = ""            # one of HOW, or "" when not given
    when: str | None = None  # ISO date the decision was made
    note: str = ""           # e.g. why consent was not sought
    override_reason: str = ""
    overridden_by: str = ""

    def problems(self):
        """{field: message} for a record the service must refuse; empty when it can be stored."""
        errors = {}
        if not (self.given_by or "").strip():
            errors["given_by"] = "say whose consent this is"
        if self.scope not in SCOPES:
            errors["scope"] = f"must be one of: {', '.join(SCOPES)}"
        if self.decision not in DECISIONS:
            errors["decision"] = f"must be one of: {', '.join(DECISIONS)}"
        if self.decision == OVERRIDDEN:
            # The safety override is lawful only when it is reasoned and owned by a manager.
            if not (self.override_reason or "").strip():
                errors["override_reason"] = "an override of consent needs the reason it is needed for the child's safety"
            if not (self.overridden_by or "").strip():
                errors["overridden_by"] = "an override of consent needs the manager who made it"
        return errors

    def as_dict(self):
        return {"given_by": self.given_by, "scope": self.scope, "decision": self.decision, "how": self.how,
                "when": self.when, "note": self.note, "override_reason": self.override_reason,
                "overridden_by": self.overridden_by}


def latest(records, scope, given_by=None):
    """The most recent recorded decision (a dict from CONSENT_KEY) for ``scope``, or None."""
    found = [r for r in records or () if r.get("scope") == scope and (given_by is None or r.get("given_by") == given_by)]
    return found[-1] if found else None
