"""Who has read a child's record: every read of a case, its history, a task, a diagram or an e-mail.

Reads live in their own append-only table, ``record_reads``, not in the chronology
(``audit_events``): a case is read far more often than anything happens to it, and the
chronology a practitioner reads must stay the story of the child's case, not of who
opened the page. A route calls ``note(...)`` once it knows which case it shows; the rows
are written after the page or answer has been produced and before it is sent (one
insert and commit), only when it succeeded — a refused read (403/404) read nothing. If
the write fails the response fails too: a record is never shown without being recorded.

Lists (the case list, My work, ``GET /cases``, ``GET /tasks``) show a line per child and
are not reads of a record.
"""
from datetime import datetime

from flask import current_app, g, request
from sqlalchemy import ForeignKey, Index, Integer, String, event, insert
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import db
from service.store.models import UTC, User

# What was read, in the words the list shows.
WHAT = {"case": "Case record", "history": "Case history", "task": "Task", "diagram": "Pathway diagram",
        "message": "E-mail in the outbox", "notes": "Case notes", "attachment": "Attached document",
        "summary": "Printable case summary"}
SHOWN = 50  # newest reads listed on the case page
_PENDING = "_record_reads"


class RecordRead(db.Model):
    """Append-only: one row each time a person read part of a child's record."""

    __tablename__ = "record_reads"
    __table_args__ = (Index("ix_record_reads_case_at", "case_id", "at"),
                      Index("ix_record_reads_user_at", "user_id", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTC)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    what: Mapped[str] = mapped_column(String(20))  # a key of WHAT
    item_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the task, pathway instance or message
    route: Mapped[str] = mapped_column(String(200))  # "GET /api/v1/cases/<int:case_id>"
    roles: Mapped[str] = mapped_column(String(400))  # the reader's roles in the case's pack, then
    reader: Mapped[User] = relationship(lazy="joined")


@event.listens_for(RecordRead, "before_update")
@event.listens_for(RecordRead, "before_delete")
def _reads_are_append_only(_mapper, _connection, _target):
    raise PermissionError("record reads are append-only")


_INSERT = insert(RecordRead.__table__)


def init_app(app):
    """Write each request's noted reads once its response has been produced."""
    app.after_request(_write)


def note(user, case, what, item_id=None):
    """Record that ``user`` is reading ``what`` of ``case`` (written if the response succeeds)."""
    g.setdefault(_PENDING, []).append({
        "user_id": user.id, "case_id": case.id, "what": what, "item_id": item_id,
        "route": f"{request.method} {request.url_rule.rule}"[:200], "roles": roles_in(user, case.pack)[:400]})


def roles_in(user, pack):
    """The user's roles in ``pack`` as one line, administrators marked."""
    names = sorted(r.role for r in user.roles if r.pack == pack)
    return "; ".join((["Administrator"] if user.is_admin else []) + names)


def _write(response):
    reads = g.pop(_PENDING, None)
    if not reads or response.status_code >= 400:
        return response
    session = db.session()
    if session.new or session.dirty or session.deleted:
        session.rollback()  # a read route left changes unsaved: they are not ours to commit
    now = current_app.extensions["stepwise"].now()
    # A plain Core insert on the session's own connection: the ORM's bulk path costs more
    # than the insert itself, and a second connection could wait on this one's lock.
    session.connection().execute(_INSERT, [{**row, "at": now} for row in reads])
    session.commit()
    return response


def may_see_reads(user, case):
    """Administrators, and managers: holders of a role in the case's pack whose name says Manager."""
    return user.is_admin or any(r.pack == case.pack and "Manager" in r.role for r in user.roles)


def recent_reads(case_id, limit=SHOWN):
    """(the newest ``limit`` reads of a case as rows with the reader's name, whether there are more).

    Plain rows, not objects: a manager's case page lists fifty of them on every view.
    """
    rows = db.session.execute(
        db.select(RecordRead.at, User.display_name.label("reader"), RecordRead.roles, RecordRead.what,
                  RecordRead.item_id, RecordRead.route)
        .join(User, User.id == RecordRead.user_id).where(RecordRead.case_id == case_id)
        .order_by(RecordRead.at.desc(), RecordRead.id.desc()).limit(limit + 1)).all()
    return rows[:limit], len(rows) > limit


def via(row):
    """'API' or 'web page', from the route the read came through."""
    return "API" if row.route.split(" ", 1)[-1].startswith("/api/") else "web page"
