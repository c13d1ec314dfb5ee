"""E-mail use cases: queue messages in the step's own transaction (delivery: outbox_delivery).

Queueing never talks to a mail server: rows go into the outbox with the state change that
owes them, so a rolled-back step owes nothing and a committed one cannot lose its e-mail.
Each message gets one recipient row per address, so delivery can be tracked per recipient.

Privacy, enforced here for every handler alike: bodies name no child. The service appends
the case number, person id and a link; the reader signs in to see more. A child's full name
found in a message is removed as a safety net. Addresses outside the council's own get a
separate outside version with fixed wording and no free text (service/mail/outside_mail.py).
Neither bodies nor addresses are logged.
"""
import dataclasses
import logging
import re
import uuid

from handlers.messages import Message

from sqlalchemy.orm import defer

from service.mail import invites, mailer as mailer_module, outside_mail, recipients
from service.store import paging
from service.extensions import db
from service.store.models import Case
from service.errors import NotFound
from service.mail.outbox_delivery import (
    BACKOFF_MINUTES,
    LEASE,
    SHOW_FAILED_AFTER,
    backoff,
    build_email,
    deliver_due,
    retry_now,
    run_delivery,
)
from service.mail.outbox_model import OutboxMessage, OutboxRecipient
from service.mail.recipients import NotificationConfigError  # noqa: F401  (part of this module's API)
from service.store.paging import DEFAULT_LIMIT

log = logging.getLogger("stepwise.notifications")

LONDON_FORMAT = "%a %d %b %Y %H:%M"
OUTBOX = "outbox"


def install(settings):
    """Check pack recipients and SMTP settings (the app then hooks ``alert_new_item`` to new work)."""
    recipients.check_packs()
    mailer_module.from_settings(settings)  # raises MailerConfigError on a bad setting


def enqueue(rt, pack, messages, case=None, instance=None, reason=""):
    """Write ``messages`` to the outbox in the caller's transaction (no commit); rows back.

    A message with recipients outside the council is split: the council's own addresses get
    it as written, the others one outside version (fixed words, case number, link).
    """
    rows = []
    for message in messages:
        if not isinstance(message, Message):
            raise NotificationConfigError(f"expected a Message, got {type(message).__name__}")
        addresses = recipients.resolve(pack, message.to)
        own = recipients.councils_own(pack, addresses)
        outside_keys = tuple(k for k in message.to if k.startswith("email:") and k[6:].strip() not in own)
        inside_keys = tuple(k for k in message.to if k not in outside_keys)
        if inside_keys:
            rows.append(_queue(rt, pack, Message(inside_keys, message.subject, message.body, message.meeting),
                               sorted(own), case, instance, reason, outside=False))
        if outside_keys:
            outside = outside_mail.rewrite(pack, dataclasses.replace(message, to=outside_keys),
                                           case.id if case else None)
            rows.append(_queue(rt, pack, outside, [a for a in addresses if a not in own], case, instance,
                               reason, outside=True))
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


def list_outbox(status=None, after=None, limit=DEFAULT_LIMIT):
    """A page of outbox rows, newest first, optionally of one status (bodies left unread)."""
    last_id = paging.decode(OUTBOX, after, (paging.ID,))
    query = (db.select(OutboxMessage).options(defer(OutboxMessage.body))
             .order_by(OutboxMessage.id.desc()).limit(limit + 1))
    if status:
        query = query.where(OutboxMessage.status == status)
    if last_id is not None:
        query = query.where(OutboxMessage.id < last_id[0])
    return paging.page(OUTBOX, db.session.scalars(query).all(), limit, lambda row: (row.id,))


def message(message_id):
    """One outbox message, body, invite and recipients included; NotFound if there is none."""
    row = db.session.get(OutboxMessage, message_id)
    if row is None:
        raise NotFound(f"no outbox message {message_id}")
    return row


def invite_of(row):
    """The meeting a message invites to, its times as aware UTC; None for a plain message."""
    if not row.meeting:
        return None
    return {**row.meeting, "start": invites.to_utc(row.meeting["start"]), "end": invites.to_utc(row.meeting["end"])}


def counts():
    """Number of outbox rows per status."""
    rows = db.session.execute(db.select(OutboxMessage.status, db.func.count()).group_by(OutboxMessage.status))
    return dict(rows.all())


def _queue(rt, pack, message, addresses, case, instance, reason, outside):
    now = rt.now()
    names = [case.child_name] if case is not None and case.child_name else []
    row = OutboxMessage(
        created_at=now, pack=pack, case_id=case.id if case else None,
        instance_id=instance.id if instance else None, reason=reason[:200],
        recipient_keys=list(message.to), outside_council=outside,
        subject=_redact(message.subject, names)[:300],
        body=_redact(message.body, names) + _footer(rt, case, outside),
        meeting=_meeting(message.meeting, names), uid=f"{uuid.uuid4().hex}@stepwise",
        status="queued", attempts=0, next_attempt_at=now)
    row.deliveries = [OutboxRecipient(address=a, status="pending", attempts=0, next_attempt_at=now)
                      for a in addresses]
    db.session.add(row)
    return row


def _footer(rt, case, outside):
    if case is None:
        return ""
    base = (rt.settings.get("PUBLIC_URL") or "").rstrip("/")
    if outside:
        return (f"\n\n--\nCase {case.id}\nSign in to Stepwise to see more: {base}/cases/{case.id}\n"
                "This e-mail went to an address outside the council, so it carries only the case number, "
                "any meeting time and a link, by design.")
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
