"""The outbox table: every e-mail Stepwise owes someone, written with the step that owes it."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models import UTC


class OutboxMessage(db.Model):
    """One e-mail; rows are never deleted, so a message that cannot go out stays visible.

    status: ``queued`` (waiting for its next attempt), ``sending`` (claimed by a deliverer
    until ``lease_until``), ``sent``, or ``failed`` (still retried hourly; shown as failed
    after several attempts so an administrator notices).
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTC)
    pack: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True, index=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instances.id"), nullable=True)
    reason: Mapped[str] = mapped_column(String(200), default="")  # e.g. "task send_step_up completed"
    recipient_keys: Mapped[list] = mapped_column(JSON)  # as configured: mailbox keys, role:…, user:…
    recipients: Mapped[list] = mapped_column(JSON)  # addresses, re-resolved at each attempt
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    meeting: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # start/end (UTC ISO), summary…
    uid: Mapped[str] = mapped_column(String(80), unique=True)  # Message-ID and iCalendar UID
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTC)
    lease_until: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    lease_token: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
