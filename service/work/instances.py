"""Loading and saving process instances, and keeping work items in step with them.

Saving writes the instance state and its work items in the caller's transaction, so a
worklist is never out of step with the workflow it lists.

Concurrency. A step that changes an instance first takes the instance's write lock
(``lock``) and only then reads its state, so people's steps and the timer sweep take
turns on one instance instead of overwriting each other. The optimistic version
(``lock_version``) stays as the backstop for any writer that did not lock. Whatever
still collides (a stale version, a lock wait that ran out, a deadlock victim, a
constraint) becomes a 409 with nothing written (``changing``), wherever in the
transaction it surfaces.
"""
from contextlib import contextmanager

from sqlalchemy import inspect
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from service.diagrams import catalog
from service.engine import EngineError
from service.errors import Conflict, NotFound
from service.extensions import db
from service.store.models import ProcessInstance, TaskDraft, WorkItem

CHANGED = "this case changed while you were working on it; reload and try again"
# How long a step waits for another step or a sweep holding the same instance. SQLite's
# equivalent is its busy_timeout (service/store/sqlite_tuning.py), also 5 s.
LOCK_WAIT = "5s"
# PostgreSQL SQLSTATEs meaning another transaction got there first: serialization failure,
# deadlock victim, lock not available (lock_timeout ran out).
_PG_CONFLICTS = {"40001", "40P01", "55P03"}
# SQLite primary result codes: SQLITE_BUSY and SQLITE_LOCKED ("database is locked").
_SQLITE_CONFLICTS = {5, 6}

# Functions called as hook(rt, instance, definition, wf) on every save; the timer index
# registers here so it is written in the same transaction as the state.
SAVE_HOOKS = []
# Functions called as hook(rt, instance, item) for each work item a save opens (same
# transaction); notifications register here to alert whoever the new task waits for.
NEW_ITEM_HOOKS = []


def load(rt, instance):
    """(definition, workflow) for a stored instance, on the version it started with."""
    definition = runnable_definition(instance.version)
    try:
        return definition, rt.engine.restore(definition, instance.state)
    except EngineError as exc:
        raise Conflict(f"this pathway's stored state cannot be read: {exc}") from None


def create(rt, case, version, actor, data=None, alongside=None):
    """Start a workflow for ``case`` on ``version`` and store it with its first work items.

    ``alongside`` (may other copies run on the case at the same time) defaults to what the
    diagram declares (``runs_per_case``).
    """
    definition = runnable_definition(version)
    if alongside is None:
        alongside = definition.runs_per_case == "many"
    try:
        wf = rt.engine.start(definition, data)
    except EngineError as exc:  # e.g. a condition the safe evaluator refuses, reached at once
        raise Conflict(f"the pathway could not start: it stopped at {exc.element_id}: {exc}") from None
    now = rt.now()
    instance = ProcessInstance(case_id=case.id, version_id=version.id, pathway=version.pathway,
                               status="running", state="", serializer_version="", runs_alone=not alongside,
                               started_at=now, updated_at=now, started_by=actor.id if actor else None)
    instance.version = version
    db.session.add(instance)
    db.session.flush()
    save(rt, instance, definition, wf)
    return instance


def lock(instance_id):
    """Take ``instance_id``'s write lock for this transaction; the instance, fresh from the database.

    Call it before reading the state you will change: whoever holds the lock (a colleague's
    step on a parallel task, a sweep firing a deadline) finishes first and this step goes
    on from what they stored.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(db.text(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
        # NO KEY UPDATE, not UPDATE: rows that merely refer to the instance (a claim's audit
        # event) take a key-share lock on it, which this must not block.
        held = db.session.execute(db.select(ProcessInstance.id).where(ProcessInstance.id == instance_id)
                                  .with_for_update(key_share=True)).scalar()
    else:
        # SQLite has one writer for the whole database and begins a transaction at its first
        # write: a no-op write takes that lock now (waiting up to busy_timeout), so every read
        # that follows sees the last committed state and nobody can commit in between.
        held = db.session.execute(db.update(ProcessInstance.__table__)
                                  .where(ProcessInstance.id == instance_id)
                                  .values(lock_version=ProcessInstance.__table__.c.lock_version)).rowcount
    if not held:
        raise NotFound(f"no process instance {instance_id}")
    return db.session.get(ProcessInstance, instance_id, populate_existing=True)


def save(rt, instance, definition, wf):
    """Write state, status and work items for ``instance`` (no commit)."""
    instance.state = rt.engine.serialise(definition, wf)
    instance.serializer_version = definition.serialiser.version
    instance.updated_at = rt.now()
    instance.status = "complete" if rt.engine.is_complete(wf) else "running"
    # Flush the instance row now, on purpose, before the queries below: its version check is
    # what catches a writer that changed the instance without its lock, and it must fail here,
    # at one known point every caller handles (a 409 for a person, a retry for the sweep),
    # not inside whichever query of sync_work_items would otherwise autoflush it.
    db.session.flush()
    sync_work_items(rt, instance, rt.engine.ready_tasks(wf))
    for hook in SAVE_HOOKS:
        hook(rt, instance, definition, wf)


def sync_work_items(rt, instance, ready):
    """Open a work item per newly ready task; cancel items whose task is no longer ready.

    Plain column reads and updates: the open items are compared, not loaded as objects.
    Typically one read and one insert; an update only when a task went away or its deadline moved.
    """
    table = WorkItem.__table__
    open_items = {row.task_uuid: row for row in db.session.execute(
        db.select(table.c.id, table.c.task_uuid, table.c.due_at)
        .where(table.c.instance_id == instance.id, table.c.status == "open"))}
    pack = instance.pathway.split("/")[0]
    now = rt.now()
    ready_ids, opened = set(), []
    for task in ready:
        ready_ids.add(task.task_uuid)
        row = open_items.get(task.task_uuid)
        if row is None:
            item = WorkItem(instance_id=instance.id, case_id=instance.case_id,
                            pathway=instance.pathway, pack=pack, task_uuid=task.task_uuid,
                            bpmn_id=task.bpmn_id, name=task.name or task.bpmn_id,
                            role=task.lane or "", status="open", created_at=now,
                            due_at=task.due)
            db.session.add(item)
            opened.append(item)
        elif task.due is not None and row.due_at != task.due:
            # Only a waiting timer gives a deadline; once it has fired (a non-interrupting
            # escalation) the task is still open and still overdue, so the date stays.
            _set_columns([row.id], due_at=task.due)
    gone = [row.id for uuid, row in open_items.items() if uuid not in ready_ids]
    if gone:
        _set_columns(gone, status="cancelled", completed_at=now)
        # A withdrawn task's drafts go with it: there is nothing left to finish.
        db.session.execute(db.delete(TaskDraft).where(TaskDraft.work_item_id.in_(gone)))
    for item in opened:
        for hook in NEW_ITEM_HOOKS:
            hook(rt, instance, item)


def _set_columns(item_ids, **values):
    """UPDATE work items by id, and any copy this session holds, without loading them."""
    db.session.execute(db.update(WorkItem.__table__).where(WorkItem.__table__.c.id.in_(item_ids)).values(**values))
    for item_id in item_ids:
        held = db.session.identity_map.get(inspect(WorkItem).identity_key_from_primary_key((item_id,)))
        if held is not None:
            for key, value in values.items():
                set_committed_value(held, key, value)


def runnable_definition(version):
    """The parsed version; a diagram the engine refuses (e.g. one carrying code) is a 409, not a 500."""
    try:
        return catalog.definition_for(version)
    except EngineError as exc:
        raise Conflict(f"version {version.number} of {version.pathway} cannot run: {exc}") from None


def is_conflict(exc):
    """Does this database error mean another transaction changed the same rows first?"""
    if isinstance(exc, (StaleDataError, IntegrityError)):
        return True
    if isinstance(exc, DBAPIError):
        orig = exc.orig
        if getattr(orig, "sqlstate", None) in _PG_CONFLICTS:
            return True
        code = getattr(orig, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in _SQLITE_CONFLICTS
    return False


def commit_or_conflict(keep=False):
    """Commit; a concurrent change to the same instance becomes a 409, with nothing written.

    ``keep``: the session's objects stay loaded after the commit (they hold what was just
    written), so an answer built from them costs no query to reload them.
    """
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = expiring and not keep
    try:
        session.commit()
    except SQLAlchemyError as exc:
        session.rollback()
        if is_conflict(exc):
            raise Conflict(CHANGED) from None
        raise
    finally:
        session.expire_on_commit = expiring


@contextmanager
def changing(keep=False):
    """One use case's writes as one transaction: committed at the end, or nothing written.

    A collision with another writer can surface anywhere inside (an autoflush in a query,
    a flush, a lock wait, the commit); each becomes a 409. Any other error or refusal
    raised inside rolls back too, so a refused step leaves no half-written rows. ``keep``:
    see ``commit_or_conflict``.
    """
    try:
        yield
    except SQLAlchemyError as exc:
        db.session.rollback()
        if is_conflict(exc):
            raise Conflict(CHANGED) from None
        raise
    except BaseException:
        db.session.rollback()
        raise
    commit_or_conflict(keep)
