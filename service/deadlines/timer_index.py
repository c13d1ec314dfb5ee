"""The timer index: one row per waiting BPMN timer, so the sweep never deserialises to look.

Rows are written by a save hook in the same transaction as the instance state, so the
index can never say a timer is waiting that the stored workflow does not (or the other
way round). A row's life: ``waiting`` → ``fired`` (it went off: a ``timer.fired`` audit event is
written with it, whichever step fired it) or ``cancelled`` (its activity finished first),
or ``failed`` (firing raised an error; see the ``timer.failed`` event); on the way a sweep
may hold it as ``firing`` (claimed, still waiting in the workflow). A repeating timer gets
a fresh row per firing.
"""
import logging
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from service.store import audit, paging
from service.work import instances
from service.extensions import db
from service.store.models import UTC
from service.store.paging import DEFAULT_LIMIT

log = logging.getLogger("stepwise.timers")
WAITING, FIRED, CANCELLED, FAILED = "waiting", "fired", "cancelled", "failed"
# A row a sweep has claimed (service/deadlines/sweep.py): the save hook of the step that fires it turns
# it into fired, cancelled or (not due after all) waiting; a sweep that fails hands it back.
FIRING = "firing"
# Where the save hook leaves the firings it recorded, for the sweep to report.
FIRED_KEY = "stepwise.timers_fired"
TIMERS = "timers"


class Timer(db.Model):
    """A timer of a process instance and the instant it falls due."""
    __tablename__ = "timers"
    __table_args__ = (Index("ix_timers_status_due", "status", "due_at"),
                      # The admin list's order, over waiting timers only.
                      Index("ix_timers_waiting_due", "due_at", "id", sqlite_where=text("status = 'waiting'"),
                            postgresql_where=text("status = 'waiting'")))
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    pathway: Mapped[str] = mapped_column(String(120))
    task_uuid: Mapped[str] = mapped_column(String(36))
    bpmn_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300), default="")
    attached_to: Mapped[str | None] = mapped_column(String(120), nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTC)
    status: Mapped[str] = mapped_column(String(20), default=WAITING)
    created_at: Mapped[datetime] = mapped_column(UTC)
    closed_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    # When a sweep claimed it (status firing); a claim older than the sweep's LEASE was abandoned.
    claimed_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)


def sync(rt, instance, definition, wf):
    """Save hook: match the index to the workflow's timers, recording each firing in the history."""
    now, engine = rt.now(), rt.engine
    if not definition.has_timers:
        return  # nothing to index, and no query on every step of a timer-free pathway
    waiting = {t.task_uuid: t for t in engine.waiting_timers(wf)}
    rows = db.session.scalars(db.select(Timer).where(Timer.instance_id == instance.id,
                                                     Timer.status.in_((WAITING, FIRING)))).all()
    kept, fired, finished = set(), [], None
    for row in rows:
        timer = waiting.get(row.task_uuid)
        if timer is not None and row.task_uuid not in kept:
            if timer.due != row.due_at and row.due_at < now:
                fired.append(row)  # a repeating timer went off; its next instant gets a new row
                continue
            if row.status == FIRING and timer.due == row.due_at:
                log.warning("timer %s claimed but not due by the engine's clock", row.id)
            row.status, row.due_at, row.claimed_at = WAITING, timer.due, None
            kept.add(row.task_uuid)
            continue
        if finished is None:
            finished = set(engine.completed_elements(wf)), set(engine.active_elements(wf))
        completed, active = finished
        due = row.task_uuid not in kept and row.due_at < now  # a timer never goes off early
        if due and row.bpmn_id in completed:
            # Went off in this step: a sweep's, or the step of someone who moved the case on
            # after the deadline (the engine checks timers at the end of every step).
            fired.append(row)
        elif due and row.bpmn_id in active:
            row.status, row.claimed_at = WAITING, None  # the engine saw it due but has not run its branch: next sweep
        else:
            row.status, row.closed_at = CANCELLED, now  # its activity finished first
    for uuid, timer in waiting.items():
        if uuid not in kept:
            db.session.add(Timer(instance_id=instance.id, case_id=instance.case_id,
                                 pathway=instance.pathway, task_uuid=uuid, bpmn_id=timer.bpmn_id,
                                 name=timer.name or timer.bpmn_id, attached_to=timer.attached_to,
                                 due_at=timer.due, status=WAITING, created_at=now))
    db.session.info[FIRED_KEY] = [_record_firing(row, now) for row in fired]


def _record_firing(row, now):
    """Close a fired row and write its timer.fired audit event (system actor)."""
    row.status, row.closed_at = FIRED, now
    event = audit.record(now, "timer.fired", f"Deadline passed: {row.name or row.bpmn_id}", actor=None,
                         case_id=row.case_id, instance_id=row.instance_id,
                         data={"timer": row.bpmn_id, "due": row.due_at.isoformat(),
                               "attached_to": row.attached_to})
    event.task_bpmn_id = row.bpmn_id
    return {**timer_json(row), "fired": now.isoformat()}


def waiting_timers(limit=None):
    """Waiting timers, soonest due first."""
    query = db.select(Timer).where(Timer.status == WAITING).order_by(Timer.due_at, Timer.id)
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).all()


def waiting_page(after=None, limit=DEFAULT_LIMIT):
    """A page of waiting timers, soonest due first (read off ix_timers_waiting_due)."""
    key = paging.decode(TIMERS, after, (paging.MOMENT, paging.ID))
    query = db.select(Timer).where(Timer.status == WAITING).order_by(Timer.due_at, Timer.id).limit(limit + 1)
    if key is not None:
        query = query.where(db.tuple_(Timer.due_at, Timer.id) > db.tuple_(db.literal(key[0], UTC), key[1]))
    return paging.page(TIMERS, db.session.scalars(query).all(), limit, lambda row: (row.due_at, row.id))


def timer_json(row):
    """A timer row as plain data (admin API and sweep results)."""
    return {"id": row.id, "instance_id": row.instance_id, "case_id": row.case_id,
            "pathway": row.pathway, "timer_id": row.bpmn_id, "name": row.name,
            "attached_to": row.attached_to, "due": row.due_at.isoformat(), "status": row.status,
            "closed": row.closed_at.isoformat() if row.closed_at else None}


if sync not in instances.SAVE_HOOKS:
    instances.SAVE_HOOKS.append(sync)
