"""Who an e-mail goes to: recipient keys from pack configuration, resolved to addresses.

A key is a ``[mailboxes]`` entry of the pack's pack.toml, ``role:<Role name>`` (every active
user holding that role in the pack, who has an e-mail address), ``user:<username>`` or
``email:<address>`` (an address someone entered on a form, e.g. the TAF members invited to
a meeting). Addresses live in configuration, the user table and case data, never in code.
"""
from handlers import PACKS

from .errors import StepwiseError
from .extensions import db
from .models import User, UserRole


class NotificationConfigError(StepwiseError):
    """A pack names a recipient that does not exist: a configuration fault, not bad input."""

    status, code = 500, "configuration_error"


def mailboxes(pack):
    """The pack's ``[mailboxes]`` table: key → address."""
    return dict(PACKS[pack].settings.get("mailboxes", {})) if pack in PACKS else {}


def notify_table(pack):
    """The pack's ``[notify]`` table: BPMN task id → recipient keys alerted when it opens."""
    return dict(PACKS[pack].settings.get("notify", {})) if pack in PACKS else {}


def problems(pack_name, pack):
    """What is wrong with a pack's mailboxes and alerts (an empty list when nothing is)."""
    found = []
    boxes = pack.settings.get("mailboxes", {})
    if not isinstance(boxes, dict):
        return [f"{pack_name}: [mailboxes] must be a table of key = \"address\""]
    for key, address in boxes.items():
        if not isinstance(address, str) or _static_problem(pack_name, pack, f"email:{address}"):
            found.append(f"{pack_name}: mailbox {key!r} must be an e-mail address, not {address!r}")
    notify = pack.settings.get("notify", {})
    if not isinstance(notify, dict):
        return found + [f"{pack_name}: [notify] must map task ids to lists of recipient keys"]
    for task_id, keys in notify.items():
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            found.append(f"{pack_name}: notify.{task_id} must be a non-empty list of recipient keys")
            continue
        for key in keys:
            problem = _static_problem(pack_name, pack, key)
            if problem:
                found.append(f"{pack_name}: notify.{task_id}: {problem}")
    return found


def check_packs(packs=None):
    """Refuse to start when any pack's recipients are misconfigured (fail loudly, early)."""
    found = [p for name, pack in (packs or PACKS).items() for p in problems(name, pack)]
    if found:
        raise NotificationConfigError("notification configuration: " + "; ".join(found))


def check_keys(pack, keys):
    """Raise NotificationConfigError naming the first recipient key that does not resolve."""
    if pack not in PACKS:
        raise NotificationConfigError(f"no pack {pack!r} to send from")
    for key in keys:
        problem = _static_problem(pack, PACKS[pack], key)
        if problem is None and key.startswith("user:") and _find_user(key[5:]) is None:
            problem = f"no user {key[5:]!r}"
        if problem:
            raise NotificationConfigError(f"cannot address a message: {problem}", {"to": problem})


def resolve(pack, keys):
    """Addresses for ``keys`` (sorted, without duplicates); raises on an unknown key."""
    check_keys(pack, keys)
    boxes = mailboxes(pack)
    addresses = set()
    for key in keys:
        if key.startswith("role:"):
            users = db.session.scalars(db.select(User).join(UserRole).where(
                UserRole.pack == pack, UserRole.role == key[5:], User.active.is_(True)))
            addresses.update(u.email.strip() for u in users if u.email and u.email.strip())
        elif key.startswith("email:"):
            addresses.add(key[6:].strip())
        elif key.startswith("user:"):
            user = _find_user(key[5:])
            if user.active and user.email and user.email.strip():
                addresses.add(user.email.strip())
        else:
            addresses.add(boxes[key].strip())
    return sorted(addresses)


def _static_problem(pack_name, pack, key):
    if not isinstance(key, str) or not key:
        return f"recipient key {key!r} must be text"
    if key.startswith("role:"):
        if key[5:] not in pack.roles:
            return f"{key!r}: the {pack_name} pack has no role {key[5:]!r} (roles: {', '.join(pack.roles)})"
        return None
    if key.startswith("email:"):
        address = key[6:].strip()
        if "@" not in address or any(c in address for c in " ,;<>\r\n\t") or "." not in address.split("@")[-1]:
            return f"{key!r} is not an e-mail address"
        return None
    if key.startswith("user:"):
        return None if key[5:] else "'user:' needs a username"
    boxes = pack.settings.get("mailboxes", {})
    if key not in boxes:
        known = ", ".join(sorted(boxes)) or "none configured"
        return f"{key!r} is not a mailbox of the {pack_name} pack (mailboxes: {known})"
    return None


def _find_user(username):
    return db.session.scalars(db.select(User).where(User.username == username)).first()
