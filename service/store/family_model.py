"""Which children a family run covers: one pathway run, one meeting, several children's cases.

Camden §3's daily discussion meeting "presents families" and Knowsley's TAF meetings are
about families: siblings are discussed together once. A family run is an ordinary process
instance (its ``case_id`` is the child whose case it is filed under) plus a row here for
every child it covers. A child leaves the run when the meeting decides something else for
them (e.g. stepped up: their work goes on in their own pathway); the row stays, with
``left_at``, so the record shows they were part of it.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.extensions import db
from service.store.models import UTC


class FamilyRunMember(db.Model):
    __tablename__ = "family_run_members"
    __table_args__ = (UniqueConstraint("instance_id", "case_id"),
                      Index("ix_family_run_members_case", "case_id", "instance_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    family_id: Mapped[str] = mapped_column(String(40))
    joined_at: Mapped[datetime] = mapped_column(UTC)
    left_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    left_because: Mapped[str] = mapped_column(String(200), default="")
