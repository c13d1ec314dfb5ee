"""The chronology of a case, as a worker reads it: newest first, by kind, in plain words.

It is the case's audit events (service/store/audit.py) with the e-mails sent about the case
(the outbox) between them, in one keyset-paged list. Nothing is rewritten in the stored record:
the plain words are worked out when the chronology is read, so events written before a wording
changed read the same as new ones.
"""
import re
from functools import lru_cache

from handlers import PACKS

from service.diagrams import catalog
from service.engine import EngineError
from service.extensions import db
from service.mail.outbox_model import OutboxMessage
from service.store import paging
from service.store.models import UTC, AuditEvent, User
from service.store.paging import DEFAULT_LIMIT

# What a worker can filter the chronology by, in the order the filter lists them.
KINDS = {
    "decisions": "Decisions",
    "tasks": "Tasks and deadlines",
    "notes": "Case notes",
    "attachments": "Documents",
    "consent": "Consent",
    "level_of_need": "Level of Need",
    "emails": "E-mails",
    "pathways": "Pathways",
    "safeguarding": "Safeguarding concerns",
    "case": "Case details and service",
}
# Which recorded actions belong to which kind: exact names, or a prefix ending in a dot.
# task.completed is a decision or a task according to the task (decision_task_ids).
ACTIONS = {
    "tasks": ("task.", "timer.", "family."),
    "notes": ("case.note",),
    "attachments": ("case.attachment",),
    "consent": ("consent.",),
    "level_of_need": ("case.level_of_need",),
    "pathways": ("pathway.", "instance."),
    "safeguarding": ("safeguarding.",),
    "case": ("case.created", "case.updated"),
}
EMAIL_ACTION = "email.queued"
SERVICE_WORDS = {"CSC": "Children's Social Care (CSC)", "EH": "Early Help (EH)"}
# A decision is a task whose form decides something; escalations and reminders only chase one.
DECIDES = re.compile(r"decision|decide|outcome|oversight|agree|approve|resolve")
CHASES = re.compile(r"overdue|escalat|reminder")


@lru_cache(maxsize=1)
def decision_task_ids():
    """The ids of every pack's tasks that record a decision (by the task's own id and title); packs load once."""
    found = set()
    for pack in PACKS.values():
        for task_id, handler in pack.handlers.items():
            words = f"{task_id} {handler.title}".lower()
            if DECIDES.search(words) and not CHASES.search(words):
                found.add(task_id)
    return tuple(sorted(found))


def _matches(column, patterns):
    return db.or_(*[column.like(p.replace("_", "\\_") + "%", escape="\\") if p.endswith(".") else column == p
                    for p in patterns])


def _audit_condition(kinds):
    """Which audit events the kinds cover (None: every one)."""
    if kinds is None:
        return None
    decided = AuditEvent.task_bpmn_id.in_(decision_task_ids())
    is_decision = db.and_(AuditEvent.action == "task.completed", decided)
    parts = []
    for kind in kinds:
        if kind == "decisions":
            parts.append(is_decision)
        elif kind == "tasks":
            parts.append(db.and_(_matches(AuditEvent.action, ACTIONS["tasks"]),
                                 db.not_(db.and_(AuditEvent.action == "task.completed",
                                                 db.func.coalesce(AuditEvent.task_bpmn_id, "").in_(
                                                     decision_task_ids())))))
        elif kind in ACTIONS:
            parts.append(_matches(AuditEvent.action, ACTIONS[kind]))
    return db.or_(*parts) if parts else db.false()


def kind_of(action, task_id=None, decisions=None):
    """The kind an entry belongs to ("other" for actions no kind names)."""
    if action == EMAIL_ACTION:
        return "emails"
    if action == "task.completed" and task_id in (decisions if decisions is not None else decision_task_ids()):
        return "decisions"
    for kind, patterns in ACTIONS.items():
        if any(action.startswith(p) if p.endswith(".") else action == p for p in patterns):
            return kind
    return "other"


def page(case_id, kinds=None, newest_first=True, after=None, limit=DEFAULT_LIMIT):
    """A page of the case's chronology (audit events and e-mails), newest or oldest first.

    ``kinds`` is a collection of KINDS keys (None: everything). Rows carry ``source``: 0 for an
    event, 1 for an e-mail; ``id`` is the event's or the outbox message's.
    """
    name = "chronology-new" if newest_first else "chronology-old"
    key = paging.decode(name, after, (paging.MOMENT, paging.FLAG, paging.ID))
    events = (db.select(AuditEvent.at.label("at"), db.literal(0).label("source"), AuditEvent.id.label("id"),
                        AuditEvent.action.label("action"), AuditEvent.summary.label("summary"),
                        AuditEvent.instance_id.label("instance_id"), AuditEvent.work_item_id.label("work_item_id"),
                        AuditEvent.task_bpmn_id.label("task_id"), AuditEvent.data.label("data"),
                        db.cast(db.null(), db.JSON).label("recipients"), db.cast(db.null(), db.String).label("status"),
                        User.username.label("actor_username"), User.display_name.label("actor_name"))
              .outerjoin(User, User.id == AuditEvent.actor_id).where(AuditEvent.case_id == case_id))
    condition = _audit_condition(kinds)
    if condition is not None:
        events = events.where(condition)
    branches = [events]
    if kinds is None or "emails" in kinds:
        branches.append(
            db.select(OutboxMessage.created_at, db.literal(1), OutboxMessage.id, db.literal(EMAIL_ACTION),
                      OutboxMessage.subject, OutboxMessage.instance_id, db.cast(db.null(), db.Integer),
                      db.cast(db.null(), db.String), db.cast(db.null(), db.JSON), OutboxMessage.recipient_keys,
                      OutboxMessage.status, db.cast(db.null(), db.String), db.cast(db.null(), db.String))
            .where(OutboxMessage.case_id == case_id))
    rows = db.union_all(*branches).subquery() if len(branches) > 1 else events.subquery()
    order = (rows.c.at, rows.c.source, rows.c.id)
    query = db.select(rows).order_by(*[c.desc() if newest_first else c for c in order]).limit(limit + 1)
    if key is not None:
        at, is_mail, row_id = key
        position = db.tuple_(db.literal(at, UTC), db.literal(int(is_mail)), db.literal(row_id))
        query = query.where(db.tuple_(*order) < position if newest_first else db.tuple_(*order) > position)
    return paging.page(name, db.session.execute(query).all(), limit,
                       lambda row: (row.at, bool(row.source), row.id))


def pathway_titles(names):
    """Pathway name → the name its newest diagram gives (fallback: the file name in words)."""
    titles = {}
    for name in {name for name in names if name}:
        version = catalog.current_version(name)
        title = ""
        if version is not None:
            try:
                title = catalog.definition_for(version).spec.description or ""
            except EngineError:  # a diagram that will not parse must not break the chronology
                title = ""
        titles[name] = title or name.split("/")[-1].replace("_", " ").capitalize()
    return titles


PATHWAY_NAME = re.compile(r"\b([a-z]+/[a-z0-9_]+)\b")
UPDATE = re.compile(r"^Case updated: (.*)$")


def recipient_words(key):
    """A recipient key as a person reads it: "MASH Manager", "mash admin mailbox", an address."""
    kind, _, rest = str(key).partition(":")
    if kind in ("role", "user", "email") and rest:
        return rest
    return f"{key.replace('_', ' ')} mailbox"


def case_update_words(updates):
    """What a step changed on the case, in plain words: "Now with Children's Social Care (CSC)"."""
    parts = []
    for field, value in updates.items():
        if field == "current_service":
            parts.append(f"Now with {SERVICE_WORDS.get(str(value), value)}")
        else:
            parts.append(f"{field.replace('_', ' ').capitalize()}: {value}")
    return "; ".join(parts)


def words(row, titles):
    """The entry's one line in plain words (``titles``: pathway name → title)."""
    if row.action == EMAIL_ACTION:
        to = ", ".join(recipient_words(k) for k in (row.recipients or []))
        return f"E-mail to {to}: {row.summary}" if to else f"E-mail: {row.summary}"
    if row.action == "case.updated":
        found = UPDATE.match(row.summary)
        if found and " = " in found.group(1):
            pairs = dict(part.split(" = ", 1) for part in found.group(1).split(", ") if " = " in part)
            return case_update_words(pairs)
    return PATHWAY_NAME.sub(lambda m: titles.get(m.group(1), m.group(1)), row.summary)


def names_in(rows):
    """Pathway names mentioned in the rows' summaries (to look their titles up once)."""
    return {m for row in rows for m in PATHWAY_NAME.findall(row.summary or "")
            if m.split("/")[0] in PACKS}
