"""The outbox tables: every e-mail Stepwise owes someone, and how far it got with each recipient."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.store.models import UTC

ADDRESS_LENGTH = 320  # 64 for the local part, "@", 255 for the domain


class OutboxMessage(db.Model):
    """One e-mail; rows are never deleted, so a message that cannot go out stays visible.

    status: ``queued`` (waiting for its next attempt), ``sending`` (claimed by a deliverer
    until ``lease_until``), ``sent`` (every recipient accepted it), or ``failed`` (a
    recipient has failed several times or was refused for good; an administrator should
    look). ``next_attempt_at`` is the soonest attempt any recipient is owed; empty when no
    recipient is owed another attempt.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),
                      Index("ix_outbox_status_id", "status", "id"))  # the outbox list of one status, newest first
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTC)
    pack: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True, index=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instances.id"), nullable=True)
    reason: Mapped[str] = mapped_column(String(200), default="")  # e.g. "task send_step_up completed"
    recipient_keys: Mapped[list] = mapped_column(JSON)  # as configured: mailbox keys, role:…, user:…, email:…
    # True for the version written for addresses outside the council: fixed wording with the
    # case number, meeting time and a link only (service/mail/outside_mail.py). False: only the
    # council's own addresses may receive it, checked again at every attempt.
    outside_council: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    meeting: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # start/end (UTC ISO), summary…
    uid: Mapped[str] = mapped_column(String(80), unique=True)  # Message-ID and iCalendar UID
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # delivery rounds, whoever they were for
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    lease_token: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)  # never holds an address
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    deliveries: Mapped[list["OutboxRecipient"]] = relationship(
        back_populates="message", order_by="OutboxRecipient.id", lazy="selectin")

    @property
    def recipients(self):
        """The addresses this message is for (sorted), withdrawn ones left out."""
        return sorted(d.address for d in self.deliveries if d.status != "withdrawn")


class OutboxRecipient(db.Model):
    """One recipient of one outbox message: sent once, or retried on its own.

    status: ``pending`` (owed an attempt at ``next_attempt_at``), ``sent`` (the server
    accepted it: never sent again), ``failed`` (still retried hourly after several failures;
    no ``next_attempt_at`` when the server refused the address for good), or ``withdrawn``
    (no longer a recipient: the user was disabled or left the role, or the address is not
    the council's own and the message carries more than the outside version may).
    """

    __tablename__ = "outbox_recipients"
    __table_args__ = (UniqueConstraint("message_id", "address"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id"))
    address: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)  # the server's words, address removed
    sent_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    message: Mapped[OutboxMessage] = relationship(back_populates="deliveries")
