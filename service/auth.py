"""Users, passwords (argon2) and API tokens (stored only as their sha256)."""
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError

from sqlalchemy.orm import joinedload

from handlers import PACKS

from .errors import Invalid
from .extensions import db
from .models import ApiToken, User, UserRole

_hasher = PasswordHasher()


def configure_hasher(params):
    """Use argon2 parameters from config (tests use cheap ones; production the defaults)."""
    global _hasher
    _hasher = PasswordHasher(**params) if params else PasswordHasher()


def hash_password(password):
    return _hasher.hash(password)


def check_password(user, password):
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return False


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
                password_hash=hash_password(password), is_admin=is_admin, active=True)
    user.roles = [UserRole(pack=pack, role=role) for pack, role in roles]
    db.session.add(user)
    return user


def authenticate(username, password):
    user = find_user(username)
    if user is None or not user.active or not check_password(user, password):
        return None
    return user


def issue_token(user, now, label=""):
    """A new bearer token for ``user``; only its hash is stored. Caller commits."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), label=label, created_at=now))
    return token


def user_for_token(token):
    """The active user a bearer token belongs to, or None (one query: token, user, roles)."""
    row = db.session.scalars(db.select(ApiToken)
                             .options(joinedload(ApiToken.user).joinedload(User.roles))
                             .where(ApiToken.token_hash == _digest(token), ApiToken.revoked.is_(False))
                             ).unique().first()
    if row is None or not row.user.active:
        return None
    return row.user


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()
