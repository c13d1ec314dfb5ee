"""The JSON API under /api/v1: thin routes over the use cases."""
from functools import wraps

from flask import Blueprint, current_app, g, jsonify, request

from . import audit, auth, cases, read_audit, tasks
from .errors import StepwiseError
from .idempotency import idempotent

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def rt():
    return current_app.extensions["stepwise"]


def error(status, code, message, fields=None):
    return jsonify({"error": code, "message": message, "fields": fields or {}}), status


@bp.errorhandler(StepwiseError)
def _stepwise_error(exc):
    return error(exc.status, exc.code, exc.message, exc.fields)


@bp.errorhandler(404)
def _not_found(_exc):
    return error(404, "not_found", "no such resource")


@bp.errorhandler(405)
def _method(_exc):
    return error(405, "method_not_allowed", "method not allowed here")


def token_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = auth.user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
        if user is None:
            return error(401, "unauthorised", "send Authorization: Bearer <token>")
        g.user = user
        return view(*args, **kwargs)
    return wrapper


def body():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise StepwiseError("the body must be a JSON object", {"body": "must be a JSON object"})
    return data


def case_json(case):
    return {"id": case.id, "child_name": case.child_name,
            "date_of_birth": case.date_of_birth.isoformat() if case.date_of_birth else None,
            "expected_date": case.expected_date.isoformat() if case.expected_date else None,
            "person_id": case.person_id, "family_id": case.family_id, "pack": case.pack,
            "current_service": case.current_service, "lead_professional": case.lead_professional,
            "created_at": case.created_at.isoformat()}


def item_json(item, now):
    return {"id": item.id, "case_id": item.case_id, "pathway": item.pathway, "task_id": item.bpmn_id,
            "name": item.name, "role": item.role, "status": item.status,
            "assignee": item.assignee.username if item.assignee else None,
            "created": item.created_at.isoformat(), "due": item.due_at.isoformat() if item.due_at else None,
            "overdue": bool(item.due_at and item.status == "open" and item.due_at < now),
            "instance_id": item.instance_id}


@bp.post("/cases")
@token_required
@idempotent
def create_case():
    case = cases.create_case(rt(), g.user, body())
    return jsonify(case_json(case)), 201


@bp.get("/cases")
@token_required
def list_cases():
    return jsonify({"cases": [case_json(c) for c in cases.list_cases(g.user)]})


@bp.get("/cases/<int:case_id>")
@token_required
def get_case(case_id):
    case = cases.get_case(g.user, case_id)
    read_audit.note(g.user, case, "case")
    out = case_json(case)
    now = rt().now()
    out["open_tasks"] = [item_json(i, now) for i in tasks.open_items_for_case(case_id)]
    out["pathways"] = [{"id": i.id, "pathway": i.pathway, "version": i.version.number, "status": i.status}
                       for i in tasks.instances_for_case(case_id)]
    return jsonify(out)


@bp.post("/cases/<int:case_id>/pathways")
@token_required
@idempotent
def start_pathway(case_id):
    case = cases.get_case(g.user, case_id)
    data = body()
    instance = tasks.start_pathway(rt(), g.user, case, data.get("pathway"))
    now = rt().now()
    return jsonify({"id": instance.id, "case_id": case.id, "pathway": instance.pathway,
                    "version": instance.version.number, "status": instance.status,
                    "open_tasks": [item_json(i, now) for i in tasks.open_items_for_case(case.id)
                                   if i.instance_id == instance.id]}), 201


@bp.get("/cases/<int:case_id>/history")
@token_required
def history(case_id):
    read_audit.note(g.user, cases.get_case(g.user, case_id), "history")
    return jsonify({"events": [{"id": e.id, "at": e.at.isoformat(), "action": e.action, "summary": e.summary,
                                "actor": e.actor.username if e.actor else "system",
                                "instance_id": e.instance_id, "work_item_id": e.work_item_id,
                                "task_id": e.task_bpmn_id, "data": e.data}
                               for e in audit.chronology(case_id)]})


def _flag(name):
    value = request.args.get(name)
    if value is None:
        return None
    if value.lower() in ("1", "true", "yes"):
        return True
    if value.lower() in ("0", "false", "no"):
        return False
    raise StepwiseError(f"{name} must be true or false", {name: "must be true or false"})


@bp.get("/tasks")
@token_required
def list_tasks():
    case_id = request.args.get("case")
    if case_id is not None and not case_id.isdigit():
        raise StepwiseError("case must be a case id", {"case": "must be a whole number"})
    items = tasks.worklist(rt(), g.user, case_id=int(case_id) if case_id else None,
                           pathway=request.args.get("pathway"), overdue=_flag("overdue"))
    now = rt().now()
    return jsonify({"tasks": [item_json(i, now) for i in items]})


@bp.get("/tasks/<int:item_id>")
@token_required
def get_task(item_id):
    item, form = tasks.task_form(rt(), g.user, item_id)
    read_audit.note(g.user, item.case, "task", item.id)
    return jsonify({**item_json(item, rt().now()), "form": form})


@bp.post("/tasks/<int:item_id>/claim")
@token_required
@idempotent
def claim(item_id):
    return jsonify(item_json(tasks.claim(rt(), g.user, item_id), rt().now()))


@bp.post("/tasks/<int:item_id>/unclaim")
@token_required
@idempotent
def unclaim(item_id):
    return jsonify(item_json(tasks.unclaim(rt(), g.user, item_id), rt().now()))


@bp.post("/tasks/<int:item_id>/complete")
@token_required
@idempotent
def complete(item_id):
    data = body()
    item = tasks.complete(rt(), g.user, item_id, data.get("data", {}))
    now = rt().now()
    return jsonify({**item_json(item, now),
                    "next_tasks": [item_json(i, now) for i in tasks.open_items_for_case(item.case_id)]})
