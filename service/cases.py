"""Use cases for cases: register a child, read one, list them."""
from datetime import date

from handlers import PACKS

from . import audit
from .errors import Forbidden, Invalid, NotFound
from .extensions import db
from .models import Case

SERVICES = ("EH", "CSC")
CASE_FIELDS = ("child_name", "date_of_birth", "expected_date", "person_id", "family_id", "pack",
               "current_service", "lead_professional")


def clean_case_input(data):
    """Validate case fields; raise Invalid naming each bad field."""
    if not isinstance(data, dict):
        raise Invalid("the body must be a JSON object", {"body": "must be a JSON object"})
    errors, clean = {}, {}
    for name in data:
        if name not in CASE_FIELDS:
            errors[name] = "unknown field"
    name = data.get("child_name")
    if not isinstance(name, str) or not name.strip():
        errors["child_name"] = "the child's name is required"
    else:
        clean["child_name"] = name.strip()[:200]
    for key in ("date_of_birth", "expected_date"):
        value = data.get(key)
        if value in (None, ""):
            clean[key] = None
            continue
        try:
            clean[key] = date.fromisoformat(str(value))
        except ValueError:
            errors[key] = "must be a date as YYYY-MM-DD"
    if not errors.get("date_of_birth") and not errors.get("expected_date"):
        if clean.get("date_of_birth") is None and clean.get("expected_date") is None:
            errors["date_of_birth"] = "give a date of birth, or an expected date for an unborn child"
    pack = data.get("pack")
    if pack not in PACKS:
        errors["pack"] = f"must be one of: {', '.join(sorted(PACKS))}"
    clean["pack"] = pack
    service = data.get("current_service", "EH")
    if service not in SERVICES:
        errors["current_service"] = "must be EH or CSC"
    clean["current_service"] = service
    for key in ("person_id", "family_id", "lead_professional"):
        value = data.get(key, "")
        if not isinstance(value, str):
            errors[key] = "must be text"
        else:
            clean[key] = value.strip()[:200]
    if errors:
        raise Invalid("the case has invalid fields", errors)
    return clean


def create_case(rt, actor, data):
    """Register a child's case in a pack the actor works in."""
    clean = clean_case_input(data)
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
