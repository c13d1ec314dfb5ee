"""Deliver the outbox: claim a due message, send it to the recipients still owed it, record each.

A recipient the server accepted is never sent the message again. One it refused, or that
could not be reached, is retried on its own after 1, 5, 15 and 60 minutes, then hourly
(shown as failed after 5 attempts so someone notices). A permanent refusal (a 5xx reply to
RCPT, such as 550 "no such mailbox") is not retried: RFC 5321 says the same request will
fail again, and hourly retries for ever only hide the problem. It shows as failed until an
administrator corrects the address or presses "Retry now". 552 is the exception the RFC
names: it is treated as the temporary 452.

Each claim and each result is its own short transaction. The claim is a compare-and-set on
the message's status and lease, so two deliverers never send one message at once, on SQLite
and PostgreSQL alike; results are written only while the lease is still ours.

Recipients are worked out again at each attempt, as pack configuration and users change:
someone newly holding the role is added, someone disabled or taken off it is withdrawn.
Nothing here logs an address: log lines carry message ids and counts, and the errors kept
for the outbox page have every address taken out (the page shows each recipient's own).
"""
import logging
import re
import smtplib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from service.mail import invites, mailer as mailer_module, recipients
from service.errors import Conflict, NotFound
from service.extensions import db
from service.mail.outbox_model import OutboxMessage, OutboxRecipient

log = logging.getLogger("stepwise.outbox")

BACKOFF_MINUTES = (1, 5, 15, 60)  # then hourly: a temporary failure never drops a message
SHOW_FAILED_AFTER = 5  # attempts after which a recipient shows as "failed" (retries continue)
LEASE = timedelta(minutes=5)  # a claim older than this was abandoned (deliverer crashed)
OWED = ("pending", "failed")  # recipient statuses still owed the message
NO_ADDRESS = "no recipient has an e-mail address (check users' e-mails and roles)"
CUT_OFF = "not tried: the server ended the session before this recipient"
# Why a message that has not failed is not retried by hand.
NOT_RETRIED = {"queued": "It will be tried again at its next attempt.",
               "sending": "It is being sent now.",
               "sent": "Every recipient has accepted it."}
# Anything shaped like an address, as a server may quote it back ("<x@y>: no such user").
ADDRESS = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")


@dataclass
class Plan:
    """Who an attempt is for, worked out from the message's keys as they resolve now."""

    due: list = field(default_factory=list)  # addresses to send to now
    everyone: list = field(default_factory=list)  # the To line and invite: all it is for
    add: list = field(default_factory=list)  # addresses with no recipient row yet
    withdraw: dict = field(default_factory=dict)  # address → why it is no longer a recipient


def run_delivery(rt, limit=100):
    """Deliver due messages with the configured SMTP server (the scheduler's job)."""
    return deliver_due(rt, mailer_module.from_settings(rt.settings), limit=limit)


def deliver_due(rt, mailer, limit=100, only_id=None):
    """Send up to ``limit`` due messages; returns {"sent", "partly_sent", "failed"}: message ids.

    "sent": everyone tried this round accepted it; "partly_sent": some did, the rest will be
    retried alone; "failed": nobody tried accepted it. With no mailer (SMTP not configured)
    nothing is touched. Call this with nothing pending in the session.
    """
    result = {"sent": [], "partly_sent": [], "failed": []}
    if mailer is None:
        return result
    smtp = None
    try:
        for message_id in _due_ids(rt.now(), limit, only_id):
            token = uuid.uuid4().hex
            if not _claim(rt.now(), message_id, token):
                continue  # another deliverer took it first
            row = db.session.get(OutboxMessage, message_id)
            plan, refused, error, connecting = Plan(), {}, None, False
            try:
                plan = _plan(row, rt.now())
                if not plan.everyone:
                    raise LookupError(NO_ADDRESS)
                if plan.due:
                    email = build_email(rt, row, mailer.from_address, plan.everyone)
                    connecting = smtp is None
                    smtp = smtp or mailer.open()
                    connecting = False
                    refused = mailer.send(smtp, email, plan.due) or {}
            except smtplib.SMTPRecipientsRefused as exc:  # every recipient tried was refused
                refused, error = exc.recipients, exc
            except Exception as exc:  # noqa: BLE001 — every failure is recorded and retried
                error = exc
            if error is not None:
                _close(smtp)
                smtp = None
            outcome = _record(rt, message_id, token, plan, refused, error)
            if outcome:
                result[outcome].append(message_id)
            if connecting:
                break  # the server is unreachable: leave the rest for the next run
    finally:
        _close(smtp)
    return result


def retry_now(rt, message_id):
    """Make a failed message, and its unsent recipients, due now (committed).

    Only a failed message: a queued one is retried on its own schedule, a sent one has
    reached everyone it was for, and one being sent is in a deliverer's hands.
    """
    row = db.session.get(OutboxMessage, message_id)
    if row is None:
        raise NotFound(f"no outbox message {message_id}")
    now = rt.now()
    # Conditional, so a message a deliverer has just claimed is left to it.
    done = db.session.execute(
        db.update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status == "failed")
        .values(next_attempt_at=now).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        status = db.session.get(OutboxMessage, message_id).status
        raise Conflict(f"Message {message_id} is {status}: only a failed message can be retried. "
                       + NOT_RETRIED.get(status, ""), {"message": f"is {status}, not failed"})
    # Includes recipients refused for good: the administrator has asked for another try.
    db.session.execute(
        db.update(OutboxRecipient).where(OutboxRecipient.message_id == message_id,
                                         OutboxRecipient.status.in_(OWED))
        .values(next_attempt_at=now).execution_options(synchronize_session=False))
    db.session.commit()
    return db.session.get(OutboxMessage, message_id)


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
    return timedelta(minutes=BACKOFF_MINUTES[min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1])


def is_permanent(code):
    """A 5xx reply to RCPT means "do not repeat this"; 552 is read as 452 (RFC 5321 4.5.3.1.10)."""
    return 500 <= code < 600 and code != 552


def without_addresses(text):
    """``text`` with anything shaped like an e-mail address replaced, cut to 1,000 characters."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return ADDRESS.sub("[address]", str(text))[:1000]


def _plan(row, now):
    resolved = recipients.resolve(row.pack, row.recipient_keys, strict=False)
    allowed = set(resolved) if row.outside_council else recipients.councils_own(row.pack, resolved)
    plan = Plan()
    known = {d.address: d for d in row.deliveries}
    for address, delivery in known.items():
        if delivery.status in OWED and address not in allowed:
            plan.withdraw[address] = ("not the council's own address, and this message may not leave the council"
                                      if address in resolved else "no longer a recipient (user or role changed)")
        elif address in allowed and delivery.status == "withdrawn":
            plan.due.append(address)  # a recipient again (say, re-enabled): owed it now
        elif address in allowed and delivery.status in OWED and delivery.next_attempt_at is not None \
                and delivery.next_attempt_at <= now:
            plan.due.append(address)
    plan.add = sorted(a for a in allowed if a not in known)
    plan.due = sorted(plan.due + plan.add)
    plan.everyone = sorted(allowed | {a for a, d in known.items() if d.status == "sent"})
    return plan


def _record(rt, message_id, token, plan, refused, error):
    now = rt.now()
    db.session.rollback()  # discard anything a failed attempt left half-done
    # Lock the row and check the lease is still ours before writing any result.
    mine = db.session.execute(
        db.update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.lease_token == token)
        .values(lease_until=None).execution_options(synchronize_session=False))
    if mine.rowcount != 1:
        db.session.rollback()
        # Our lease ran out and another deliverer re-claimed the row: it now owns the outcome.
        log.warning("outbox message %s: lease lost before the result was recorded", message_id)
        return None
    message = db.session.get(OutboxMessage, message_id)
    rows = {d.address: d for d in message.deliveries}
    for address in plan.add:
        rows[address] = OutboxRecipient(message=message, address=address, status="pending", attempts=0)
    for address, why in plan.withdraw.items():
        rows[address].status, rows[address].next_attempt_at, rows[address].last_error = "withdrawn", None, why
    error_text = _error_text(error)
    accepted = retrying = refused_for_good = 0
    for address in plan.due:
        delivery = rows[address]
        delivery.attempts += 1
        delivery.last_attempt_at = now
        if address in refused:
            code, reply = refused[address]
            text = f"refused: {code} {without_addresses(reply)}"[:1000]
            if is_permanent(code):
                delivery.status, delivery.next_attempt_at = "failed", None
                delivery.last_error = f"{text} (permanent)"
                refused_for_good += 1
                continue
            _retry_later(delivery, text, now)
        elif error is not None:
            _retry_later(delivery, error_text or CUT_OFF, now)
        else:
            delivery.status, delivery.sent_at, delivery.next_attempt_at = "sent", now, None
            accepted += 1
            continue
        retrying += 1
    tried = bool(plan.due) or error is not None
    if tried:
        message.attempts += 1
        message.last_attempt_at = now
    _update_message(message, list(rows.values()), error_text or _refusal_summary(rows, plan.due), now,
                    whole_message_failed=error is not None and not plan.due)
    db.session.commit()
    if retrying or refused_for_good or error is not None:
        log.warning("outbox message %s attempt %s: %s accepted, %s to retry, %s refused for good (%s)",
                    message_id, message.attempts, accepted, retrying, refused_for_good,
                    type(error).__name__ if error is not None else "recipients refused")
    if not tried:
        return None
    if not plan.due or accepted == 0:
        return "failed"
    return "sent" if accepted == len(plan.due) else "partly_sent"


def _retry_later(delivery, text, now):
    delivery.status = "failed" if delivery.attempts >= SHOW_FAILED_AFTER else "pending"
    delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.last_error = text


def _update_message(message, rows, error_text, now, whole_message_failed):
    """Set the message's status and next attempt from its recipients', and end the lease."""
    live = [d for d in rows if d.status != "withdrawn"]
    owed = [d for d in live if d.status in OWED]
    message.lease_token = None
    if error_text:
        message.last_error = error_text
    if not live or whole_message_failed:
        # Nobody to try (or it failed before anyone was): the message itself backs off.
        message.status = "failed" if message.attempts >= SHOW_FAILED_AFTER else "queued"
        message.next_attempt_at = now + backoff(message.attempts)
        message.last_error = message.last_error or NO_ADDRESS
    elif not owed:
        message.status, message.next_attempt_at = "sent", None
        message.sent_at = message.sent_at or now
    else:
        upcoming = [d.next_attempt_at for d in owed if d.next_attempt_at is not None]
        message.next_attempt_at = min(upcoming) if upcoming else None  # none: all refused for good
        message.status = "failed" if any(d.status == "failed" for d in owed) else "queued"


def _refusal_summary(rows, due):
    refused = [rows[a] for a in due if rows[a].status != "sent"]
    if not refused:
        return None
    return f"{len(refused)} of {len(due)} recipient(s) not accepted: {refused[0].last_error}"[:1000]


def _error_text(error):
    if error is None:
        return None
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return None  # told recipient by recipient; any left untried were cut off below
    return without_addresses(f"{type(error).__name__}: {error}")


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


def _close(smtp):
    if smtp is not None:
        try:
            smtp.quit()
        except Exception:  # noqa: BLE001 — the connection is being abandoned anyway
            smtp.close()
