"""Admin JSON routes for timers: list what is waiting, and run one sweep now."""
from functools import wraps

from flask import Blueprint, g, jsonify, request

from . import sweep, timer_index
from .api import error, rt, token_required
from .errors import Invalid, StepwiseError
from .idempotency import idempotent

bp = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin")


@bp.errorhandler(StepwiseError)
def _stepwise_error(exc):
    return error(exc.status, exc.code, exc.message, exc.fields)


def admin_only(view):
    """Bearer token of an administrator, else 401/403."""
    @token_required
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not g.user.is_admin:
            return error(403, "forbidden", "only administrators may do this")
        return view(*args, **kwargs)
    return wrapper


def _limit():
    value = request.args.get("limit")
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise Invalid("limit must be a whole number of at least 1", {"limit": "must be a whole number ≥ 1"})
    return int(value)


@bp.get("/timers")
@admin_only
def list_timers():
    rows = timer_index.waiting_timers(_limit())
    now = rt().now()
    return jsonify({"now": now.isoformat(),
                    "timers": [{**timer_index.timer_json(r), "overdue": r.due_at < now} for r in rows]})


@bp.post("/timers/run")
@admin_only
@idempotent
def run_timers():
    now = rt().now()
    fired = sweep.fire_due_timers(rt(), limit=_limit())
    return jsonify({"now": now.isoformat(), "fired": fired})
