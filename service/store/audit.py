"""Writing the chronology. Events are added to the caller's transaction, never committed here."""
from service.extensions import db
from service.store.models import AuditEvent


def record(now, action, summary, actor=None, case_id=None, instance_id=None, work_item=None, data=None):
    """Append one audit event in the current transaction."""
    event = AuditEvent(at=now, action=action, summary=summary[:400],
                       actor_id=actor.id if actor else None, case_id=case_id, instance_id=instance_id,
                       work_item_id=work_item.id if work_item else None,
                       task_bpmn_id=work_item.bpmn_id if work_item else None, data=data)
    db.session.add(event)
    return event


def chronology(case_id):
    """A case's audit events, oldest first."""
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.case_id == case_id)
                              .order_by(AuditEvent.at, AuditEvent.id)).all()
