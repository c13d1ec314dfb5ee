"""What must agree after any race or crash: work items, timer rows, audit events and the engine.

Shared by the race tests and the crash test. ``problems(app)`` restores every stored
instance and returns a list of sentences, one per disagreement (empty when all is well).
"""
from collections import Counter

from SpiffWorkflow.util.task import TaskState

from service.work import instances
from service.extensions import db
from service.store.models import AuditEvent, ProcessInstance, WorkItem
from service.deadlines.timer_index import FIRING, WAITING, Timer


def problems(app, instance_ids=None):
    """Every disagreement between the tables and the stored workflows (for ``instance_ids``, or all)."""
    found = []
    with app.app_context():
        rt = app.extensions["stepwise"]
        query = db.select(ProcessInstance).order_by(ProcessInstance.id)
        if instance_ids is not None:
            query = query.where(ProcessInstance.id.in_(instance_ids))
        for instance in db.session.scalars(query).all():
            found += _instance_problems(rt, instance)
        found += _event_problems(instance_ids)
        db.session.rollback()
    return found


def _instance_problems(rt, instance):
    found, name = [], f"instance {instance.id}"
    definition, wf = instances.load(rt, instance)
    items = db.session.scalars(db.select(WorkItem).where(WorkItem.instance_id == instance.id)).all()
    open_items = Counter(i.task_uuid for i in items if i.status == "open")
    ready = {t.task_uuid for t in rt.engine.ready_tasks(wf)}
    found += [f"{name}: {n} open work items for task {uuid}" for uuid, n in open_items.items() if n > 1]
    if set(open_items) != ready:
        found.append(f"{name}: open work items {sorted(open_items)} but ready tasks {sorted(ready)}")
    # Each completed work item is one completed user task in the engine, and the other way round:
    # a completion applied twice would leave two completed tasks for one acknowledged step.
    done_items = Counter(i.task_uuid for i in items if i.status == "completed")
    done_tasks = {str(t.id) for t in wf.tasks.values()
                  if t.task_spec.manual and t.has_state(TaskState.COMPLETED)}
    if set(done_items) != done_tasks or any(n > 1 for n in done_items.values()):
        found.append(f"{name}: completed work items {sorted(done_items.elements())} "
                     f"but completed user tasks {sorted(done_tasks)}")
    # A claimed row (firing) whose sweep was killed is still a waiting timer: the next sweep
    # past the lease takes it over.
    rows = Counter(db.session.scalars(db.select(Timer.task_uuid).where(
        Timer.instance_id == instance.id, Timer.status.in_((WAITING, FIRING)))).all())
    waiting = {t.task_uuid for t in rt.engine.waiting_timers(wf)} if definition.has_timers else set()
    if set(rows) != waiting or any(n > 1 for n in rows.values()):
        found.append(f"{name}: waiting timer rows {sorted(rows.elements())} but waiting timers {sorted(waiting)}")
    status = "complete" if rt.engine.is_complete(wf) else "running"
    if instance.status != status:
        found.append(f"{name}: stored as {instance.status} but the workflow is {status}")
    return found


def _event_problems(instance_ids):
    """One task.completed event per completed work item, and no timer firing recorded twice."""
    found = []
    query = db.select(AuditEvent).where(AuditEvent.action.in_(("task.completed", "timer.fired")))
    if instance_ids is not None:
        query = query.where(AuditEvent.instance_id.in_(instance_ids))
    events = db.session.scalars(query).all()
    completions = Counter(e.work_item_id for e in events if e.action == "task.completed")
    item_query = db.select(WorkItem).where(WorkItem.id.in_(list(completions)) | (WorkItem.status == "completed"))
    if instance_ids is not None:
        item_query = item_query.where(WorkItem.instance_id.in_(instance_ids))
    items = {i.id: i.status for i in db.session.scalars(item_query)}
    for item_id, status in items.items():
        if status == "completed" and completions.get(item_id, 0) != 1:
            found.append(f"work item {item_id}: completed with {completions.get(item_id, 0)} task.completed events")
        elif status != "completed" and item_id in completions:
            found.append(f"work item {item_id}: {status} but has a task.completed event")
    firings = Counter((e.instance_id, (e.data or {}).get("timer"), (e.data or {}).get("due"))
                      for e in events if e.action == "timer.fired")
    found += [f"timer {key[1]} of instance {key[0]} due {key[2]} fired {n} times"
              for key, n in firings.items() if n > 1]
    return found
