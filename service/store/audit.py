"""Writing the chronology. Events are added to the caller's transaction, never committed here."""
from service.store import paging
from service.extensions import db
from service.store.models import UTC, AuditEvent, User
from service.store.paging import DEFAULT_LIMIT


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


HISTORY = "history"


def chronology_page(case_id, after=None, limit=DEFAULT_LIMIT):
    """A page of a case's audit events, oldest first (a paging.Page of rows with the actor's username)."""
    key = paging.decode(HISTORY, after, (paging.MOMENT, paging.ID))
    query = (db.select(AuditEvent.id, AuditEvent.at, AuditEvent.action, AuditEvent.summary, AuditEvent.instance_id,
                       AuditEvent.work_item_id, AuditEvent.task_bpmn_id, AuditEvent.data,
                       User.username.label("actor_username"))
             .outerjoin(User, User.id == AuditEvent.actor_id)
             .where(AuditEvent.case_id == case_id).order_by(AuditEvent.at, AuditEvent.id).limit(limit + 1))
    if key is not None:
        query = query.where(db.tuple_(AuditEvent.at, AuditEvent.id) > db.tuple_(db.literal(key[0], UTC), key[1]))
    return paging.page(HISTORY, db.session.execute(query).all(), limit, lambda row: (row.at, row.id))
