"""Admin JSON routes for the outbox: list it, and deliver what is due now."""
from flask import Blueprint, g, jsonify

from service.api import api_responses as out
from service.mail import mailer, notifications, outbox_delivery
from service.api.routes import error, rt, token_required
from service.api.api_io import query
from service.errors import StepwiseError
from service.api.idempotency import idempotent
from service.api.openapi import operation
from service.work.schemas import OutboxFilter

bp = Blueprint("outbox_api", __name__, url_prefix="/api/v1/admin/outbox")


@bp.errorhandler(StepwiseError)
def _stepwise_error(exc):
    return error(exc.status, exc.code, exc.message, exc.fields)


def _stamp(value):
    return value.isoformat() if value else None


def message_json(row):
    """An outbox row for the API; the body is left out (it is for the recipients)."""
    return {"id": row.id, "status": row.status, "pack": row.pack, "case_id": row.case_id,
            "reason": row.reason, "to": row.recipient_keys, "recipients": row.recipients,
            "outside_council": row.outside_council,
            "subject": row.subject, "has_invite": bool(row.meeting), "attempts": row.attempts,
            "created": _stamp(row.created_at), "next_attempt": _stamp(row.next_attempt_at),
            "last_attempt": _stamp(row.last_attempt_at), "sent": _stamp(row.sent_at),
            "last_error": row.last_error, "deliveries": [delivery_json(d) for d in row.deliveries]}


def delivery_json(delivery):
    """One recipient of a message: where its delivery stands."""
    return {"address": delivery.address, "status": delivery.status, "attempts": delivery.attempts,
            "next_attempt": _stamp(delivery.next_attempt_at), "last_attempt": _stamp(delivery.last_attempt_at),
            "sent": _stamp(delivery.sent_at), "last_error": delivery.last_error,
            "refused_for_good": delivery.status == "failed" and delivery.next_attempt_at is None}


@bp.get("")
@operation("The e-mail outbox, newest first, a page at a time (administrators)", out.Outbox, query=OutboxFilter,
           errors=(403,))
@token_required
def list_outbox():
    if not g.user.is_admin:
        return error(403, "forbidden", "only administrators may read the outbox")
    wanted = query(OutboxFilter)
    found = notifications.list_outbox(wanted.status, after=wanted.after, limit=wanted.limit)
    return jsonify({"smtp_configured": mailer.from_settings(rt().settings) is not None,
                    "messages": [message_json(r) for r in found.rows], "next": found.next})


@bp.post("/deliver")
@operation("Deliver the e-mail that is due now (administrators)", out.Delivery, errors=(403,))
@token_required
@idempotent
def deliver():
    if not g.user.is_admin:
        return error(403, "forbidden", "only administrators may deliver the outbox")
    smtp = mailer.from_settings(rt().settings)
    result = outbox_delivery.deliver_due(rt(), smtp)
    return jsonify({"smtp_configured": smtp is not None, **result})
