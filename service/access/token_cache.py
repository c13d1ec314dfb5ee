"""A short-lived memory of which user a bearer token signs in, so most API requests skip that query.

Looking the token up costs a query joining tokens, users and roles on every request. This
cache keeps the answer for ``TOKEN_CACHE_SECONDS`` (``STEPWISE_TOKEN_CACHE_SECONDS``,
default 5; 0 turns it off) by the service's clock, per worker process. What it keeps is plain data (the token's digest and
expiry, the user's columns and roles), never a password hash; each request gets fresh
objects built from it, attached to its own session without a query.

How stale it can be:
- In this process: none. Disabling, enabling, deleting a user or revoking their tokens,
  and any change to a user, their roles or tokens made through the ORM, forgets that user's
  entries at once and again when the change commits (so a request that read the old row
  just before the commit cannot put it back).
- In another process (another gunicorn worker, the ``users`` CLI): at most
  ``TOKEN_CACHE_SECONDS``, after which the entry is read again from the database.
- A token's own expiry is checked on every request, cached or not.
"""
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, make_transient_to_detached

from service.extensions import db
from service.store.models import ApiToken, User, UserRole

DEFAULT_SECONDS = 5
MAX_ENTRIES = 4096  # one per live token in use; the oldest goes first past this
_EXTENSION = "stepwise.token_cache"
_CHANGED = "stepwise.users_changed"  # session.info: user ids whose entries go at the commit
# The user's columns worth keeping: everything but the password hash (sign-in reads it fresh).
_USER_COLUMNS = tuple(c.key for c in inspect(User).column_attrs if c.key != "password_hash")


class TokenCache:
    """Token digest -> (checked at, token expiry, user data); thread-safe, bounded."""

    def __init__(self, seconds):
        self.ttl = timedelta(seconds=seconds)
        self.entries = {}
        self.lock = threading.Lock()

    def get(self, digest, now):
        """The cached user data for a token digest, or None when absent, stale or expired."""
        with self.lock:
            entry = self.entries.get(digest)
        if entry is None:
            return None
        checked, expires, data = entry
        # A clock that went backwards counts as stale too: the bound must hold either way.
        if not checked <= now < checked + self.ttl or expires <= now:
            self.drop(digest)
            return None
        return data

    def put(self, digest, now, expires, data):
        with self.lock:
            self.entries.pop(digest, None)
            self.entries[digest] = (now, expires, data)
            while len(self.entries) > MAX_ENTRIES:
                del self.entries[next(iter(self.entries))]

    def drop(self, digest):
        with self.lock:
            self.entries.pop(digest, None)

    def forget_users(self, user_ids):
        """Drop every entry of these users."""
        with self.lock:
            for digest in [d for d, (_c, _e, data) in self.entries.items() if data["id"] in user_ids]:
                del self.entries[digest]


def init_app(app):
    seconds = int(app.config.get("TOKEN_CACHE_SECONDS", DEFAULT_SECONDS))
    app.extensions[_EXTENSION] = TokenCache(seconds) if seconds > 0 else None


def _cache():
    try:
        return current_app.extensions.get(_EXTENSION)
    except RuntimeError:  # outside an app (a bare script): nothing cached, nothing to forget
        return None


def lookup(digest, now):
    """The user a cached token digest signs in, attached to this request's session; None if not cached."""
    cache = _cache()
    data = cache.get(digest, now) if cache is not None else None
    return _attach(data) if data is not None else None


def remember(digest, now, token, user):
    """Keep what ``user_for_token`` just read for the next few seconds."""
    cache = _cache()
    if cache is None:
        return
    data = {key: getattr(user, key) for key in _USER_COLUMNS}
    data["roles"] = tuple((r.id, r.pack, r.role) for r in user.roles)
    cache.put(digest, now, token.expires_at, data)


def forget(user_id):
    """Forget ``user_id``'s tokens now and again when the current transaction commits."""
    cache = _cache()
    if cache is not None:
        cache.forget_users({user_id})
    db.session.info.setdefault(_CHANGED, set()).add(user_id)


def _attach(data):
    """A User built from cached data, persistent in this session without a query."""
    session = db.session()
    present = session.identity_map.get(inspect(User).identity_key_from_primary_key((data["id"],)))
    if present is not None:
        return present  # the session already holds this user (e.g. loaded earlier in the request)
    roles = [UserRole(id=rid, user_id=data["id"], pack=pack, role=role) for rid, pack, role in data["roles"]]
    user = User(**{key: data[key] for key in _USER_COLUMNS})
    user.roles = roles
    for obj in (user, *roles):
        make_transient_to_detached(obj)  # as if just loaded: no pending changes, unloaded columns expire
    session.add(user)
    return user


@event.listens_for(Session, "before_flush")
def _note_account_changes(session, _context, _instances):
    """Users whose row, roles or tokens this flush changes: forget them when it commits."""
    changed = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, User) and obj.id is not None:
            changed.add(obj.id)
        elif isinstance(obj, (UserRole, ApiToken)) and obj.user_id is not None:
            changed.add(obj.user_id)
    if changed:
        session.info.setdefault(_CHANGED, set()).update(changed)


@event.listens_for(Session, "after_commit")
def _forget_committed(session):
    changed = session.info.pop(_CHANGED, None)
    if changed:
        cache = _cache()
        if cache is not None:
            cache.forget_users(changed)


@event.listens_for(Session, "after_rollback")
def _nothing_changed(session):
    session.info.pop(_CHANGED, None)
