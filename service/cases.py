"""Use cases for cases: register a child, read one, list them."""
from zoneinfo import ZoneInfo

from . import audit, schemas
from .errors import Forbidden, Invalid, NotFound
from .extensions import db
from .models import Case

LONDON = ZoneInfo("Europe/London")


def clean_case_input(data, today):
    """Validate case fields (service/schemas.py CaseInput); raise Invalid naming each bad field.

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


def get_case(actor, case_id):
    """A case the actor may see (any role in its pack), else NotFound / Forbidden."""
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound(f"no case {case_id}")
    if not actor.is_admin and not any(pack == case.pack for pack, _ in actor.role_pairs()):
        raise Forbidden("you hold no role in this case's pack")
    return case


def list_cases(actor):
    packs = {pack for pack, _ in actor.role_pairs()}
    query = db.select(Case).order_by(Case.id)
    if not actor.is_admin:
        query = query.where(Case.pack.in_(packs))
    return db.session.scalars(query).all()
