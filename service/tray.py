"""The tray ("My work"): open tasks for a person's roles, a page at a time, and its counts.

Order: tasks with a deadline first, soonest first; then those without one; each then by
when it arrived, then id. The database reads this straight off one index per role
(``ix_work_items_tray``, open items only: pack, role, due, received, id), so a page costs
the same with ten open tasks or a hundred thousand. A person holding several roles gets
one short index range per role, merged; dated and undated tasks are read as two ranges,
because SQLite and PostgreSQL put empty deadlines at opposite ends of an index.
"""
from sqlalchemy import case as when, func

from . import paging
from .extensions import db
from .models import UTC, Case, User, WorkItem
from .schemas import DEFAULT_LIMIT

KIND = "tray"
# A cursor holds: no deadline?, the deadline, received, id.
SHAPE = (paging.FLAG, paging.MOMENT_OR_NONE, paging.MOMENT, paging.ID)
# What a row of the tray shows (API and page alike): never the workflow, never the whole case.
COLUMNS = (WorkItem.id, WorkItem.case_id, WorkItem.instance_id, WorkItem.pathway, WorkItem.bpmn_id,
           WorkItem.name, WorkItem.role, WorkItem.status, WorkItem.created_at, WorkItem.due_at,
           WorkItem.assignee_id)


def page(now, actor, case_id=None, pathway=None, overdue=None, after=None, limit=DEFAULT_LIMIT):
    """One page of the actor's open tasks (a paging.Page of rows), by the order above."""
    key = paging.decode(KIND, after, SHAPE)
    pairs = sorted(actor.role_pairs())
    if not pairs:
        return paging.Page([], None)
    filters = _filters(case_id, pathway)
    rows = []
    if key is None or not key[0]:
        dated = [WorkItem.due_at.is_not(None)]
        if overdue is True:
            dated.append(WorkItem.due_at < now)
        elif overdue is False:
            dated.append(WorkItem.due_at >= now)
        if key is not None:
            dated.append(db.tuple_(WorkItem.due_at, WorkItem.created_at, WorkItem.id) > db.tuple_(
                _moment(key[1]), _moment(key[2]), key[3]))
        rows = _read(pairs, filters + dated, (WorkItem.due_at, WorkItem.created_at, WorkItem.id), limit + 1)
    if len(rows) <= limit and overdue is not True:
        undated = [WorkItem.due_at.is_(None)]
        if key is not None and key[0]:
            undated.append(db.tuple_(WorkItem.created_at, WorkItem.id) > db.tuple_(_moment(key[2]), key[3]))
        rows += _read(pairs, filters + undated, (WorkItem.created_at, WorkItem.id), limit + 1 - len(rows))
    return paging.page(KIND, rows, limit, lambda r: (r.due_at is None, r.due_at, r.created_at, r.id))


def counts(now, actor, case_id=None, pathway=None):
    """How many open tasks the actor's roles have, and how many of them are overdue."""
    pairs = sorted(actor.role_pairs())
    if not pairs:
        return {"total": 0, "overdue": 0}
    # One small count per role, each read from the tray index alone.
    parts = [db.select(func.count().label("total"),
                       func.count(when((WorkItem.due_at < now, 1))).label("overdue"))
             .where(*_open_for(pack, role), *_filters(case_id, pathway)) for pack, role in pairs]
    both = db.union_all(*parts).subquery()
    total, late = db.session.execute(db.select(func.sum(both.c.total), func.sum(both.c.overdue))).one()
    return {"total": int(total or 0), "overdue": int(late or 0)}


def _open_for(pack, role):
    return (WorkItem.status == "open", WorkItem.pack == pack, WorkItem.role == role)


def _filters(case_id, pathway):
    found = []
    if case_id is not None:
        found.append(WorkItem.case_id == case_id)
    if pathway:
        found.append(WorkItem.pathway == pathway)
    return found


def _read(pairs, where, order, limit):
    """Up to ``limit`` rows in ``order``: one index range per role, merged, then named."""
    ranges = [db.select(*COLUMNS).where(*_open_for(pack, role), *where).order_by(*order).limit(limit).subquery()
              for pack, role in pairs]
    merged = (db.union_all(*[db.select(r) for r in ranges]) if len(ranges) > 1
              else db.select(ranges[0])).subquery("tray")
    assignee = db.aliased(User)
    query = (db.select(merged, Case.child_name, Case.person_id, assignee.username.label("assignee_username"),
                       assignee.display_name.label("assignee_name"))
             .join(Case, Case.id == merged.c.case_id)
             .outerjoin(assignee, assignee.id == merged.c.assignee_id)
             .order_by(*[merged.c[c.key] for c in order]).limit(limit))
    return list(db.session.execute(query).all())


def _moment(value):
    # A bound value typed like the column, so the row comparison sees the stored (naive UTC) form.
    return db.literal(value, UTC) if value is not None else None
