"""``Idempotency-Key`` on the JSON API's POST routes: a retry gets the first answer and writes nothing.

A client whose connection was cut cannot tell whether its POST arrived. If it sent an
``Idempotency-Key`` header, it sends the same request with the same key again and gets the
first answer (status and body, marked ``Idempotent-Replayed: true``); nothing runs twice.

1. **Reserve.** One row per (user, key), under a unique constraint, committed before the
   route runs: of two identical requests at once only one runs; the other gets 409.
2. **Applied.** The row is marked ``applied`` by a before-commit hook, in the same
   transaction as the route's own writes, so it is applied exactly when they are.
3. **Answered.** Once the route has answered, the answer is stored on the row. A refusal
   (4xx) that wrote nothing releases the key instead, so the client can correct the body
   and send it again under the same key; an answer is kept only for a request that ran.

The same key with another method, path, query or body is a 422 naming the header (the
IETF httpapi draft's choice); keys expire after ``IDEMPOTENCY_KEY_HOURS`` (24) by the
app's clock. Use as the innermost decorator, below the one that signs the user in.
"""
import hashlib
from datetime import datetime, timedelta
from functools import wraps

from flask import Response, current_app, g, jsonify, request
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, delete, event, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from service.errors import Conflict, Invalid, StepwiseError
from service.extensions import db
from service.store.models import UTC

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY = 255
IN_PROGRESS, APPLIED, ANSWERED = "in_progress", "applied", "answered"
_SESSION_KEY = "stepwise.idempotency_row"


class IdempotencyKey(db.Model):
    """One key a user sent with a POST, and the answer it got (kept until it expires)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),
                      Index("ix_idempotency_keys_user_expires", "user_id", "expires_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(MAX_KEY))
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of method, path, query and body
    state: Mapped[str] = mapped_column(String(20))  # in_progress, applied, answered
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTC)
    expires_at: Mapped[datetime] = mapped_column(UTC)


class KeyInvalid(Invalid):
    code = "idempotency_key_invalid"


class KeyReused(Invalid):
    code = "idempotency_key_reused"


class KeyInProgress(Conflict):
    code = "idempotency_key_in_progress"


def idempotent(view):
    """Honour an Idempotency-Key header on this POST route (needs ``g.user``)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return view(*args, **kwargs)
        _check_key(key)
        row, ours = _reserve(g.user.id, key, _fingerprint())
        if not ours:
            return _earlier_answer(row)
        return _run(row.id, view, args, kwargs)
    wrapper.accepts_idempotency_key = True  # for the API description
    return wrapper


def _check_key(key):
    if not key.strip() or len(key) > MAX_KEY or not all(" " <= c <= "~" for c in key):
        raise KeyInvalid(f"{HEADER} must be 1 to {MAX_KEY} printable ASCII characters",
                         {HEADER: f"1 to {MAX_KEY} printable ASCII characters, e.g. a UUID"})


def _fingerprint():
    """The request as the key promises it: method, path, query string and the body's bytes."""
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.query_string, _body()):
        digest.update(part + b"\0")
    return digest.hexdigest()


def _body():
    """The body's bytes; for a form with files, its fields and files (a retry's wrapping differs).

    A client re-sending multipart/form-data draws a new random boundary between the parts, so
    the same upload never has the same bytes twice: its parts are what it promises.
    """
    if request.mimetype != "multipart/form-data":
        return request.get_data(cache=True)
    parts = [f"{name}={value}" for name, value in sorted(request.form.items(multi=True))]
    for name, upload in sorted(request.files.items(multi=True), key=lambda pair: pair[0]):
        content = upload.stream.read()
        upload.stream.seek(0)
        parts.append(f"{name}:{upload.filename}:{hashlib.sha256(content).hexdigest()}")
    return "\0".join(parts).encode("utf-8", "surrogatepass")


def _now():
    return current_app.extensions["stepwise"].now()


def _find(user_id, key, now):
    return db.session.scalars(db.select(IdempotencyKey).where(
        IdempotencyKey.user_id == user_id, IdempotencyKey.key == key, IdempotencyKey.expires_at > now)).first()


def _reserve(user_id, key, fingerprint):
    """(row, True) when this request now holds the key; (earlier row, False) when another does."""
    now = _now()
    row = _find(user_id, key, now)
    if row is None:
        # The user's expired keys go first: the same key may then be used afresh.
        db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == user_id,
                                                        IdempotencyKey.expires_at <= now))
        hours = current_app.config.get("IDEMPOTENCY_KEY_HOURS", 24)
        row = IdempotencyKey(user_id=user_id, key=key, fingerprint=fingerprint, state=IN_PROGRESS,
                             created_at=now, expires_at=now + timedelta(hours=hours))
        db.session.add(row)
        try:
            db.session.commit()
            return row, True
        except IntegrityError:  # the same key arrived at the same moment: that one runs
            db.session.rollback()
            row = _find(user_id, key, now)
            if row is None:
                raise KeyInProgress("a request with this Idempotency-Key is in progress; try again shortly",
                                    {HEADER: "in use by a request that has not finished"}) from None
    if row.fingerprint != fingerprint:
        raise KeyReused(f"this {HEADER} was used for a different request",
                        {HEADER: "already used with another method, path or body; use a new key"})
    return row, False


def _earlier_answer(row):
    """The stored answer to the request that first used the key, or 409 while it has none."""
    if row.state == ANSWERED:
        return Response(row.body, status=row.status, mimetype="application/json", headers={REPLAYED: "true"})
    if row.state == APPLIED:
        raise KeyInProgress("the request with this Idempotency-Key was carried out but its answer was not "
                            "kept; read the record before sending anything again",
                            {HEADER: "carried out, answer not kept"})
    raise KeyInProgress("a request with this Idempotency-Key is still in progress; try again shortly",
                        {HEADER: "in use by a request that has not finished"})


def _run(row_id, view, args, kwargs):
    session = db.session()
    session.info[_SESSION_KEY] = row_id
    try:
        response = current_app.make_response(view(*args, **kwargs))
    except StepwiseError as exc:  # a refusal: the blueprint answers it; we keep it only if writes happened
        _finish(session, row_id, _refusal(exc))
        raise
    except Exception:
        _finish(session, row_id, None)
        raise
    _finish(session, row_id, response)
    return response


def _refusal(exc):
    """The JSON error the API gives for ``exc``, to keep if the request had already written."""
    response = jsonify({"error": exc.code, "message": exc.message, "fields": exc.fields})
    response.status_code = exc.status
    return response


def _finish(session, row_id, response):
    """Keep the answer of a request that ran; release the key of one that wrote nothing."""
    session.info.pop(_SESSION_KEY, None)
    session.rollback()  # whatever the route left unsaved stays unsaved, as without a key
    table = IdempotencyKey
    if response is not None and response.status_code < 400:
        keep = table.id == row_id
    else:
        session.execute(delete(table).where(table.id == row_id, table.state == IN_PROGRESS))
        keep = (table.id == row_id) & (table.state == APPLIED)  # refused after writing: keep it
    if response is not None:
        session.execute(update(table).where(keep).values(state=ANSWERED, status=response.status_code,
                                                         body=response.get_data(as_text=True)))
    session.commit()


@event.listens_for(Session, "before_commit")
def _mark_applied(session):
    """In the route's own transaction: its writes and 'applied' commit together or not at all."""
    row_id = session.info.get(_SESSION_KEY)
    if row_id is not None:
        session.execute(update(IdempotencyKey).where(IdempotencyKey.id == row_id,
                                                     IdempotencyKey.state == IN_PROGRESS)
                        .values(state=APPLIED).execution_options(synchronize_session=False))
