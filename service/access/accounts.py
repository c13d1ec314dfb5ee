"""Account lifecycle: disable, enable, delete, revoke tokens. Each is an audit event; callers commit.

Deleting keeps the chronology honest: a user named anywhere in the record (an audit
event, a case they opened, a task they completed…) stays as a tombstone — inactive,
marked deleted, no password, e-mail, roles, tokens or sessions, username kept so it can
never be given to someone else. Only a user nothing refers to is removed outright.
"""
from sqlalchemy import delete, select, update

from service.store import audit
from service.access import token_cache, web_sessions
from service.errors import Invalid
from service.extensions import db
from service.store.models import ApiToken, User, WebSession, WorkItem

# Rows that belong to the user and go with them; any other reference makes a tombstone.
OWNED_TABLES = {"user_roles", "api_tokens", "web_sessions"}


def disable(user, now, by=None):
    """Stop ``user`` signing in or using tokens; ends their browser sessions at once."""
    _not_deleted(user)
    user.active = False
    token_cache.forget(user.id)  # this worker refuses their tokens from the next request
    ended = web_sessions.end_all(user, now, "account disabled")
    _record(now, "user.disabled", f"User {user.username} disabled ({ended} session(s) ended)", user, by)


def enable(user, now, by=None):
    """Let ``user`` sign in again; also lifts a sign-in lock."""
    _not_deleted(user)
    user.active, user.failed_sign_ins, user.locked_until = True, 0, None
    token_cache.forget(user.id)
    _record(now, "user.enabled", f"User {user.username} enabled", user, by)


def revoke_tokens(user, now, by=None):
    """Revoke every API token of ``user``; how many were live."""
    token_cache.forget(user.id)  # a Core UPDATE: the ORM's change tracking does not see it
    count = db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
                               .values(revoked=True).execution_options(synchronize_session=False)).rowcount
    _record(now, "user.tokens_revoked", f"{count} API token(s) of {user.username} revoked", user, by)
    return count


def delete_user(user, now, by=None):
    """Delete ``user``: a tombstone if the record refers to them, else gone. True if kept as a tombstone."""
    _not_deleted(user)
    username = user.username
    token_cache.forget(user.id)
    # A task they had claimed goes back to its role's tray rather than waiting on nobody.
    released = db.session.execute(update(WorkItem).where(WorkItem.assignee_id == user.id,
                                                         WorkItem.status == "open")
                                  .values(assignee_id=None).execution_options(synchronize_session=False)
                                  ).rowcount
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    tombstone = _is_referenced(user)
    if tombstone:
        user.active, user.is_admin, user.deleted_at = False, False, now
        user.password_hash, user.email, user.roles = "", None, []
        user.failed_sign_ins, user.locked_until = 0, None
        how = "kept as a tombstone: named in the record"
    else:
        db.session.delete(user)
        how = "removed"
    _record(now, "user.deleted", f"User {username} deleted ({how}; {released} claimed task(s) released)",
            None, by, username=username)
    return tombstone


def _is_referenced(user):
    """Whether any row outside the user's own (roles, tokens, sessions) points at them."""
    db.session.flush()
    for table in db.metadata.sorted_tables:
        if table.name in OWNED_TABLES:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == User.__tablename__ and db.session.execute(
                    select(fk.parent).where(fk.parent == user.id).limit(1)).first():
                return True
    return False


def _not_deleted(user):
    if user.deleted:
        raise Invalid(f"{user.username} has been deleted", {"username": "deleted users cannot be changed"})


def _record(now, action, summary, user, by, username=None):
    audit.record(now, action, summary, actor=by, data={"username": username or user.username})
