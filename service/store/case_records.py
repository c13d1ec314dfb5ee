"""What workers add to a case by hand: case notes and attached documents.

Both are append-only (a note or a document is part of the child's record: a correction is a
new note, never an edit), and each addition is also an event on the chronology.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.store.models import UTC, User

NOTE_LENGTH = 10_000  # a long case note is a few pages; more belongs in an attached document
FILE_NAME_LENGTH = 200


class CaseNote(db.Model):
    """One case note: who wrote it, when, and what it says."""
    __tablename__ = "case_notes"
    __table_args__ = (Index("ix_case_notes_case_at_id", "case_id", "at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    at: Mapped[datetime] = mapped_column(UTC)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[User] = relationship(lazy="joined")


class CaseAttachment(db.Model):
    """One document attached to a case; its bytes are stored in the row (loaded only to download)."""
    __tablename__ = "case_attachments"
    __table_args__ = (Index("ix_case_attachments_case_at_id", "case_id", "at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    at: Mapped[datetime] = mapped_column(UTC)
    added_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(FILE_NAME_LENGTH))
    content_type: Mapped[str] = mapped_column(String(100))  # what the content was found to be, not what was claimed
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(String(400), default="")
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    adder: Mapped[User] = relationship(lazy="joined")


@event.listens_for(CaseNote, "before_update")
@event.listens_for(CaseNote, "before_delete")
@event.listens_for(CaseAttachment, "before_update")
@event.listens_for(CaseAttachment, "before_delete")
def _append_only(_mapper, _connection, _target):
    raise PermissionError("case notes and attachments are append-only")
