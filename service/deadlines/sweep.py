"""Firing due timers: the sweep the scheduler runs every SWEEP_SECONDS (and admins on demand).

Design. The timer index (``timer_index.Timer``) lists every waiting timer with its due
instant. A sweep *claims* due rows in batches (one statement and a commit per batch of
up to ``BATCH``), then takes each claimed instance in its own short transaction: lock the
instance, load it, let the engine fire what is due, save (state, work items and index rows
in that same transaction; the index's save hook writes one ``timer.fired`` audit event per
firing), commit. Each instance's diagram is parsed once per version and cached
(``catalog``), never per timer. A failure rolls back that one instance only and hands its
claims back; a timer whose firing raises is marked failed and reported in the history.

Exactly once. Two things together make a firing happen once however many sweeps run:
- The claim spreads the work. ``UPDATE timers SET status='firing', claimed_at=now WHERE
  id IN (SELECT … due … ORDER BY due_at LIMIT n FOR UPDATE SKIP LOCKED) RETURNING …``:
  on PostgreSQL, rows another sweep is claiming at that moment are skipped, not waited
  for, and a claimed row is no longer "waiting", so each due row goes to one sweep. SQLite
  has one writer at a time, so the same statement there is atomic by itself.
- The instance lock and the stored state decide. A sweep fires only under the instance's
  write lock (the lock a person's step takes, ``instances.lock``), from the state as last
  committed, and the engine fires only what that state still has waiting; so even a
  claim taken over from a sweep presumed dead cannot fire a timer twice. On PostgreSQL the
  lock is taken with SKIP LOCKED: a step someone is saving right now wins, and the timer
  is handed back for the next sweep.
A row becomes ``fired`` in the same commit that stores the fired workflow. A claim whose
sweep died (a killed process) stays ``firing``: it still counts as a waiting timer, and
any sweep takes it over once it is older than ``LEASE``.

Lateness. A due timer is claimed by the first sweep after it falls due, so it fires within
one SWEEP_SECONDS plus the time that sweep takes to reach it; only a claim abandoned by a
crashed sweep waits for LEASE.
"""
import logging
from datetime import timedelta
from itertools import groupby

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload

from service.store import audit
from service.work import instances
from service.deadlines import timer_index
from service.extensions import db
from service.store.models import ProcessInstance, ProcessVersion
from service.deadlines.timer_index import FAILED, FIRING, WAITING, Timer

log = logging.getLogger("stepwise.sweep")

BATCH = 100  # rows claimed per statement: big enough to amortise, small enough to share among sweeps
LEASE = timedelta(minutes=2)  # a claim this old was abandoned by a sweep that died


def due_timer_ids(now, limit=None):
    """Ids of waiting timers due strictly before ``now`` (as the engine judges), soonest first."""
    query = (db.select(Timer.id).where(Timer.status == WAITING, Timer.due_at < now)
             .order_by(Timer.due_at, Timer.id))
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).all()


def fire_due_timers(rt, limit=None, batch=BATCH):
    """Fire every timer due by ``rt.now()`` (at most ``limit``), claimed in batches; returns the firings."""
    now = rt.now()
    # End any reading transaction: each claim and each instance must start a fresh one.
    db.session.commit()
    fired, claimed, handed_back = [], 0, set()
    while limit is None or claimed < limit:
        size = batch if limit is None else min(batch, limit - claimed)
        claims = _claim(now, size, exclude=handed_back)
        if not claims:
            break
        claimed += len(claims)
        for instance_id, rows in groupby(sorted(claims, key=lambda c: c[1]), key=lambda c: c[1]):
            timer_ids = [timer_id for timer_id, _ in rows]
            firings = _fire_instance(rt, instance_id, timer_ids)
            if firings is None:
                handed_back.update(timer_ids)  # not again in this sweep: the next one retries
            else:
                fired.extend(firings)
    return fired


def fire_timer(rt, timer_id, now):
    """Claim one due timer and fire it (and anything else due on its instance); [] if not ours."""
    db.session.commit()
    claims = _claim(now, 1, only=timer_id)
    if not claims:
        return []
    return _fire_instance(rt, claims[0][1], [timer_id]) or []


def _claim(now, size, exclude=(), only=None):
    """Claim up to ``size`` due rows for this sweep (committed); [(timer id, instance id)]."""
    due = (db.select(Timer.id)
           .where(Timer.due_at < now,
                  db.or_(Timer.status == WAITING, db.and_(Timer.status == FIRING, Timer.claimed_at < now - LEASE)))
           .order_by(Timer.due_at, Timer.id).limit(size).with_for_update(skip_locked=True))
    if only is not None:
        due = due.where(Timer.id == only)
    if exclude:
        due = due.where(Timer.id.not_in(exclude))
    try:
        rows = db.session.execute(
            db.update(Timer).where(Timer.id.in_(due.scalar_subquery()))
            .values(status=FIRING, claimed_at=now).returning(Timer.id, Timer.instance_id)
            .execution_options(synchronize_session=False)).all()
        db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        if not instances.is_conflict(exc):
            raise
        log.info("timer claim skipped this sweep: another sweep was claiming")
        return []
    return [tuple(row) for row in rows]


def _fire_instance(rt, instance_id, timer_ids):
    """Fire what is due on one instance in its own transaction; its firings, or None if handed back."""
    try:
        instance = _lock(instance_id)
        if instance is None:
            db.session.rollback()
            _hand_back(timer_ids)
            return None
        definition, wf = instances.load(rt, instance)
        rt.engine.fire_timers(wf)
        # The timer index's save hook closes the claimed rows (and any other row of this
        # instance that went off with them) and writes one timer.fired event per firing.
        instances.save(rt, instance, definition, wf)
        fired = db.session.info.pop(timer_index.FIRED_KEY, [])
        db.session.commit()
        return fired
    except SQLAlchemyError as exc:
        # Nothing was written; the claims go back and the next sweep retries. A person's
        # step on the same instance winning (a conflict) is routine; anything else (a lost
        # connection) is worth a warning.
        db.session.rollback()
        if instances.is_conflict(exc):
            log.info("timers %s not fired this sweep: their case was being changed", timer_ids)
        else:
            log.warning("timers %s not fired this sweep: %s", timer_ids, type(exc).__name__)
        _hand_back(timer_ids)
        return None
    except Exception as exc:  # noqa: BLE001 -- one broken diagram must not stop every other timer
        db.session.rollback()
        for timer_id in timer_ids:
            _mark_failed(rt, timer_id, exc)
        return []


def _lock(instance_id):
    """This transaction's write lock on the instance, and the instance; None if a step holds it (PostgreSQL)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return instances.lock(instance_id)  # SQLite: the single writer's lock, waiting up to busy_timeout
    # One statement locks and loads. NO KEY UPDATE (the lock a person's step takes): a claim's
    # audit event referring to the instance must not wait for the sweep, or the two could deadlock.
    # The version's diagram text stays unloaded: the parsed definition is cached per content hash.
    return db.session.scalars(
        db.select(ProcessInstance).where(ProcessInstance.id == instance_id)
        .options(joinedload(ProcessInstance.version).defer(ProcessVersion.files))
        .with_for_update(skip_locked=True, key_share=True, of=ProcessInstance.__table__)
        .execution_options(populate_existing=True)).first()


def _hand_back(timer_ids):
    """Release this sweep's claims that are still claims (a step may have closed them meanwhile)."""
    try:
        db.session.execute(db.update(Timer).where(Timer.id.in_(timer_ids), Timer.status == FIRING)
                           .values(status=WAITING, claimed_at=None).execution_options(synchronize_session=False))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()  # the lease hands them back in time
        log.warning("timers %s: claims not handed back; they are retried after the lease", timer_ids)


def _mark_failed(rt, timer_id, exc):
    """Firing raised: take the timer out of the sweep and say so in the case history."""
    now = rt.now()
    row = db.session.get(Timer, timer_id, populate_existing=True)
    if row is None or row.status not in (WAITING, FIRING):
        db.session.rollback()
        return
    row.status, row.closed_at, row.claimed_at = FAILED, now, None
    element = getattr(exc, "element_id", None) or row.bpmn_id
    log.error("timer %s on instance %s failed at %s", timer_id, row.instance_id, element)
    event = audit.record(now, "timer.failed", f"Deadline could not be acted on at {element}: {exc}",
                         actor=None, case_id=row.case_id, instance_id=row.instance_id,
                         data={"timer": row.bpmn_id, "due": row.due_at.isoformat(), "element": element})
    event.task_bpmn_id = row.bpmn_id
    db.session.commit()
