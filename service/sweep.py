"""Firing due timers: the sweep the scheduler runs every SWEEP_SECONDS (and admins on demand).

Design. The timer index (``timer_index.Timer``) lists every waiting timer with its due
instant. A sweep reads the ids of rows due by ``rt.now()`` and then takes each in its own
short transaction: *claim* the row, load its instance, let the engine fire what is due,
save (state, work items and index rows in that same transaction; the index's save hook
writes one ``timer.fired`` audit event per firing), commit. A failure rolls back that one
claim only; a timer whose firing raises is marked failed and reported in the history.

Exactly once. The claim is what makes a firing happen once however many sweeps run:
- PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` on the timer row (a row another sweep
  holds is skipped, not waited for), then the instance row the same way (``FOR NO KEY
  UPDATE``, the lock a person's step takes: a step someone is saving right now wins; the
  timer goes at the next sweep), then the row is marked firing.
- SQLite (and anything else): one atomic ``UPDATE timers SET status='firing' WHERE id=…
  AND status='waiting' RETURNING instance_id`` as the transaction's first statement; only
  the sweep whose UPDATE changed the row gets an instance id back and goes on. SQLite has
  one writer at a time, so from that UPDATE to the commit nobody else can write at all (a
  single-writer guard for free).
Either way the row becomes ``fired`` in the same commit that stores the fired workflow,
so a later sweep (or a restarted process) cannot see it as due again, and a crash before
the commit leaves it ``waiting`` for the next sweep. A person's step takes the same
instance lock before reading the state (``instances.lock``), so it waits for a firing in
progress and carries on from the fired state, never a lost update nor a 500.
"""
import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from . import audit, instances, timer_index
from .extensions import db
from .models import ProcessInstance, ProcessVersion
from .timer_index import FAILED, FIRING, WAITING, Timer

log = logging.getLogger("stepwise.sweep")


def due_timer_ids(now, limit=None):
    """Ids of waiting timers due strictly before ``now`` (as the engine judges), soonest first."""
    query = (db.select(Timer.id).where(Timer.status == WAITING, Timer.due_at < now)
             .order_by(Timer.due_at, Timer.id))
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).all()


def fire_due_timers(rt, limit=None):
    """Fire every timer due by ``rt.now()``, each claimed in its own transaction; returns the firings."""
    now = rt.now()
    ids = due_timer_ids(now, limit)
    # End the reading transaction: every claim must start a fresh one (see the module note).
    db.session.commit()
    fired = []
    for timer_id in ids:
        fired.extend(fire_timer(rt, timer_id, now))
    return fired


def fire_timer(rt, timer_id, now):
    """Claim one due timer and fire it (and anything else due on its instance); [] if not ours."""
    try:
        instance_id = _claim(timer_id, now)
        if instance_id is None:
            db.session.rollback()
            return []
        # Fresh from the database (we hold the claim); the version's diagram text is left
        # unloaded: the parsed definition is cached per content hash.
        instance = db.session.get(ProcessInstance, instance_id, populate_existing=True,
                                  options=[joinedload(ProcessInstance.version).defer(ProcessVersion.files)])
        definition, wf = instances.load(rt, instance)
        rt.engine.fire_timers(wf)
        # The timer index's save hook closes the claimed row (and any other row of this
        # instance that went off with it) and writes one timer.fired event per firing.
        instances.save(rt, instance, definition, wf)
        fired = db.session.info.pop(timer_index.FIRED_KEY, [])
        db.session.commit()
        return fired
    except SQLAlchemyError as exc:
        # Nothing was written; the timer is still waiting and the next sweep retries it. A
        # person's step on the same instance winning (a conflict) is routine; anything else
        # (a lost connection) is worth a warning.
        db.session.rollback()
        if instances.is_conflict(exc):
            log.info("timer %s not fired this sweep: its case was being changed", timer_id)
        else:
            log.warning("timer %s not fired this sweep: %s", timer_id, type(exc).__name__)
        return []
    except Exception as exc:  # noqa: BLE001 -- one broken diagram must not stop every other timer
        db.session.rollback()
        _mark_failed(rt, timer_id, exc)
        return []


def _claim(timer_id, now):
    """Make this transaction the only one firing ``timer_id``; its instance id, or None."""
    if db.session.get_bind().dialect.name == "postgresql":
        row = db.session.execute(
            db.select(Timer.id, Timer.instance_id)
            .where(Timer.id == timer_id, Timer.status == WAITING, Timer.due_at < now)
            .with_for_update(skip_locked=True)).first()
        if row is None:
            return None
        # NO KEY UPDATE (the lock a person's step takes, service/instances.py): a claim's audit
        # event referring to the instance must not wait for the sweep, or the two could deadlock.
        held = db.session.execute(db.select(ProcessInstance.id).where(ProcessInstance.id == row.instance_id)
                                  .with_for_update(skip_locked=True, key_share=True)).first()
        if held is None:
            return None
        db.session.execute(db.update(Timer).where(Timer.id == timer_id).values(status=FIRING)
                           .execution_options(synchronize_session=False))
        return row.instance_id
    # The row changes (and its instance id comes back) only for the one sweep that got it.
    return db.session.execute(
        db.update(Timer).where(Timer.id == timer_id, Timer.status == WAITING, Timer.due_at < now)
        .values(status=FIRING).returning(Timer.instance_id)
        .execution_options(synchronize_session=False)).scalar()


def _mark_failed(rt, timer_id, exc):
    """Firing raised: take the timer out of the sweep and say so in the case history."""
    now = rt.now()
    row = db.session.get(Timer, timer_id, populate_existing=True)
    if row is None or row.status != WAITING:
        db.session.rollback()
        return
    row.status, row.closed_at = FAILED, now
    element = getattr(exc, "element_id", None) or row.bpmn_id
    log.error("timer %s on instance %s failed at %s", timer_id, row.instance_id, element)
    event = audit.record(now, "timer.failed", f"Deadline could not be acted on at {element}: {exc}",
                         actor=None, case_id=row.case_id, instance_id=row.instance_id,
                         data={"timer": row.bpmn_id, "due": row.due_at.isoformat(), "element": element})
    event.task_bpmn_id = row.bpmn_id
    db.session.commit()
