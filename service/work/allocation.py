"""Team trays and allocation: a role's whole open work, and a manager giving a task to a named worker.

Who manages whom comes from the pack's ``[escalation] ladder`` (pack.toml): a person holding
a role in a higher tier than a task's role manages that role's work; an administrator manages
everything. A team's tray is open to the role's own holders and to their managers.

An allocation is a claim made for someone else: the task is then held by the worker, so it
shows in their *My work* as theirs and nobody else can complete it. The manager says whom
they saw holding it (``replacing``; nobody unless said), and one conditional UPDATE on that
holder decides, like a claim (service/work/tasks.py): a worker claiming at the same moment
and the manager allocating cannot both win, and a claim made after the manager looked is
never silently overridden. The loser gets a 409 and nothing is written for them.
"""
from handlers import PACKS, validated_ladder
from handlers.messages import Message

from service.errors import Conflict, Forbidden, Invalid, NotFound
from service.extensions import db
from service.mail import notifications
from service.store import audit
from service.store.models import Case, ProcessInstance, User, UserRole, WorkItem
from service.work import instances, tray
from .schemas import DEFAULT_LIMIT


def tier_of(pack, role):
    """The ladder tier (1 = lowest) of ``role`` in ``pack``, or None when the ladder does not name it."""
    found = PACKS.get(pack)
    ladder = validated_ladder(pack, found.settings) if found is not None else ()
    return next((number for number, tier in enumerate(ladder, 1) if role in tier), None)


def manages(actor, pack, role):
    """True if ``actor`` is an administrator or holds a role of ``pack`` on a higher tier than ``role``."""
    if actor.is_admin:
        return True
    below = tier_of(pack, role)
    if below is None:
        return False
    return any(r.pack == pack and (tier_of(pack, r.role) or 0) > below for r in actor.roles)


def may_see_team(actor, pack, role):
    return actor.holds(pack, role) or manages(actor, pack, role)


def teams(actor):
    """The (pack, role) teams whose trays ``actor`` may open: their own roles, then those they manage."""
    found = set(actor.role_pairs())
    found.update((name, role) for name, pack in PACKS.items() for role in pack.roles if manages(actor, name, role))
    return sorted(found)


def team_page(rt, actor, pack, role, after=None, limit=DEFAULT_LIMIT):
    """A page of every open task of one role (claimed or not), for its holders and managers."""
    _check_team(actor, pack, role)
    return tray.team_page(rt.now(), pack, role, after=after, limit=limit)


def _check_team(actor, pack, role):
    if pack not in PACKS or role not in PACKS[pack].roles:
        raise NotFound(f"no role {role!r} in a pack {pack!r}")
    if not may_see_team(actor, pack, role):
        raise Forbidden(f"the {role} team's work is for that role and its managers")


def workers(pack, role):
    """Active people holding ``role`` in ``pack``, by name: whom a task of that role can go to."""
    return db.session.scalars(
        db.select(User).join(UserRole).where(UserRole.pack == pack, UserRole.role == role, User.active.is_(True),
                                             User.deleted_at.is_(None))
        .order_by(User.display_name, User.username)).all()


def allocate(rt, actor, item_id, username, replacing=None):
    """Give an open task to the worker ``username`` (None: back to the team), in place of the holder
    ``replacing`` (None: nobody). Managers only; a different holder now is a 409."""
    item = db.session.get(WorkItem, item_id)
    if item is None:
        raise NotFound(f"no task {item_id}")
    if not manages(actor, item.pack, item.role):
        raise Forbidden(f"only a manager of the {item.role} role can allocate this task")
    if item.status != "open":
        raise Conflict(f"this task is already {item.status}")
    worker = None
    if username is not None:
        worker = db.session.scalars(db.select(User).where(User.username == username)).first()
        if worker is None or not worker.active or worker.deleted or not worker.holds(item.pack, item.role):
            raise Invalid("choose someone who holds the task's role",
                          {"assignee": f"Choose an active colleague who holds the {item.role} role"})
    seen = _holder_id(replacing)
    if item.assignee_id != seen:
        raise Conflict(_held_now(item))
    target = worker.id if worker else None
    if seen == target:
        return item  # already so: nothing to write, nobody to tell again
    with instances.changing():
        # One conditional UPDATE decides: the holder read above must still be the holder.
        holder = WorkItem.assignee_id.is_(None) if seen is None else WorkItem.assignee_id == seen
        result = db.session.execute(
            db.update(WorkItem).where(WorkItem.id == item_id, WorkItem.status == "open", holder)
            .values(assignee_id=target).execution_options(synchronize_session="fetch"))
        if result.rowcount != 1:
            raise Conflict(_why_not(item_id))
        db.session.refresh(item)
        manager = actor.display_name
        if worker is None:
            audit.record(rt.now(), "task.deallocated", f"Given back to the {item.role} team by {manager}",
                         actor=actor, case_id=item.case_id, instance_id=item.instance_id, work_item=item)
        else:
            audit.record(rt.now(), "task.allocated", f"Allocated to {worker.display_name} by {manager}",
                         actor=actor, case_id=item.case_id, instance_id=item.instance_id, work_item=item,
                         data={"assignee": worker.username})
            _tell(rt, item, worker, manager)
    return item


def _tell(rt, item, worker, manager):
    """E-mail the worker: the task and who allocated it; never the child (the service adds the link)."""
    body = (f"{manager} has allocated a task to you. It is in your Stepwise \"My work\".\n\n"
            f"Task: {item.name}\nFor: {item.role}\nPathway: {item.pathway}")
    message = Message(to=(f"user:{worker.username}",), subject=f"Stepwise: {item.name} has been allocated to you",
                      body=body)
    notifications.enqueue(rt, item.pack, [message], case=db.session.get(Case, item.case_id),
                          instance=db.session.get(ProcessInstance, item.instance_id),
                          reason=f"{item.bpmn_id} allocated")


def _holder_id(username):
    """The id of the user ``username`` (None for nobody; 0, which no row holds, for an unknown name)."""
    if username is None:
        return None
    found = db.session.scalars(db.select(User.id).where(User.username == username)).first()
    return found if found is not None else 0


def _held_now(item):
    if item.assignee is None:
        return "nobody holds this task now; reload and allocate it again"
    return (f"{item.assignee.display_name} holds this task now; to take it from them, allocate again "
            f"naming them as the holder you are replacing")


def _why_not(item_id):
    item = db.session.get(WorkItem, item_id, populate_existing=True)
    if item is None or item.status != "open":
        return f"this task is already {item.status if item else 'gone'}"
    if item.assignee is not None:
        return _held_now(item)
    return "this task changed while you were allocating it; reload and try again"
