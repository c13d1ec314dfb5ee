"""Signed-in browsers, kept server-side: the cookie carries a random id, a row says if it still counts.

So signing out, disabling a user or an idle browser ends a session for good: a copy of
the cookie is worth nothing once its row is ended. Rows store only the id's sha256.
"""
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import joinedload

from service.extensions import db
from service.store.models import User, WebSession

# last_seen_at is written at most this often: an idle limit in hours needs no write per click.
TOUCH_EVERY = timedelta(minutes=1)


def start(user, now):
    """A new session for ``user``; returns the id for the cookie. Caller commits."""
    raw = secrets.token_urlsafe(32)
    db.session.add(WebSession(token_hash=_digest(raw), user_id=user.id, created_at=now, last_seen_at=now))
    return raw


def resume(raw, now, idle, lifetime):
    """The user of a live session, or None; ends sessions past their idle or absolute limit.

    Returns (user, changed): ``changed`` says the row was written and wants a commit.
    """
    row = db.session.scalars(db.select(WebSession)
                             .options(joinedload(WebSession.user).selectinload(User.roles))
                             .where(WebSession.token_hash == _digest(raw), WebSession.ended_at.is_(None))
                             ).first()
    if row is None:
        return None, False
    reason = None
    if not row.user.active or row.user.deleted:
        reason = "account disabled"
    elif now - row.last_seen_at > idle:
        reason = "idle"
    elif now - row.created_at > lifetime:
        reason = "expired"
    if reason:
        row.ended_at, row.ended_reason = now, reason
        return None, True
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        return row.user, True
    return row.user, False


def end(raw, now, reason="signed out"):
    """End the session with this id, if it is live. Caller commits."""
    db.session.execute(update(WebSession).where(WebSession.token_hash == _digest(raw),
                                                WebSession.ended_at.is_(None))
                       .values(ended_at=now, ended_reason=reason)
                       .execution_options(synchronize_session=False))


def end_all(user, now, reason):
    """End every live session of ``user``; how many there were. Caller commits."""
    return db.session.execute(update(WebSession).where(WebSession.user_id == user.id,
                                                       WebSession.ended_at.is_(None))
                              .values(ended_at=now, ended_reason=reason)
                              .execution_options(synchronize_session=False)).rowcount


def _digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()
