"""The tables. Plain declarations: behaviour lives in the use-case modules."""
from datetime import datetime

from datetime import timezone

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
                        event, func, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from service.extensions import db


class UTCDateTime(TypeDecorator):
    """Aware UTC in Python, naive UTC in the database: SQLite and PostgreSQL agree."""
    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


UTC = UTCDateTime()


class User(db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Consecutive wrong passwords, and the lock they earn; in the database so every worker agrees.
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    # A deleted user named in the chronology stays as a tombstone: no password, roles or tokens.
    deleted_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    roles: Mapped[list["UserRole"]] = relationship(back_populates="user", cascade="all, delete-orphan",
                                                   lazy="selectin")

    @property
    def deleted(self):
        return self.deleted_at is not None

    def holds(self, pack, role):
        return any(r.pack == pack and r.role == role for r in self.roles)

    def role_pairs(self):
        return {(r.pack, r.role) for r in self.roles}


class UserRole(db.Model):
    """A role is a lane name within a pack."""
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "pack", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    pack: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(120))
    user: Mapped[User] = relationship(back_populates="roles")


class ApiToken(db.Model):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the token
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTC)
    expires_at: Mapped[datetime] = mapped_column(UTC)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    user: Mapped[User] = relationship(lazy="joined")


class WebSession(db.Model):
    """One signed-in browser: the cookie holds a random id, this row says whether it still counts."""
    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the id in the cookie
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTC)
    last_seen_at: Mapped[datetime] = mapped_column(UTC)
    ended_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    ended_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    user: Mapped[User] = relationship(lazy="joined")


# The case list is newest first within the reader's packs, and its search reads the start of a
# name (any case), person ID or family ID. text_pattern_ops lets PostgreSQL serve a LIKE prefix
# from these indexes whatever the database's collation (SQLite ignores it and compares bytes).
CASE_SEARCH_INDEXES = (
    Index("ix_cases_pack_id", "pack", "id"),
    Index("ix_cases_child_name_lower", func.lower(text("child_name")).label("child_name_lower"),
          postgresql_ops={"child_name_lower": "text_pattern_ops"}),
    Index("ix_cases_person_id_prefix", "person_id", postgresql_ops={"person_id": "text_pattern_ops"}),
    Index("ix_cases_family_id_prefix", "family_id", postgresql_ops={"family_id": "text_pattern_ops"}),
)


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = CASE_SEARCH_INDEXES
    id: Mapped[int] = mapped_column(primary_key=True)
    child_name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[datetime | None] = mapped_column(Date, nullable=True)
    expected_date: Mapped[datetime | None] = mapped_column(Date, nullable=True)  # unborn child
    person_id: Mapped[str] = mapped_column(String(40), default="")
    family_id: Mapped[str] = mapped_column(String(40), default="")
    pack: Mapped[str] = mapped_column(String(40))
    current_service: Mapped[str] = mapped_column(String(3), default="EH")  # EH or CSC
    lead_professional: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTC)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # Where the child is on the pack's Level of Need scale (handlers/level_of_need.py), who set
    # it and when; every change is also on the chronology (service/work/level_of_need.py).
    level_of_need: Mapped[int | None] = mapped_column(Integer, nullable=True)
    level_of_need_set_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    level_of_need_set_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class ProcessVersion(db.Model):
    """One deployed version of a pathway; its diagram is stored here once."""
    __tablename__ = "process_versions"
    __table_args__ = (UniqueConstraint("pathway", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pathway: Mapped[str] = mapped_column(String(120))  # "camden/step_up_to_mash"
    number: Mapped[int] = mapped_column(Integer)
    process_id: Mapped[str] = mapped_column(String(120))
    content_hash: Mapped[str] = mapped_column(String(64))
    # Deferred: instances join their version on every load, but only a re-parse needs the text.
    files: Mapped[dict] = mapped_column(JSON, deferred=True)  # file name -> diagram text
    deployed_at: Mapped[datetime] = mapped_column(UTC)
    deployed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


# One running copy of a pathway per case, unless its diagram says runs_per_case="many" (and
# the safeguarding override, each concern its own copy): the database refuses a second one
# even when two starts race past the application's own check.
RUNNING_ALONE = "status = 'running' AND runs_alone"
RUNNING = "status = 'running'"


class ProcessInstance(db.Model):
    __tablename__ = "process_instances"
    __table_args__ = (Index("uq_process_instances_running_alone", "case_id", "pathway", unique=True,
                            sqlite_where=text(RUNNING_ALONE), postgresql_where=text(RUNNING_ALONE)),
                      # Open instances per version (the diagrams page), counted from the index alone.
                      Index("ix_process_instances_running_version", "version_id",
                            sqlite_where=text(RUNNING), postgresql_where=text(RUNNING)))
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("process_versions.id"), index=True)
    pathway: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running, complete, error
    state: Mapped[str] = mapped_column(Text)  # serialised workflow, without its spec
    serializer_version: Mapped[str] = mapped_column(String(20))
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTC)
    updated_at: Mapped[datetime] = mapped_column(UTC)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    runs_alone: Mapped[bool] = mapped_column(Boolean, default=True)  # see RUNNING_ALONE
    version: Mapped[ProcessVersion] = relationship(lazy="joined")
    __mapper_args__ = {"version_id_col": lock_version}  # optimistic locking: stale writes fail


OPEN_DATED = "status = 'open' AND due_at IS NOT NULL"
OPEN_UNDATED = "status = 'open' AND due_at IS NULL"


class WorkItem(db.Model):
    """One row per user task: worklists read these and never deserialise a workflow."""
    __tablename__ = "work_items"
    __table_args__ = (Index("ix_work_items_open_role", "status", "pack", "role"),
                      # The tray's order per role, open items only (service/work/tray.py): those with a
                      # deadline by deadline, those without by arrival. Two indexes, because a
                      # planner takes no order from "due_at IS NULL" as it does from an equality.
                      Index("ix_work_items_tray_dated", "pack", "role", "due_at", "created_at", "id",
                            sqlite_where=text(OPEN_DATED), postgresql_where=text(OPEN_DATED)),
                      Index("ix_work_items_tray_undated", "pack", "role", "created_at", "id",
                            sqlite_where=text(OPEN_UNDATED), postgresql_where=text(OPEN_UNDATED)))
    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instances.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    pathway: Mapped[str] = mapped_column(String(120))
    pack: Mapped[str] = mapped_column(String(40))
    task_uuid: Mapped[str] = mapped_column(String(36))
    bpmn_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(120))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open, completed, cancelled
    created_at: Mapped[datetime] = mapped_column(UTC)
    due_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTC, nullable=True)
    completed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    case: Mapped[Case] = relationship(lazy="joined")


class AuditEvent(db.Model):
    """Append-only chronology: who did what, when, to which case, task and instance."""
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_case_at_id", "case_id", "at", "id"),)  # a case's history, in order
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTC, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True, index=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instances.id"), nullable=True)
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"), nullable=True)
    task_bpmn_id: Mapped[str | None] = mapped_column(String(120), nullable=True)
    summary: Mapped[str] = mapped_column(String(400), default="")
    data: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    actor: Mapped[User | None] = relationship(lazy="joined")


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(_mapper, _connection, _target):
    raise PermissionError("audit events are append-only")


class Consent(db.Model):
    """One decision about consent on a case, recorded by a pathway step (handlers/consent.py)."""
    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    instance_id: Mapped[int | None] = mapped_column(ForeignKey("process_instances.id"), nullable=True)
    work_item_id: Mapped[int | None] = mapped_column(ForeignKey("work_items.id"), nullable=True)
    given_by: Mapped[str] = mapped_column(String(120))
    scope: Mapped[str] = mapped_column(String(20))     # sharing, service
    decision: Mapped[str] = mapped_column(String(20))  # given, refused, not sought, overridden
    how: Mapped[str] = mapped_column(String(40), default="")
    decided_on: Mapped[datetime | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    overridden_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTC)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    recorder: Mapped[User | None] = relationship(lazy="joined")


class TaskDraft(db.Model):
    """A worker's unfinished answers to one task, kept until they finish it (service/work/drafts.py).

    One per task and person: a draft is that worker's own, never shown to a colleague, and
    deleted when the task completes.
    """
    __tablename__ = "task_drafts"
    __table_args__ = (UniqueConstraint("work_item_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    work_item_id: Mapped[int] = mapped_column(ForeignKey("work_items.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    data: Mapped[dict] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTC)
