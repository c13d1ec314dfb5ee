"""Consent on the case: store what a step records, read it back for the case and its pathways.

A step's Outcome lists ConsentRecords (handlers/consent.py); ``record_step`` stores them in
the step's own transaction, each with a chronology entry. An override of consent for the
child's safety is stored only with its reason and the manager who made it, and its entry
says so, so the override is visible in the chronology and never silent.
"""
from datetime import date

from handlers.consent import OVERRIDDEN

from service.store import audit
from service.errors import Invalid
from service.extensions import db
from service.store.models import Consent

SCOPE_WORDS = {"sharing": "information sharing", "service": "the service offered"}


def record_step(rt, actor, case, instance, item, records):
    """Store a completed step's consent records; refuse (nothing written) any that cannot stand."""
    now = rt.now()
    for record in records:
        errors = record.problems()
        if errors:
            # A handler let an incomplete record through: refuse the whole step, naming what is missing.
            raise Invalid("consent record incomplete", errors)
        row = Consent(case_id=case.id, instance_id=instance.id if instance else None,
                      work_item_id=item.id if item else None, given_by=record.given_by.strip(),
                      scope=record.scope, decision=record.decision, how=record.how or "",
                      decided_on=_day(record.when), note=record.note or "",
                      override_reason=(record.override_reason or "").strip(),
                      overridden_by=(record.overridden_by or "").strip(), recorded_at=now,
                      recorded_by=actor.id if actor else None)
        db.session.add(row)
        audit.record(now, *_entry(row), actor=actor, case_id=case.id,
                     instance_id=row.instance_id, work_item=item, data=record.as_dict())


def for_case(case_id):
    """The case's consent records, oldest first."""
    return db.session.scalars(db.select(Consent).where(Consent.case_id == case_id)
                              .order_by(Consent.recorded_at, Consent.id)).all()


def as_json(row):
    """One record as the API shows it."""
    return {"id": row.id, "given_by": row.given_by, "scope": row.scope, "decision": row.decision,
            "how": row.how, "when": row.decided_on.isoformat() if row.decided_on else None, "note": row.note,
            "override_reason": row.override_reason, "overridden_by": row.overridden_by,
            "recorded_at": row.recorded_at.isoformat(),
            "recorded_by": row.recorder.username if row.recorder else None,
            "instance_id": row.instance_id, "work_item_id": row.work_item_id}


def for_handlers(case_id):
    """What pathways read: the case's consent so far, as the plain dicts handlers know."""
    return [{"given_by": r.given_by, "scope": r.scope, "decision": r.decision, "how": r.how,
             "when": r.decided_on.isoformat() if r.decided_on else None, "note": r.note,
             "override_reason": r.override_reason, "overridden_by": r.overridden_by} for r in for_case(case_id)]


def describe(row):
    """One line a social worker reads: 'Parents / carers: given, in person, 2026-11-02'."""
    return _entry(row)[1]


def _entry(row):
    scope = SCOPE_WORDS.get(row.scope, row.scope)
    if row.decision == OVERRIDDEN:
        return ("consent.overridden", f"Consent of {row.given_by} to {scope} overridden for the child's safety "
                                      f"by {row.overridden_by}")
    how = f", {row.how.lower()}" if row.how else ""
    return "consent.recorded", f"Consent of {row.given_by} to {scope}: {row.decision}{how}"


def _day(value):
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Invalid("consent record incomplete", {"when": "must be a date as YYYY-MM-DD"}) from None
