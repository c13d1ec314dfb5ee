"""Level of Need on the case: set it (from the API, the case page or a pathway step) and read it back.

The scale is the pack's (handlers/level_of_need.py). A level off the scale is refused naming
``level`` and writes nothing. Every change goes on the chronology in the caller's transaction
(``case.level_of_need``: the new and previous level, the reason, who), so the history of a
child's level is the chronology's; the case keeps the current level, who set it and when.
"""
from handlers import PACKS
from handlers.level_of_need import level_in

from service.store import audit
from service.errors import Invalid
from service.extensions import db
from service.store.models import AuditEvent, User

ACTION = "case.level_of_need"


def scale_for(pack):
    """The pack's Level of Need scale, lowest first (() when the pack declares none)."""
    found = PACKS.get(pack)
    return found.levels if found else ()


def check_level(case, number, field="level"):
    """The Level ``number`` on the case's pack's scale; Invalid naming ``field`` otherwise."""
    scale = scale_for(case.pack)
    if not scale:
        raise Invalid("no Level of Need scale", {field: f"the {case.pack} pack declares no Level of Need scale"})
    level = level_in(scale, number) if isinstance(number, int) and not isinstance(number, bool) else None
    if level is None:
        raise Invalid("not a level on this pack's scale", {field: "must be one of the levels on the "
                      f"{case.pack} scale: " + ", ".join(str(lv.level) for lv in scale)})
    return level


def set_level(rt, actor, case, number, reason="", instance_id=None, work_item=None):
    """Record the case's level (in the caller's transaction, not committed here); returns the Level."""
    level = check_level(case, number)
    previous = case.level_of_need
    now = rt.now()
    case.level_of_need, case.level_of_need_set_at = level.level, now
    case.level_of_need_set_by = actor.id if actor is not None else None
    changed = "set" if previous is None else ("confirmed" if previous == level.level else f"changed from {previous}")
    summary = f"Level of Need {changed} to {level.level} ({level.name}): {level.route}"
    audit.record(now, ACTION, summary, actor=actor, case_id=case.id, instance_id=instance_id, work_item=work_item,
                 data={"level": level.level, "previous_level": previous, "route": level.route,
                       "reason": reason or None})
    return level


def record(rt, actor, case, number, reason=""):
    """Set the case's level directly (the API or the case page) and commit; nothing written if refused."""
    try:
        level = set_level(rt, actor, case, number, reason)
    except Invalid:
        db.session.rollback()
        raise
    db.session.commit()
    return level


def current(case):
    """The case's level as a dict (level, name, description, route, set_at, set_by), or None."""
    if case.level_of_need is None:
        return None
    level = level_in(scale_for(case.pack), case.level_of_need)
    setter = db.session.get(User, case.level_of_need_set_by) if case.level_of_need_set_by else None
    described = level.as_dict() if level else {"level": case.level_of_need, "name": "", "description": "",
                                                "route": ""}
    return {**described, "set_at": case.level_of_need_set_at.isoformat() if case.level_of_need_set_at else None,
            "set_by": setter.username if setter else None,
            "set_by_name": setter.display_name if setter else None}


def history(case_id):
    """Every change of the case's level, oldest first: level, previous level, reason, when (aware), who."""
    rows = db.session.execute(
        db.select(AuditEvent.at, AuditEvent.data, AuditEvent.task_bpmn_id, User.username, User.display_name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.case_id == case_id, AuditEvent.action == ACTION)
        .order_by(AuditEvent.at, AuditEvent.id)).all()
    return [{"level": row.data["level"], "previous_level": row.data.get("previous_level"),
             "reason": row.data.get("reason"), "at": row.at, "set_by": row.username or "system",
             "set_by_name": row.display_name or "System", "task_id": row.task_bpmn_id} for row in rows]
