"""Drafts: a worker's unfinished answers to a task, kept on the server until they come back.

A draft is not an answer: it is checked only so that it can be stored (known fields, sizes, no
text a database refuses), never against the form's rules, and it never moves the pathway.
It belongs to the person who saved it (one per task and person), is shown to nobody else,
and goes when the task completes or is withdrawn. Saving one is on the chronology: who and
when, never what (a draft may hold things the worker has not yet decided to record).
"""
import logging

from handlers import handler_for
from handlers.forms import MAX_LENGTH, text_problem

from service.errors import Conflict, Forbidden, Invalid, NotFound
from service.extensions import db
from service.store import audit
from service.store.models import TaskDraft, WorkItem

log = logging.getLogger(__name__)

# Room for the longest answer any field takes; a choice or a number is short.
LONGEST_TEXT = max(MAX_LENGTH.values())
SHORT_TEXT = 500
MOST_CHOICES = 100


def _get_item(actor, item_id):
    """The task, if the actor's roles reach it (the same rule as reading it)."""
    item = db.session.get(WorkItem, item_id)
    if item is None:
        raise NotFound(f"no task {item_id}")
    if not actor.holds(item.pack, item.role):
        raise Forbidden(f"this task is for the role {item.role!r}, which you do not hold")
    return item


def _problem(value, longest):
    """Why one answer cannot be kept as a draft, or None."""
    if value is None or isinstance(value, bool) or isinstance(value, int) and abs(value) < 10 ** 15:
        return None
    if isinstance(value, str):
        if len(value) > longest:
            return f"must be at most {longest:,} characters"
        return text_problem(value)
    if isinstance(value, list):
        if len(value) > MOST_CHOICES:
            return f"must have at most {MOST_CHOICES} choices"
        for choice in value:
            if not isinstance(choice, str):
                return "must be a list of choices as text"
            problem = _problem(choice, SHORT_TEXT)
            if problem:
                return problem
        return None
    return "must be text, true or false, a whole number or a list of choices"


def check(item, data):
    """Refuse (422 naming the field) a draft that cannot be stored; otherwise the draft to keep."""
    handler = handler_for(item.pack, item.bpmn_id)
    if handler is None:
        raise NotFound(f"no handler for task {item.bpmn_id}")
    fields = {f.name: f for f in handler.fields}
    errors, kept = {}, {}
    for name, value in data.items():
        f = fields.get(name)
        if f is None:
            errors[name] = "is not a field of this form"
            continue
        longest = f.max_length or SHORT_TEXT
        if f.per_child and isinstance(value, dict):
            # A family run: one answer per child, keyed by the child's case id.
            for case_id, answer in value.items():
                problem = None if str(case_id).isdigit() and len(str(case_id)) < 16 else "is not a child of this run"
                problem = problem or _problem(answer, longest)
                if problem:
                    errors[f"{name}.{case_id}"] = problem
        else:
            problem = _problem(value, longest)
            if problem:
                errors[name] = problem
        kept[name] = value
    if errors:
        raise Invalid("the draft could not be saved", errors)
    return kept


def save(rt, actor, item_id, data):
    """Keep ``data`` as the actor's draft of the task (replacing theirs); the draft row."""
    item = _get_item(actor, item_id)
    if item.status != "open":
        raise Conflict(f"this task is already {item.status}")
    kept = check(item, data)
    now = rt.now()
    draft = db.session.scalars(db.select(TaskDraft).where(TaskDraft.work_item_id == item.id,
                                                          TaskDraft.user_id == actor.id)).first()
    if draft is None:
        draft = TaskDraft(work_item_id=item.id, user_id=actor.id, data=kept, saved_at=now)
        db.session.add(draft)
    else:
        draft.data, draft.saved_at = kept, now
    audit.record(now, "task.draft_saved", f"Saved a draft of {item.name}", actor=actor, case_id=item.case_id,
                 instance_id=item.instance_id, work_item=item)
    db.session.commit()
    log.info("draft saved: task %s, user %s", item.id, actor.id)  # ids only: a draft may hold child details
    return draft


def mine(actor, item):
    """The actor's own draft of an open task, or None (nobody else's is ever returned)."""
    if item.status != "open":
        return None
    return db.session.scalars(db.select(TaskDraft).where(TaskDraft.work_item_id == item.id,
                                                         TaskDraft.user_id == actor.id)).first()


def as_json(draft):
    return None if draft is None else {"data": draft.data, "saved_at": draft.saved_at.isoformat()}


def discard(item_ids):
    """Delete every draft of these tasks (they completed or went away), in the caller's transaction."""
    if item_ids:
        db.session.execute(db.delete(TaskDraft).where(TaskDraft.work_item_id.in_(list(item_ids))))
