"""Admin JSON routes for timers: list what is waiting, and run one sweep now."""
from functools import wraps

from flask import Blueprint, g, jsonify

from service.api import api_responses as out
from service.deadlines import sweep, timer_index
from service.api.routes import error, rt, token_required
from service.api.idempotency import idempotent
from service.api.api_io import query
from service.api.openapi import operation
from service.work.schemas import Limit, PageQuery

bp = Blueprint("admin_api", __name__, url_prefix="/api/v1/admin")


def admin_only(view):
    """Bearer token of an administrator, else 401/403."""
    @token_required
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not g.user.is_admin:
            return error(403, "forbidden", "only administrators may do this")
        return view(*args, **kwargs)
    return wrapper


@bp.get("/timers")
@operation("Waiting timers, soonest due first, a page at a time (administrators)", out.Timers, query=PageQuery,
           errors=(403,))
@admin_only
def list_timers():
    wanted = query(PageQuery)
    found = timer_index.waiting_page(after=wanted.after, limit=wanted.limit)
    now = rt().now()
    return jsonify({"now": now.isoformat(), "next": found.next,
                    "timers": [{**timer_index.timer_json(r), "overdue": r.due_at < now} for r in found.rows]})


@bp.post("/timers/run")
@operation("Run one timer sweep now, by the app's clock (administrators)", out.Sweep, query=Limit, errors=(403,))
@admin_only
@idempotent
def run_timers():
    now = rt().now()
    fired = sweep.fire_due_timers(rt(), limit=query(Limit).limit)
    return jsonify({"now": now.isoformat(), "fired": fired})
