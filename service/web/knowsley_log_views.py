"""Knowsley's step-up request log as a page and a CSV, for managers' monthly review (§6)."""
from flask import Blueprint, Response, abort, render_template, request

from service.work import knowsley_log
from service.web.web_auth import current_user, login_required

bp = Blueprint("knowsley_log_views", __name__, url_prefix="/knowsley/step-up-log")

# §6-§7: the MASH and CSC managers review the log; the Heads of Service hear of persistent issues.
READERS = ("Manager", "Head of Service")


def may_read_log(user):
    """Administrators, and holders of a Knowsley manager's or Head of Service's role."""
    return user.is_admin or any(r.pack == "knowsley" and any(word in r.role for word in READERS) for r in user.roles)


def _rows():
    if not may_read_log(current_user()):
        abort(403)
    month = request.args.get("month", "")
    try:
        return month, knowsley_log.step_up_requests(month or None)
    except knowsley_log.BadMonth:
        abort(400)


@bp.get("/")
@login_required
def page():
    month, rows = _rows()
    return render_template("knowsley_step_up_log.html", rows=rows, month=month, columns=knowsley_log.COLUMNS,
                           current_user=current_user())


@bp.get("/log.csv")
@login_required
def csv_file():
    month, rows = _rows()
    name = f"knowsley-step-up-log-{month or 'all'}.csv"
    response = Response(knowsley_log.as_csv(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # The log names cases: no browser or proxy may keep a copy.
    response.headers["Cache-Control"] = "no-store"
    return response
