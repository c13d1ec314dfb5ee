"""Knowsley §6-§7: recording the monthly review of the step-up request log.

A review belongs to a month, not to a case: it is kept in the chronology as an event with no
case (``knowsley.step_up_review``), its answers as the event's data, like every completed
step. Reading a month's reviews back is a query on those events.
"""
from handlers import forms
from handlers.knowsley import monthly_review

from service.store import audit
from service.work import knowsley_log
from service.mail import notifications
from service.errors import Forbidden, Invalid
from service.extensions import db
from service.store.models import AuditEvent

ACTION = "knowsley.step_up_review"
HANDLER = monthly_review.monthly_step_up_review


def may_record(user):
    """The CSC MASH Team Manager (§7) and the CSC team managers who keep the log (§6)."""
    return any(r.pack == "knowsley" and r.role in monthly_review.REVIEWERS for r in user.roles)


def form(month, requests):
    """The review form for ``month``, pre-filled with the number of requests in the log."""
    return HANDLER.form({"month": month, "requests_in_month": len(requests)})


def record(rt, user, month, submitted):
    """Validate and record one monthly review (in the caller's transaction); the event back."""
    if not may_record(user):
        raise Forbidden("only a Knowsley MASH Team Manager or CSC Team Manager records the monthly review")
    knowsley_log.month_bounds(month)  # BadMonth for anything but YYYY-MM
    if not month:
        raise Invalid("choose the month reviewed", {"month": "choose the month reviewed (YYYY-MM)"})
    context = {"month": month, forms.NOW_KEY: rt.now().isoformat()}
    try:
        clean = forms.validate(HANDLER, submitted, context)
    except forms.Invalid as exc:
        raise Invalid("the review is incomplete", exc.errors) from None
    outcome = HANDLER.outcome(clean, context)
    event = audit.record(rt.now(), ACTION, f"Monthly review of the step-up request log for {month}",
                         actor=user, data={"month": month, **outcome.data})
    notifications.enqueue(rt, "knowsley", outcome.messages, reason=f"step-up monthly review {month}")
    return event


def reviews(month):
    """The reviews recorded for ``month`` (YYYY-MM), oldest first, as (event, reviewer username)."""
    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == ACTION, AuditEvent.case_id.is_(None))
                                .order_by(AuditEvent.at, AuditEvent.id)).all()
    return [e for e in events if (e.data or {}).get("month") == month]
