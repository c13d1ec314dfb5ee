"""Who an e-mail goes to: recipient keys from pack configuration, resolved to addresses.

A key is a ``[mailboxes]`` entry of the pack's pack.toml, ``role:<Role name>`` (every active
user holding that role in the pack, who has an e-mail address), ``user:<username>`` or
``email:<address>`` (an address someone entered on a form, e.g. the TAF members invited to
a meeting). Addresses live in configuration, the user table and case data, never in code.

The council's own addresses are those of its pack's ``[mailboxes]``, any address in a domain
its ``[mail] internal_domains`` lists (or a subdomain of one), and active users' own
addresses. Anything else is outside the council and gets only the outside version of a
message (service/mail/outside_mail.py).
"""
import re

from handlers import PACKS

from service.errors import StepwiseError
from service.extensions import db
from service.store.models import User, UserRole
from service.mail.outbox_model import ADDRESS_LENGTH

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
# Domains many organisations share (secure mail services, the public sector's parents, webmail):
# listing one would make every school, surgery or police force "the council's own".
SHARED_DOMAINS = frozenset((
    "gov.uk", "gcsx.gov.uk", "gsi.gov.uk", "nhs.uk", "nhs.net", "police.uk", "pnn.police.uk", "cjsm.net",
    "sch.uk", "ac.uk", "org.uk", "co.uk", "gmail.com", "outlook.com", "hotmail.com", "yahoo.com"))


class NotificationConfigError(StepwiseError):
    """A pack names a recipient that does not exist: a configuration fault, not bad input."""

    status, code = 500, "configuration_error"


def mailboxes(pack):
    """The pack's ``[mailboxes]`` table: key → address."""
    return dict(PACKS[pack].settings.get("mailboxes", {})) if pack in PACKS else {}


def notify_table(pack):
    """The pack's ``[notify]`` table: BPMN task id → recipient keys alerted when it opens."""
    return dict(PACKS[pack].settings.get("notify", {})) if pack in PACKS else {}


def internal_domains(pack):
    """The e-mail domains the pack's ``[mail] internal_domains`` lists, lower case."""
    table = PACKS[pack].settings.get("mail", {}) if pack in PACKS else {}
    return tuple(d.strip().lower() for d in table.get("internal_domains", ()))


def shared_venues(pack):
    """Meeting venues the pack's ``[mail] shared_venues`` lets go outside the council."""
    table = PACKS[pack].settings.get("mail", {}) if pack in PACKS else {}
    return tuple(" ".join(v.split()) for v in table.get("shared_venues", ()))


def councils_own(pack, addresses):
    """Those of ``addresses`` that are the council's own: its mailboxes, domains and users."""
    boxes = {a.strip().lower() for a in mailboxes(pack).values()}
    domains = internal_domains(pack)
    own, unknown = set(), []
    for address in addresses:
        lowered = address.strip().lower()
        domain = lowered.rpartition("@")[2]
        if lowered in boxes or any(domain == d or domain.endswith("." + d) for d in domains):
            own.add(address)
        else:
            unknown.append(address)
    if unknown:
        users = {e.strip().lower() for e in db.session.scalars(db.select(User.email).where(
            User.active.is_(True), db.func.lower(User.email).in_([a.strip().lower() for a in unknown])))}
        own.update(a for a in unknown if a.strip().lower() in users)
    return own


def problems(pack_name, pack):
    """What is wrong with a pack's mailboxes, alerts and mail settings (empty when nothing is)."""
    found = _mail_problems(pack_name, pack.settings.get("mail", {}))
    boxes = pack.settings.get("mailboxes", {})
    if not isinstance(boxes, dict):
        return found + [f"{pack_name}: [mailboxes] must be a table of key = \"address\""]
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


def _mail_problems(pack_name, table):
    example = 'e.g. internal_domains = ["camden.gov.uk"]'
    if not isinstance(table, dict):
        return [f"{pack_name}: [mail] must be a table ({example})"]
    found = [f"{pack_name}: [mail] has no setting {key!r} (settings: internal_domains, shared_venues)"
             for key in table if key not in ("internal_domains", "shared_venues")]
    domains = table.get("internal_domains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) and DOMAIN.match(d.strip().lower())
                                                for d in domains):
        found.append(f"{pack_name}: [mail] internal_domains must list e-mail domains without '@' ({example})")
    elif any(d.strip().lower() in SHARED_DOMAINS for d in domains):
        shared = next(d for d in domains if d.strip().lower() in SHARED_DOMAINS)
        found.append(f"{pack_name}: [mail] internal_domains lists {shared!r}, which many organisations share; "
                     "list the council's own domain instead")
    venues = table.get("shared_venues", [])
    if not isinstance(venues, list) or not all(isinstance(v, str) and v.strip() for v in venues):
        found.append(f'{pack_name}: [mail] shared_venues must list venue names, e.g. ["Microsoft Teams"]')
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


def resolve(pack, keys, strict=True):
    """Addresses for ``keys`` (sorted, without duplicates).

    Strict (when a message is queued) raises on an unknown key; otherwise a key that no longer
    resolves (a deleted user, a mailbox taken out of pack.toml) simply yields no address.
    """
    if strict:
        check_keys(pack, keys)
    elif pack not in PACKS:
        return []
    boxes = mailboxes(pack)
    addresses = set()
    for key in keys:
        if not strict and _static_problem(pack, PACKS[pack], key):
            continue
        if key.startswith("role:"):
            users = db.session.scalars(db.select(User).join(UserRole).where(
                UserRole.pack == pack, UserRole.role == key[5:], User.active.is_(True)))
            addresses.update(u.email.strip() for u in users if u.email and u.email.strip())
        elif key.startswith("email:"):
            addresses.add(key[6:].strip())
        elif key.startswith("user:"):
            user = _find_user(key[5:])
            if user is not None and user.active and user.email and user.email.strip():
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
        if ("@" not in address or any(c in address for c in " ,;<>\r\n\t") or "." not in address.split("@")[-1]
                or len(address) > ADDRESS_LENGTH):
            return "an 'email:' recipient is not an e-mail address"  # typed on a form: not echoed
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
