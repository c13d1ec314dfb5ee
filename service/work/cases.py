"""Use cases for cases: register a child, read one, list them."""
from zoneinfo import ZoneInfo

from service.store import audit, paging
from service.work import schemas
from service.errors import Forbidden, Invalid, NotFound
from service.extensions import db
from service.store.models import Case
from service.store.paging import DEFAULT_LIMIT

LONDON = ZoneInfo("Europe/London")
CASES = "cases"
# What the case list shows: the child, their IDs, pack, service and lead (no notes, no history).
CASE_COLUMNS = (Case.id, Case.child_name, Case.date_of_birth, Case.expected_date, Case.person_id, Case.family_id,
                Case.pack, Case.current_service, Case.lead_professional, Case.created_at, Case.level_of_need)


def clean_case_input(data, today):
    """Validate case fields (service/work/schemas.py CaseInput); raise Invalid naming each bad field.

    ``today`` is the service's date: a date of birth may not be after it.
    """
    if not isinstance(data, dict):
        raise Invalid("the body must be a JSON object", {"body": "must be a JSON object"})
    return schemas.validate(schemas.CaseInput, data, {"today": today}).model_dump()


def create_case(rt, actor, data):
    """Register a child's case in a pack the actor works in."""
    clean = clean_case_input(data, rt.now().astimezone(LONDON).date())
    if not any(pack == clean["pack"] for pack, _role in actor.role_pairs()) and not actor.is_admin:
        raise Forbidden(f"you hold no role in the {clean['pack']} pack")
    case = Case(**clean, created_at=rt.now(), created_by=actor.id)
    db.session.add(case)
    db.session.flush()
    audit.record(rt.now(), "case.created", "Case opened", actor=actor, case_id=case.id)
    db.session.commit()
    return case


def works_on(actor, case):
    """Whether ``actor`` works the case: any role in its pack, or an administrator.

    The one rule for seeing a case and for adding to it (notes, documents, pathways).
    """
    return actor.is_admin or any(pack == case.pack for pack, _ in actor.role_pairs())


def get_case(actor, case_id):
    """A case the actor may see (``works_on``), else NotFound / Forbidden."""
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}")
    if not works_on(actor, case):
        raise Forbidden("you hold no role in this case's pack")
    return case


def list_cases(actor, q=None, after=None, limit=DEFAULT_LIMIT):
    """A page of the cases in the actor's packs, newest first; ``q`` finds the start of a name or ID."""
    last_id = paging.decode(CASES, after, (paging.ID,))
    query = db.select(*CASE_COLUMNS).order_by(Case.id.desc()).limit(limit + 1)
    if not actor.is_admin:
        query = query.where(Case.pack.in_(sorted({pack for pack, _ in actor.role_pairs()})))
    if q:
        query = query.where(db.or_(starts_with(db.func.lower(Case.child_name), q.lower()),
                                   starts_with(Case.person_id, q), starts_with(Case.family_id, q)))
    if last_id is not None:
        query = query.where(Case.id < last_id[0])
    return paging.page(CASES, db.session.execute(query).all(), limit, lambda row: (row.id,))


def starts_with(column, prefix):
    """``column`` begins with ``prefix``, in a form the prefix indexes on cases serve.

    PostgreSQL reads a LIKE prefix off a text_pattern_ops index whatever the database's
    collation; SQLite compares text byte by byte, so a range is the same test and uses the index.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return column.like(escaped + "%", escape="\\")
    if ord(prefix[-1]) >= 0x10FFFF:
        return column >= prefix  # nothing sorts after the last character: no upper bound to give
    return db.and_(column >= prefix, column < prefix[:-1] + chr(ord(prefix[-1]) + 1))
