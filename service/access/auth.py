"""Users, passwords (argon2), sign-in lockout and API tokens (stored only as their sha256)."""
import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from sqlalchemy import update
from sqlalchemy.orm import joinedload

from handlers import PACKS

from service.store import audit
from service.access import token_cache
from service.errors import Invalid
from service.extensions import db
from service.store.models import ApiToken, User, UserRole

TOKEN_DAYS = 90  # a token's lifetime unless the administrator asks for less (or more, up to the maximum)
TOKEN_MAX_DAYS = 365
LOCK_AFTER, LOCK_MINUTES = 5, 15  # defaults; the app's SIGNIN_LOCK_AFTER / SIGNIN_LOCK_MINUTES win

_hasher = PasswordHasher()
_dummy_hash = None


def configure_hasher(params):
    """Use argon2 parameters from config (tests use cheap ones; production the defaults)."""
    global _hasher, _dummy_hash
    _hasher = PasswordHasher(**params) if params else PasswordHasher()
    _dummy_hash = None


def hash_password(password):
    return _hasher.hash(password)


def check_password(user, password):
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _spend_the_same_time(password):
    """Verify against a hash nobody knows, so an unknown or barred name costs what a real one does."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash(secrets.token_urlsafe(24))
    try:
        _hasher.verify(_dummy_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass


def find_user(username):
    return db.session.scalars(db.select(User).where(User.username == username)).first()


def add_user(username, display_name, password, roles=(), email=None, is_admin=False):
    """Create a user holding ``roles`` (pairs of pack and lane name). Caller commits."""
    errors = {}
    if not username or find_user(username) is not None:
        errors["username"] = "required and must be unique"
    if not password or len(password) < 8:
        errors["password"] = "must be at least 8 characters"
    for pack, role in roles:
        if pack not in PACKS or role not in PACKS[pack].roles:
            known = ", ".join(PACKS[pack].roles) if pack in PACKS else ", ".join(sorted(PACKS))
            errors["roles"] = f"{pack}:{role} is not a role; known: {known}"
    if errors:
        raise Invalid("cannot add user", errors)
    user = User(username=username, display_name=display_name or username, email=email,
                password_hash=hash_password(password), is_admin=is_admin, active=True, failed_sign_ins=0)
    user.roles = [UserRole(pack=pack, role=role) for pack, role in roles]
    db.session.add(user)
    return user


def is_locked(user, now):
    return user.locked_until is not None and user.locked_until > now


def authenticate(username, password, now, lock_after=LOCK_AFTER, lock_minutes=LOCK_MINUTES):
    """The user these credentials sign in, or None; counts failures and locks. Caller commits.

    Every path verifies exactly one argon2 hash, so an unknown, disabled, deleted or
    locked name takes as long to refuse as a wrong password does.
    """
    user = find_user(username)
    if user is None or not user.active or user.deleted or is_locked(user, now):
        _spend_the_same_time(password)
        return None
    if not check_password(user, password):
        _count_failure(user, now, lock_after, lock_minutes)
        return None
    if user.failed_sign_ins or user.locked_until:
        user.failed_sign_ins, user.locked_until = 0, None
    return user


def _count_failure(user, now, lock_after, lock_minutes):
    # One UPDATE each, so failures from several workers at once all count.
    count = db.session.execute(update(User).where(User.id == user.id)
                               .values(failed_sign_ins=User.failed_sign_ins + 1)
                               .returning(User.failed_sign_ins)
                               .execution_options(synchronize_session=False)).scalar_one()
    if count < lock_after:
        return
    locked = db.session.execute(update(User).where(User.id == user.id, User.failed_sign_ins >= lock_after)
                                .values(failed_sign_ins=0, locked_until=now + timedelta(minutes=lock_minutes))
                                .execution_options(synchronize_session=False)).rowcount
    if locked:  # only the worker that set the lock records it
        audit.record(now, "user.locked", f"Sign-in locked for {lock_minutes} minutes after {count} "
                     f"failed attempts: {user.username}", data={"username": user.username})


def issue_token(user, now, label="", days=TOKEN_DAYS):
    """A new bearer token for ``user``, valid for ``days``; only its hash is stored. Caller commits."""
    if not isinstance(days, int) or not 1 <= days <= TOKEN_MAX_DAYS:
        raise Invalid("cannot issue token", {"days": f"must be a whole number from 1 to {TOKEN_MAX_DAYS}"})
    if not user.active or user.deleted:
        raise Invalid("cannot issue token", {"username": f"{user.username} is disabled or deleted"})
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=label, created_at=now,
                            expires_at=now + timedelta(days=days)))
    return token


def user_for_token(token, now=None):
    """The active user an unexpired, unrevoked bearer token belongs to, or None.

    One query, or none while the answer is in the token cache (service/access/token_cache.py,
    which says how stale it can be).
    """
    now = now or current_app.extensions["stepwise"].now()
    digest = _digest(token)
    user = token_cache.lookup(digest, now)
    if user is not None:
        return user
    row = db.session.scalars(db.select(ApiToken)
                             .options(joinedload(ApiToken.user).joinedload(User.roles))
                             .where(ApiToken.token_hash == digest, ApiToken.revoked.is_(False),
                                    ApiToken.expires_at > now)
                             ).unique().first()
    if row is None or not row.user.active or row.user.deleted:
        return None
    token_cache.remember(digest, now, row, row.user)
    return row.user


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()
