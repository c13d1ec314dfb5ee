"""Knowsley's step-up request log as a page and a CSV, for managers' monthly review (§6)."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for

from service.work import knowsley_log, knowsley_review
from service.errors import Forbidden, Invalid
from service.extensions import db
from service.web.form_data import to_data
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


def _previous_month():
    """The London month before today's: the one a monthly review looks back on."""
    today = current_app.extensions["stepwise"].now().astimezone(knowsley_log.LONDON)
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


@bp.route("/review", methods=["GET", "POST"])
@login_required
def review():
    """§6-§7: the month's requests, the reviews recorded for it and, for its reviewers, the form."""
    user = current_user()
    if not may_read_log(user):
        abort(403)
    month = request.args.get("month") or _previous_month()
    try:
        requests = knowsley_log.step_up_requests(month)
    except knowsley_log.BadMonth:
        abort(400)
    form = knowsley_review.form(month, requests)
    values, errors, status = dict(form["prefilled"]), {}, 200
    if request.method == "POST":
        if not knowsley_review.may_record(user):
            abort(403)
        values = to_data(form["fields"], request.form)
        try:
            knowsley_review.record(current_app.extensions["stepwise"], user, month, values)
        except Invalid as exc:
            db.session.rollback()
            errors, status = exc.fields or {"form": exc.message}, 422
        except Forbidden:
            abort(403)
        else:
            db.session.commit()
            flash(f"Monthly review for {month} recorded.", "success")
            return redirect(url_for("knowsley_log_views.review", month=month))
    return render_template("knowsley_step_up_review.html", month=month, rows=requests, columns=knowsley_log.COLUMNS,
                           reviews=knowsley_review.reviews(month), form=form, values=values, errors=errors,
                           may_record=knowsley_review.may_record(user), current_user=user), status
