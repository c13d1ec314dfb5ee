"""The tray ("My work"): open tasks for a person's roles, a page at a time, and its counts.

Order: tasks with a deadline first, soonest first; then those without one; each then by
when it arrived, then id. The database reads a page straight off two partial indexes of
open items (``ix_work_items_tray_dated``: pack, role, deadline, arrival, id;
``ix_work_items_tray_undated``: pack, role, arrival, id), so a page costs the same with ten
open tasks or a hundred thousand. A person holding several roles gets one short index range
per role, merged. Dated and undated tasks are two ranges: the databases put empty
deadlines at opposite ends of an index, and neither takes an order from "IS NULL".
"""
from sqlalchemy import bindparam, case as when, func, literal_column

from service.store import paging
from service.extensions import db
from service.store.family_model import FamilyRunMember
from service.store.models import UTC, Case, User, WorkItem
from .schemas import DEFAULT_LIMIT

KIND = "tray"
TEAM_KIND = "team"  # one role's tray, for its team and their managers (service/work/allocation.py)
# A cursor holds: no deadline?, the deadline, received, id.
SHAPE = (paging.FLAG, paging.MOMENT_OR_NONE, paging.MOMENT, paging.ID)
# What a row of the tray shows (API and page alike): never the workflow, never the whole case.
COLUMNS = (WorkItem.id, WorkItem.case_id, WorkItem.instance_id, WorkItem.pathway, WorkItem.bpmn_id,
           WorkItem.name, WorkItem.role, WorkItem.status, WorkItem.created_at, WorkItem.due_at,
           WorkItem.assignee_id)


def page(now, actor, case_id=None, pathway=None, overdue=None, after=None, limit=DEFAULT_LIMIT):
    """One page of the actor's open tasks (a paging.Page of rows), by the order above."""
    return _page(KIND, sorted(actor.role_pairs()), now, case_id, pathway, overdue, after, limit)


def team_page(now, pack, role, after=None, limit=DEFAULT_LIMIT):
    """One page of a team's work: every open task of one role, claimed or not, in the same order.

    Its cursors are its own (a "My work" cursor is refused here), and it reads the same index range."""
    return _page(TEAM_KIND, [(pack, role)], now, None, None, None, after, limit)


def _page(kind, pairs, now, case_id, pathway, overdue, after, limit):
    key = paging.decode(kind, after, SHAPE)
    if not pairs:
        return paging.Page([], None)
    values = {**_values(pairs, case_id, pathway, now), "limit": limit + 1}
    shape = (len(pairs), case_id is not None, bool(pathway))
    if key is not None:
        values.update(due=key[1], received=key[2], id=key[3])
    rows = []
    if key is None or not key[0]:  # still among the tasks with a deadline
        rows = _run(("dated", overdue, key is not None) + shape, values)
    if len(rows) <= limit and overdue is not True:
        values["limit"] = limit + 1 - len(rows)
        rows += _run(("undated", None, key is not None and key[0]) + shape, values)
    return paging.page(kind, rows, limit, lambda r: (r.due_at is None, r.due_at, r.created_at, r.id))


def counts(now, actor, case_id=None, pathway=None):
    """How many open tasks the actor's roles have, and how many of them are overdue."""
    pairs = sorted(actor.role_pairs())
    if not pairs:
        return {"total": 0, "overdue": 0}
    values = _values(pairs, case_id, pathway, now)
    total, late = _run(("counts", len(pairs), case_id is not None, bool(pathway)), values)[0]
    return {"total": int(total or 0), "overdue": int(late or 0)}


def _values(pairs, case_id, pathway, now):
    """The parameters every statement below may take (each uses those its shape needs)."""
    values = {"case_id": case_id, "pathway": pathway, "now": now}
    for n, (pack, role) in enumerate(pairs):
        values[f"pack_{n}"], values[f"role_{n}"] = pack, role
    return values


# Built statements by their shape; values go in as parameters. Building the merged query is
# the costly part of a page in Python, and the same few shapes recur on every request.
_STATEMENTS = {}


def _run(shape, values):
    statement = _STATEMENTS.get(shape)
    if statement is None:
        statement = _STATEMENTS[shape] = _counts(*shape[1:]) if shape[0] == "counts" else _statement(*shape)
    return list(db.session.execute(statement, values).all())


def _open(n, by_case, by_pathway, dated):
    """Open items of the n-th role with or without a deadline, with the filters asked for."""
    # Written out, not bound: the planner must see these to choose the matching partial index.
    where = [WorkItem.status == literal_column("'open'"),
             WorkItem.due_at.is_not(None) if dated else WorkItem.due_at.is_(None),
             WorkItem.pack == bindparam(f"pack_{n}"), WorkItem.role == bindparam(f"role_{n}")]
    if by_case:
        # A child's tasks include those of a family run covering them (service/work/families.py).
        where.append(db.or_(WorkItem.case_id == bindparam("case_id"), WorkItem.instance_id.in_(
            db.select(FamilyRunMember.instance_id).where(FamilyRunMember.case_id == bindparam("case_id"),
                                                         FamilyRunMember.left_at.is_(None)))))
    if by_pathway:
        where.append(WorkItem.pathway == bindparam("pathway"))
    return where


def _counts(n_pairs, by_case, by_pathway):
    """Open and overdue counts: per role, a count over each tray index alone; summed."""
    late = func.count(when((WorkItem.due_at < bindparam("now", type_=UTC), 1)))
    # A task without a deadline is never overdue: that count reads no deadline, so the index suffices.
    parts = [db.select(func.count().label("total"), (late if dated else literal_column("0")).label("overdue"))
             .where(*_open(n, by_case, by_pathway, dated)) for n in range(n_pairs) for dated in (True, False)]
    both = db.union_all(*parts).subquery()
    return db.select(func.sum(both.c.total), func.sum(both.c.overdue))


def _statement(segment, overdue, after_key, n_pairs, by_case, by_pathway):
    """Up to :limit rows of one segment in order: one index range per role, merged, then named."""
    where = []
    if segment == "dated":
        order = (WorkItem.due_at, WorkItem.created_at, WorkItem.id)
        if overdue is True:
            where.append(WorkItem.due_at < bindparam("now", type_=UTC))
        elif overdue is False:
            where.append(WorkItem.due_at >= bindparam("now", type_=UTC))
        if after_key:
            where.append(db.tuple_(*order) > db.tuple_(bindparam("due", type_=UTC), bindparam("received", type_=UTC),
                                                       bindparam("id")))
    else:
        order = (WorkItem.created_at, WorkItem.id)
        if after_key:
            where.append(db.tuple_(*order) > db.tuple_(bindparam("received", type_=UTC), bindparam("id")))
    ranges = [db.select(*COLUMNS).where(*_open(n, by_case, by_pathway, segment == "dated"), *where).order_by(*order)
              .limit(bindparam("limit")).subquery() for n in range(n_pairs)]
    merged = db.union_all(*[db.select(r) for r in ranges]) if n_pairs > 1 else db.select(ranges[0])
    # The page is cut before it is named: only its rows are joined to their cases and holders.
    cut = merged.subquery()
    cut = db.select(cut).order_by(*[cut.c[c.key] for c in order]).limit(bindparam("limit")).subquery("tray")
    assignee = db.aliased(User)
    return (db.select(cut, Case.child_name, Case.person_id, assignee.username.label("assignee_username"),
                      assignee.display_name.label("assignee_name"))
            .join(Case, Case.id == cut.c.case_id)
            .outerjoin(assignee, assignee.id == cut.c.assignee_id)
            .order_by(*[cut.c[c.key] for c in order]))
