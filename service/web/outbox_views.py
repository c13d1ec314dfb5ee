"""The administrator's outbox page: every e-mail, whether sent, waiting or failing."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from service.mail import mailer, notifications, outbox_delivery
from service.errors import Invalid
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


@bp.post("/<int:message_id>/retry")
@admin_required
def retry(message_id):
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
