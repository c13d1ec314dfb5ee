"""Loading and saving process instances, and keeping work items in step with them.

Saving writes the instance state and its work items in the caller's transaction, so a
worklist is never out of step with the workflow it lists.
"""
from sqlalchemy.orm.exc import StaleDataError

from . import catalog
from .errors import Conflict
from .extensions import db
from .models import ProcessInstance, WorkItem

# Functions called as hook(rt, instance, definition, wf) on every save; the timer index
# registers here so it is written in the same transaction as the state.
SAVE_HOOKS = []
# Functions called as hook(rt, instance, item) for each work item a save opens (same
# transaction); notifications register here to alert whoever the new task waits for.
NEW_ITEM_HOOKS = []


def load(rt, instance):
    """(definition, workflow) for a stored instance, on the version it started with."""
    definition = catalog.definition_for(instance.version)
    return definition, rt.engine.restore(definition, instance.state)


def create(rt, case, version, actor, data=None, alongside=None):
    """Start a workflow for ``case`` on ``version`` and store it with its first work items.

    ``alongside`` (may other copies run on the case at the same time) defaults to what the
    diagram declares (``runs_per_case``).
    """
    definition = catalog.definition_for(version)
    if alongside is None:
        alongside = definition.runs_per_case == "many"
    wf = rt.engine.start(definition, data)
    now = rt.now()
    instance = ProcessInstance(case_id=case.id, version_id=version.id, pathway=version.pathway,
                               status="running", state="", serializer_version="", runs_alone=not alongside,
                               started_at=now, updated_at=now, started_by=actor.id if actor else None)
    instance.version = version
    db.session.add(instance)
    db.session.flush()
    save(rt, instance, definition, wf)
    return instance


def save(rt, instance, definition, wf):
    """Write state, status and work items for ``instance`` (no commit)."""
    instance.state = rt.engine.serialise(definition, wf)
    instance.serializer_version = definition.serialiser.version
    instance.updated_at = rt.now()
    instance.status = "complete" if rt.engine.is_complete(wf) else "running"
    sync_work_items(rt, instance, rt.engine.ready_tasks(wf))
    for hook in SAVE_HOOKS:
        hook(rt, instance, definition, wf)


def sync_work_items(rt, instance, ready):
    """Open a work item per newly ready task; cancel items whose task is no longer ready."""
    open_items = {w.task_uuid: w for w in db.session.scalars(
        db.select(WorkItem).where(WorkItem.instance_id == instance.id, WorkItem.status == "open"))}
    pack = instance.pathway.split("/")[0]
    ready_ids, opened = set(), []
    for task in ready:
        ready_ids.add(task.task_uuid)
        item = open_items.get(task.task_uuid)
        if item is None:
            item = WorkItem(instance_id=instance.id, case_id=instance.case_id,
                            pathway=instance.pathway, pack=pack, task_uuid=task.task_uuid,
                            bpmn_id=task.bpmn_id, name=task.name or task.bpmn_id,
                            role=task.lane or "", status="open", created_at=rt.now(),
                            due_at=task.due)
            db.session.add(item)
            opened.append(item)
        elif task.due is not None and item.due_at != task.due:
            # Only a waiting timer gives a deadline; once it has fired (a non-interrupting
            # escalation) the task is still open and still overdue, so the date stays.
            item.due_at = task.due
    for uuid, item in open_items.items():
        if uuid not in ready_ids:
            item.status = "cancelled"
            item.completed_at = rt.now()
    for item in opened:
        for hook in NEW_ITEM_HOOKS:
            hook(rt, instance, item)


def commit_or_conflict():
    """Commit; a concurrent change to the same instance becomes a 409, with nothing written."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict("this case changed while you were working on it; reload and try again") from None
