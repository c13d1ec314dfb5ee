"""What has been recorded so far: the earlier answers a decision page shows.

A handler names the earlier steps of its run whose answers its page shows (``Handler.shows``).
They are read back from the chronology (each completed step's event keeps the answers it
recorded), newest answer per step, and labelled with that step's own form labels, so the
decision-maker sees what the practitioner was asked, not field names.
"""
from handlers import PACKS, handler_for

from service.extensions import db
from service.store.models import AuditEvent


def for_item(item):
    """[{"task_id", "title", "completed_at" (aware), "completed_by", "answers": [{"name", "label", "value"}]}]."""
    handler = handler_for(item.pack, item.bpmn_id)
    # The handler's own declaration, else the pack's [evidence] table (a council may adjust it).
    pack = PACKS.get(item.pack)
    shows = (handler.shows if handler else ()) or tuple(pack.settings.get("evidence", {}).get(item.bpmn_id, ())
                                                         if pack else ())
    if not shows:
        return []
    events = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.instance_id == item.instance_id, AuditEvent.action == "task.completed",
               AuditEvent.task_bpmn_id.in_(shows))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())).all()
    latest = {}
    for event in events:
        latest.setdefault(event.task_bpmn_id, event)  # a step done twice (a loop): its newest answers
    steps = []
    for task_id in shows:
        event = latest.get(task_id)
        if event is None:
            continue  # not reached on this route through the diagram
        earlier = handler_for(item.pack, task_id)
        data = event.data or {}
        fields = earlier.fields if earlier else ()
        answers = [{"name": f.name, "label": f.label, "value": data[f.name]} for f in fields
                   if data.get(f.name) not in (None, "", [], {})]
        steps.append({"task_id": task_id, "title": earlier.title if earlier else task_id,
                      "completed_at": event.at,
                      "completed_by": event.actor.display_name if event.actor else None,
                      "answers": answers})
    return steps
