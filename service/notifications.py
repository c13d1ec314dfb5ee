"""E-mail use cases: queue messages in the step's own transaction, and deliver what is due.

Queueing never talks to a mail server: rows go into the outbox with the state change that
owes them, so a rolled-back step owes nothing and a committed one cannot lose its e-mail.
Delivery claims one row at a time (a compare-and-set on status and lease) and sends it;
a failure is recorded and retried with backoff for as long as it takes.

Privacy: bodies name no child. The service appends the case number, person id and a link;
the reader signs in to see more. A child's full name found in a message is removed as a
safety net, and neither bodies nor addresses are logged.
"""
import logging
import re
import uuid
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from handlers.messages import Message

from . import instances, invites, mailer as mailer_module, recipients
from .errors import NotFound
from .extensions import db
from .models import Case
from .outbox_model import OutboxMessage
from .recipients import NotificationConfigError  # noqa: F401  (part of this module's API)

log = logging.getLogger("stepwise.notifications")

BACKOFF_MINUTES = (1, 5, 15, 60)  # then hourly, for ever: a message is never dropped
SHOW_FAILED_AFTER = 5  # attempts after which the outbox shows "failed" (retries continue)
LEASE = timedelta(minutes=5)  # a claim older than this was abandoned (deliverer crashed)
LONDON_FORMAT = "%a %d %b %Y %H:%M"


def install(settings):
    """Check pack recipients and SMTP settings, and alert on new work (idempotent)."""
    recipients.check_packs()
    mailer_module.from_settings(settings)  # raises MailerConfigError on a bad setting
    if alert_new_item not in instances.NEW_ITEM_HOOKS:
        instances.NEW_ITEM_HOOKS.append(alert_new_item)


def enqueue(rt, pack, messages, case=None, instance=None, reason=""):
    """Write ``messages`` to the outbox in the caller's transaction (no commit); rows back."""
    rows = []
    now = rt.now()
    for message in messages:
        if not isinstance(message, Message):
            raise NotificationConfigError(f"expected a Message, got {type(message).__name__}")
        addresses = recipients.resolve(pack, message.to)
        names = [case.child_name] if case is not None and case.child_name else []
        row = OutboxMessage(
            created_at=now, pack=pack, case_id=case.id if case else None,
            instance_id=instance.id if instance else None, reason=reason[:200],
            recipient_keys=list(message.to), recipients=addresses,
            subject=_redact(message.subject, names)[:300],
            body=_redact(message.body, names) + _footer(rt, case),
            meeting=_meeting(message.meeting, names), uid=f"{uuid.uuid4().hex}@stepwise",
            status="queued", attempts=0, next_attempt_at=now)
        db.session.add(row)
        rows.append(row)
    return rows


def alert_new_item(rt, instance, item):
    """Queue the pack's ``[notify]`` alert for a work item that has just opened."""
    keys = recipients.notify_table(item.pack).get(item.bpmn_id)
    if not keys:
        return
    due = ""
    if item.due_at is not None:
        due = f"\nDue: {item.due_at.astimezone(invites.LONDON).strftime(LONDON_FORMAT)} (London time)"
    body = (f"A case needs your attention.\n\nTask: {item.name}\nFor: {item.role}\n"
            f"Pathway: {item.pathway}{due}")
    message = Message(to=tuple(keys), subject=f"Stepwise: {item.name} is waiting for {item.role}", body=body)
    enqueue(rt, item.pack, [message], case=db.session.get(Case, item.case_id), instance=instance,
            reason=f"{item.bpmn_id} opened")


def list_outbox(status=None, limit=200):
    """Outbox rows, newest first, optionally of one status."""
    query = db.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    return db.session.scalars(query).all()


def counts():
    """Number of outbox rows per status."""
    rows = db.session.execute(db.select(OutboxMessage.status, db.func.count()).group_by(OutboxMessage.status))
    return dict(rows.all())


def retry_now(rt, message_id):
    """Make a queued or failed message due now (committed); a sent one is left alone."""
    row = db.session.get(OutboxMessage, message_id)
    if row is None:
        raise NotFound(f"no outbox message {message_id}")
    if row.status in ("queued", "failed"):
        row.next_attempt_at = rt.now()
        db.session.commit()
    return row


def run_delivery(rt, limit=100):
    """Deliver due messages with the configured SMTP server (the scheduler's job)."""
    return deliver_due(rt, mailer_module.from_settings(rt.settings), limit=limit)


def deliver_due(rt, mailer, limit=100, only_id=None):
    """Send up to ``limit`` due messages; returns {"sent": [ids], "failed": [ids]}.

    With no mailer (SMTP not configured) nothing is touched: messages stay queued. Each
    claim and result is its own transaction, so call this with nothing pending in the session.
    """
    result = {"sent": [], "failed": []}
    if mailer is None:
        return result
    smtp = None
    try:
        for message_id in _due_ids(rt.now(), limit, only_id):
            token = uuid.uuid4().hex
            if not _claim(rt.now(), message_id, token):
                continue  # another deliverer took it first
            row = db.session.get(OutboxMessage, message_id)
            connecting = False
            try:
                addresses = recipients.resolve(row.pack, row.recipient_keys)
                if not addresses:
                    raise LookupError("no recipient has an e-mail address (check users' e-mails and roles)")
                email = build_email(rt, row, mailer.from_address, addresses)
                connecting = smtp is None
                smtp = smtp or mailer.open()
                connecting = False
                mailer.send(smtp, email, addresses)
            except Exception as exc:  # noqa: BLE001 — every failure is recorded and retried
                _close(smtp)
                smtp = None
                _record_failure(rt, row, token, exc)
                result["failed"].append(message_id)
                if connecting:
                    break  # the server is unreachable: leave the rest for the next run
                continue
            _record_sent(rt, row, token, addresses)
            result["sent"].append(message_id)
    finally:
        _close(smtp)
    return result


def build_email(rt, row, from_address, addresses):
    """The MIME message for an outbox row, with its invite attached as text/calendar."""
    email = EmailMessage()
    email["From"] = from_address
    email["To"] = ", ".join(addresses)
    email["Subject"] = row.subject
    email["Date"] = format_datetime(rt.now())
    email["Message-ID"] = f"<{row.uid}>"  # the same on every attempt, so duplicates can be spotted
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(row.body)
    if row.meeting:
        m = row.meeting
        ics = invites.meeting_request(
            row.uid, rt.now(), invites.to_utc(m["start"]), invites.to_utc(m["end"]), m["summary"],
            m.get("location", ""), m.get("description", ""), from_address, addresses)
        email.add_attachment(ics, subtype="calendar", filename="invite.ics", params={"method": "REQUEST"})
    return email


def backoff(attempts):
    """How long to wait after the ``attempts``-th failure: 1, 5, 15, 60 minutes, then hourly."""
    return timedelta(minutes=BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1])


def _due_ids(now, limit, only_id):
    query = db.select(OutboxMessage.id).where(_claimable(now)).order_by(
        OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
    if only_id is not None:
        query = query.where(OutboxMessage.id == only_id)
    ids = db.session.scalars(query).all()
    db.session.rollback()  # end the read so each claim is its own short transaction
    return ids


def _claimable(now):
    due = db.and_(OutboxMessage.status.in_(("queued", "failed")), OutboxMessage.next_attempt_at <= now)
    abandoned = db.and_(OutboxMessage.status == "sending", OutboxMessage.lease_until < now)
    return db.or_(due, abandoned)


def _claim(now, message_id, token):
    # Compare-and-set: only one deliverer's UPDATE matches the row, on SQLite and PostgreSQL.
    done = db.session.execute(
        db.update(OutboxMessage).where(OutboxMessage.id == message_id, _claimable(now))
        .values(status="sending", lease_until=now + LEASE, lease_token=token)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return done.rowcount == 1


def _record_sent(rt, row, token, addresses):
    now = rt.now()
    _finish(row.id, token, status="sent", sent_at=now, last_attempt_at=now, recipients=addresses,
            attempts=row.attempts + 1, lease_until=None, lease_token=None)


def _record_failure(rt, row, token, exc):
    now = rt.now()
    attempts = row.attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:1000]
    log.warning("outbox message %s not sent (attempt %s): %s", row.id, attempts, error)
    _finish(row.id, token, status="failed" if attempts >= SHOW_FAILED_AFTER else "queued",
            attempts=attempts, last_error=error, last_attempt_at=now,
            next_attempt_at=now + backoff(attempts), lease_until=None, lease_token=None)


def _finish(message_id, token, **values):
    db.session.rollback()  # discard anything a failed attempt left half-done
    done = db.session.execute(
        db.update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.lease_token == token)
        .values(**values).execution_options(synchronize_session=False))
    db.session.commit()
    if done.rowcount != 1:
        # Our lease ran out and another deliverer re-claimed the row: it now owns the outcome.
        log.warning("outbox message %s: lease lost before the result was recorded", message_id)


def _close(smtp):
    if smtp is not None:
        try:
            smtp.quit()
        except Exception:  # noqa: BLE001 — the connection is being abandoned anyway
            smtp.close()


def _footer(rt, case):
    if case is None:
        return ""
    base = (rt.settings.get("PUBLIC_URL") or "").rstrip("/")
    person = f", person id {case.person_id}" if case.person_id else ""
    return (f"\n\n--\nCase {case.id}{person}\nOpen in Stepwise: {base}/cases/{case.id}\n"
            "This e-mail carries no personal details by design: sign in to see the case.")


def _meeting(meeting, names):
    if meeting is None:
        return None
    start, end = invites.to_utc(meeting.start_iso), invites.to_utc(meeting.end_iso)
    if end <= start:
        raise NotificationConfigError("a meeting must end after it starts", {"meeting": "end before start"})
    return {"start": start.isoformat(), "end": end.isoformat(), "summary": _redact(meeting.summary, names),
            "location": _redact(meeting.location, names), "description": _redact(meeting.description, names)}


def _redact(text, names):
    for name in names:
        if name.strip() and name.strip().lower() in (text or "").lower():
            log.warning("a child's name was removed from an outgoing message")
            text = re.sub(re.escape(name.strip()), "[name removed]", text, flags=re.IGNORECASE)
    return text or ""
