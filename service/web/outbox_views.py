"""The administrator's outbox pages: every e-mail, whether sent, waiting or failing, and each one's text."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from service.mail import mailer, notifications, outbox_delivery
from service.errors import Conflict, Invalid, NotFound
from service.extensions import db
from service.store import read_audit
from service.store.models import Case
from service.web.page_input import next_url, wanted_page
from service.web.web_auth import admin_required, current_user

bp = Blueprint("outbox_views", __name__, url_prefix="/admin/outbox")

STATUSES = ("queued", "sending", "sent", "failed")


def rt():
    return current_app.extensions["stepwise"]


@bp.errorhandler(Invalid)
def _bad_page(exc):
    return render_template("error.html", status=422, heading="This page link has changed",
                           message=exc.message), 422


@bp.get("/")
@admin_required
def outbox():
    status = request.args.get("status") or ""
    if status not in STATUSES:
        status = ""
    wanted = wanted_page()
    found = notifications.list_outbox(status or None, after=wanted.after, limit=wanted.limit)
    more = next_url(url_for("outbox_views.outbox"), found.next, status=status,
                    limit=wanted.limit if "limit" in request.args else None) if found.next else None
    return render_template("admin/outbox.html", messages=found.rows, next_url=more, paged=wanted.after is not None,
                           counts=notifications.counts(), statuses=STATUSES, status=status,
                           smtp=mailer.from_settings(rt().settings), now=rt().now(),
                           current_user=current_user())


@bp.errorhandler(Conflict)
def _not_now(exc):
    return render_template("error.html", status=409, heading="This message cannot be retried",
                           message=exc.message), 409


@bp.errorhandler(NotFound)
def _no_message(exc):
    return render_template("error.html", status=404, heading="Page not found", message=exc.message), 404


@bp.get("/<int:message_id>")
@admin_required
def message(message_id):
    """One message as its recipients read it: subject, body, invite, and where each delivery stands."""
    row = notifications.message(message_id)
    case = db.session.get(Case, row.case_id) if row.case_id else None
    if case is not None:
        # The text is about a child (no name, but the case's story): reading it is reading the record.
        read_audit.note(current_user(), case, "message", row.id)
    return render_template("admin/outbox_message.html", m=row, invite=notifications.invite_of(row),
                           current_user=current_user())


@bp.post("/<int:message_id>/retry")
@admin_required
def retry(message_id):
    """Try a failed message again now (refused, 409, for any other)."""
    outbox_delivery.retry_now(rt(), message_id)
    smtp = mailer.from_settings(rt().settings)
    if smtp is None:
        flash(f"Message {message_id} is due now; SMTP is not configured, so it stays queued.", "warning")
    else:
        result = outbox_delivery.deliver_due(rt(), smtp, only_id=message_id)
        if message_id in result["sent"]:
            flash(f"Message {message_id} was sent.", "success")
        elif message_id in result["partly_sent"]:
            flash(f"Message {message_id} went to some recipients; see the others' errors.", "warning")
        else:
            flash(f"Message {message_id} was not sent; see its last error.", "warning")
    if request.form.get("back") == "message":
        return redirect(url_for("outbox_views.message", message_id=message_id))
    return redirect(url_for("outbox_views.outbox"))


@bp.post("/deliver")
@admin_required
def deliver():
    smtp = mailer.from_settings(rt().settings)
    if smtp is None:
        flash("SMTP is not configured: messages stay queued here.", "warning")
    else:
        result = outbox_delivery.deliver_due(rt(), smtp)
        flash(f"Sent {len(result['sent'])}; partly sent {len(result['partly_sent'])}; "
              f"{len(result['failed'])} failed. Recipients not reached are retried on their own.",
              "success" if not (result["failed"] or result["partly_sent"]) else "warning")
    return redirect(url_for("outbox_views.outbox"))
