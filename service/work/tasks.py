"""Use cases for work: start a pathway, read the tray, claim and complete tasks."""
from zoneinfo import ZoneInfo

from sqlalchemy.orm.attributes import set_committed_value

from handlers import handler_for
from handlers.forms import (CHILD_AGE_KEY, CONSENT_KEY, FAMILY_KEY, NOW_KEY, PEOPLE_KEY, STEP_DOWN_KEY,
                            Invalid as FormInvalid, validate)

from service.store import audit
from service.diagrams import catalog
from service.work import (chronology, consent, drafts, families, hand_on, instances, level_of_need, pathway_runs,
                          safeguarding, step_downs, tray)
from service.mail import notifications
from service.engine import EngineError
from service.errors import Conflict, Forbidden, Invalid, NotFound
from service.extensions import db
from service.store.models import Case, ProcessInstance, User, WorkItem
from .safeguarding import PATHWAY as OVERRIDE_PATHWAY
from .schemas import DEFAULT_LIMIT

URGENT_LIMIT = 50  # more concerns than this waiting at once is a crisis the pages cannot fix

LONDON = ZoneInfo("Europe/London")  # a birthday turns at midnight where the child lives


def startable_version(actor, pathway, case_pack=None):
    """The newest version of ``pathway`` (``pack/name``) if the actor may start it (on a case of ``case_pack``)."""
    pack = pathway.split("/")[0] if isinstance(pathway, str) else None
    version = catalog.current_version(pathway) if pack else None
    if version is None:
        raise Invalid("unknown pathway", {"pathway": f"no deployed pathway {pathway!r}"})
    if case_pack is not None and pack != case_pack:
        raise Invalid("pathway from another pack", {"pathway": f"this case belongs to the {case_pack} pack"})
    if pathway.endswith("/" + OVERRIDE_PATHWAY):
        # Only raising the concern (service/work/safeguarding.py) may start it: with its record,
        # its urgent e-mail and its chronology entry, never as a bare MASH task.
        raise Invalid("raise an immediate safeguarding concern instead",
                      {"pathway": "use POST /api/v1/cases/<id>/safeguarding-concern for this"})
    if not actor.is_admin and not any(p == pack for p, _ in actor.role_pairs()):
        raise Forbidden(f"you hold no role in the {pack} pack")
    return version


def start_pathway(rt, actor, case, pathway):
    """Start ``pathway`` (``pack/name``) for a case, on the pathway's newest version."""
    version = startable_version(actor, pathway, case.pack)
    pathway_runs.refuse_second_copy(case.id, pathway, instances.runnable_definition(version))
    with pathway_runs.one_at_a_time(case.id, pathway):
        instance = instances.create(rt, case, version, actor)
        audit.record(rt.now(), "pathway.started", f"Started {pathway} (version {version.number})",
                     actor=actor, case_id=case.id, instance_id=instance.id)
        instances.commit_or_conflict()
    return instance


def start_family_pathway(rt, actor, family_id, pathway, case_ids=None):
    """Start one run of ``pathway`` covering a family's children in its pack (or the listed ones).

    One meeting for the siblings: one run, its tasks on every covered child's case. Refused
    (409) if the pathway already runs on any of them and its diagram allows one copy.
    """
    version = startable_version(actor, pathway)
    children = families.choose_children(actor, family_id, version.pathway.split("/")[0], case_ids)
    definition = instances.runnable_definition(version)
    for child in children:
        pathway_runs.refuse_second_copy(child.id, pathway, definition)
    lead = children[0]
    with pathway_runs.one_at_a_time(lead.id, pathway):
        now = rt.now()
        instance = instances.create(rt, lead, version, actor)
        families.add_members(now, instance, children)
        names = ", ".join(c.child_name for c in children)
        for child in children:
            audit.record(now, "pathway.started", f"Started {pathway} (version {version.number}) for the family "
                         f"{family_id}: {names}", actor=actor, case_id=child.id, instance_id=instance.id,
                         data={"family_id": family_id, "case_ids": [c.id for c in children]})
        instances.commit_or_conflict()
    return instance, children


def worklist(rt, actor, case_id=None, pathway=None, overdue=None, after=None, limit=DEFAULT_LIMIT):
    """A page of the open work items for the actor's roles: soonest due first, then undated (service/work/tray.py)."""
    return tray.page(rt.now(), actor, case_id=case_id, pathway=pathway, overdue=overdue, after=after, limit=limit)


def urgent_worklist(rt, actor, limit=URGENT_LIMIT):
    """The immediate safeguarding concerns waiting for the actor's roles, soonest due first.

    Every tray shows these first, on every page and whatever its filters: a concern must never
    sit below the fold or on page two (service/work/safeguarding.py).
    """
    rows = []
    for pack in sorted({pack for pack, _ in actor.role_pairs()}):
        rows += tray.page(rt.now(), actor, pathway=safeguarding.pathway_for(pack), limit=limit).rows
    return sorted(rows, key=lambda r: (r.due_at is None, r.due_at, r.created_at, r.id))[:limit]


def worklist_counts(rt, actor, case_id=None, pathway=None):
    """How many open work items the actor's roles have (total) and how many are overdue."""
    return tray.counts(rt.now(), actor, case_id=case_id, pathway=pathway)


def get_item(actor, item_id, fresh=False):
    """A work item the actor's roles reach (``fresh``: re-read, not the session's copy)."""
    item = db.session.get(WorkItem, item_id, populate_existing=fresh)
    if item is None:
        raise NotFound(f"no task {item_id}")
    if not actor.holds(item.pack, item.role):
        raise Forbidden(f"this task is for the role {item.role!r}, which you do not hold")
    return item


def task_form(rt, actor, item_id):
    """The task with its form and values pre-filled from earlier steps."""
    item = get_item(actor, item_id)
    handler = handler_for(item.pack, item.bpmn_id)
    if handler is None:
        raise NotFound(f"no handler for task {item.bpmn_id}")
    context = {}
    if item.status == "open":
        instance = db.session.get(ProcessInstance, item.instance_id)
        _definition, wf = instances.load(rt, instance)
        context = rt.engine.task_data(wf, item.task_uuid)
    return item, handler.form(handler_context(rt, context, item.case, family_children(rt, item.instance_id)))


def handler_context(rt, task_data, case=None, family=None):
    """What a handler sees: the instance's data so far, the service's "now" (NOW_KEY) and,
    for a case, the child's age today (CHILD_AGE_KEY), the consent recorded (CONSENT_KEY) and the
    latest step-down (STEP_DOWN_KEY);
    for a family run, the children it covers (FAMILY_KEY)."""
    now = rt.now()
    context = {**task_data, NOW_KEY: now.isoformat()}
    if case is not None:
        context[CHILD_AGE_KEY] = age_in_years(case.date_of_birth, now)
        context[CONSENT_KEY] = consent.for_handlers(case.id)
        context[PEOPLE_KEY] = roles_in_pack(case.pack)
        context[STEP_DOWN_KEY] = step_downs.latest(case.id)
    if family:
        context[FAMILY_KEY] = family
    return context


def family_children(rt, instance_id):
    """The children a family run covers now, as handlers see them (None for one child's run)."""
    now = rt.now()
    return [{"case_id": c.id, "child_name": c.child_name, "age_years": age_in_years(c.date_of_birth, now)}
            for c in families.members(instance_id)] or None


def roles_in_pack(pack):
    """A lookup for handlers: username -> the roles that active user holds in ``pack`` (empty if none)."""
    def roles_of(username):
        user = db.session.scalars(db.select(User).where(User.username == str(username or "").strip())).first()
        if user is None or not user.active:
            return frozenset()
        return frozenset(r.role for r in user.roles if r.pack == pack)
    return roles_of


def age_in_years(born, now):
    """Whole years from ``born`` to today in England (None when not known, e.g. unborn)."""
    if born is None:
        return None
    today = now.astimezone(LONDON).date()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def asks_to_check(item):
    """Whether the task's page shows a check-your-answers summary before completing (handlers/forms.py)."""
    handler = handler_for(item.pack, item.bpmn_id)
    return bool(handler and handler.asks_to_check())


def check_answers(rt, actor, item_id, submitted):
    """Validate answers as ``complete`` would, writing nothing: the clean answers, or a 422 naming each field."""
    item = _open_item(actor, item_id)
    if item.assignee_id not in (None, actor.id):
        raise Conflict(f"claimed by {item.assignee.display_name}")
    handler = handler_for(item.pack, item.bpmn_id)
    if handler is None:
        raise NotFound(f"no handler for task {item.bpmn_id}")
    instance = db.session.get(ProcessInstance, item.instance_id)
    _definition, wf = instances.load(rt, instance)
    context = handler_context(rt, rt.engine.task_data(wf, item.task_uuid), item.case,
                              family_children(rt, instance.id))
    try:
        return validate(handler, submitted, context)
    except FormInvalid as exc:
        raise Invalid("some fields need attention", exc.errors) from None


def claim(rt, actor, item_id):
    """Take a task. Of several people claiming at once exactly one gets it; the rest get a 409."""
    item = _open_item(actor, item_id)
    if item.assignee_id not in (None, actor.id):
        raise Conflict(f"already claimed by {item.assignee.display_name}")
    with instances.changing():
        # One conditional UPDATE decides: the check above read a moment ago, this is the truth.
        if not _set_assignee(item_id, actor.id, mine_or_nobodys=actor.id):
            raise Conflict(_why_not(item_id))
        audit.record(rt.now(), "task.claimed", f"Claimed {item.name}", actor=actor, case_id=item.case_id,
                     instance_id=item.instance_id, work_item=item)
    return item


def unclaim(rt, actor, item_id):
    """Give a task back to everyone in the role (only its holder can)."""
    item = _open_item(actor, item_id)
    if item.assignee_id not in (None, actor.id):
        raise Conflict(f"claimed by {item.assignee.display_name}; only they can release it")
    with instances.changing():
        if not _set_assignee(item_id, None, mine_or_nobodys=actor.id):
            raise Conflict(_why_not(item_id))
        audit.record(rt.now(), "task.unclaimed", f"Released {item.name}", actor=actor, case_id=item.case_id,
                     instance_id=item.instance_id, work_item=item)
    return item


def complete(rt, actor, item_id, submitted):
    """Validate and complete a task; on any refusal nothing is written.

    Atomic: of several people completing one task at once (or one completing while another
    claims it) exactly one succeeds and the others get a 409. The instance is locked before
    its state is read, so a step on a parallel task or a sweep firing a deadline goes first
    and this step carries on from what it stored.
    """
    item = _open_item(actor, item_id)  # refuse the plainly impossible before taking any lock
    if item.assignee_id not in (None, actor.id):
        raise Conflict(f"claimed by {item.assignee.display_name}")
    handler = handler_for(item.pack, item.bpmn_id)
    if handler is None:
        raise NotFound(f"no handler for task {item.bpmn_id}")
    # keep: the answer is built from the objects as written, not reloaded after the commit.
    with instances.changing(keep=True):
        instance = instances.lock(item.instance_id)
        now = rt.now()
        # The work item goes open -> completed in one conditional UPDATE, first thing under the
        # lock: a step or claim that got there since the read above makes it miss, and this step
        # is refused before any work. A refusal further on rolls the UPDATE back with the rest.
        if not _mark_completed(item, actor, now):
            raise Conflict(_why_not(item_id))
        definition, wf = instances.load(rt, instance)
        family = family_children(rt, instance.id)
        context = handler_context(rt, rt.engine.task_data(wf, item.task_uuid), item.case, family)
        try:
            clean = validate(handler, submitted, context)
        except FormInvalid as exc:
            raise Invalid("some fields need attention", exc.errors) from None
        outcome = handler.outcome(clean, context)
        try:
            rt.engine.complete(wf, item.task_uuid, outcome.data)
        except EngineError as exc:
            raise Conflict(f"the pathway could not move on at {exc.element_id}: {exc}") from None
        case = db.session.get(Case, item.case_id)
        updates = dict(outcome.case_updates)
        # The level of need has its own record (who, when, why, on the chronology), not a bare column.
        level, level_reason = updates.pop("level_of_need", None), updates.pop("level_of_need_reason", "")
        for key, value in updates.items():
            setattr(case, key, value)
        # Children whose own work goes on elsewhere leave a family run before its next tasks open.
        families.leave(now, actor, instance, item, outcome.leaves)
        instances.save(rt, instance, definition, wf)
        if family:
            families.record_step(now, actor, handler, instance, item, clean, context)
        else:
            audit.record(now, "task.completed", f"Completed {item.name}", actor=actor, case_id=item.case_id,
                         instance_id=instance.id, work_item=item, data=clean)
        if updates:
            audit.record(now, "case.updated", chronology.case_update_words(updates), actor=actor,
                         case_id=item.case_id, instance_id=instance.id, data=updates)
        if level is not None:
            level_of_need.set_level(rt, actor, case, level, level_reason or f"Recorded at: {item.name}",
                                    instance_id=instance.id, work_item=item)
        # Consent the step recorded is stored with it: both or neither.
        consent.record_step(rt, actor, case, instance, item, outcome.consents)
        step_downs.record(now, actor, case, instance, item, outcome.stepped_down)
        # The step's e-mails go into the outbox in this same transaction: both or neither.
        notifications.enqueue(rt, item.pack, outcome.messages, case=case, instance=instance,
                              reason=f"{item.bpmn_id} completed")
        # Pathways this step hands the case on to start in the same transaction.
        hand_on.start_following(rt, actor, case, instance, item, outcome.starts)
        # The answers are recorded: nobody's draft of them is wanted any more.
        drafts.discard([item.id])
    return item


def _set_assignee(item_id, assignee_id, mine_or_nobodys):
    """Set an open task's holder if it is held by nobody or by ``mine_or_nobodys``; True if it changed."""
    result = db.session.execute(
        db.update(WorkItem)
        .where(WorkItem.id == item_id, WorkItem.status == "open",
               db.or_(WorkItem.assignee_id.is_(None), WorkItem.assignee_id == mine_or_nobodys))
        .values(assignee_id=assignee_id).execution_options(synchronize_session="fetch"))
    return result.rowcount == 1


def _mark_completed(item, actor, now):
    """Open -> completed by ``actor``, only if still open and held by nobody or by them; True if so."""
    table = WorkItem.__table__
    values = dict(status="completed", completed_at=now, completed_by=actor.id, assignee_id=actor.id)
    result = db.session.execute(
        db.update(table)
        .where(table.c.id == item.id, table.c.status == "open",
               db.or_(table.c.assignee_id.is_(None), table.c.assignee_id == actor.id))
        .values(**values))
    if result.rowcount != 1:
        return False
    # The session's copy says what the row now says, without reading it back.
    for key, value in {**values, "assignee": actor}.items():
        set_committed_value(item, key, value)
    return True


def _why_not(item_id):
    """Why a conditional update of a task missed, as the task now stands."""
    item = db.session.get(WorkItem, item_id, populate_existing=True)
    if item is None or item.status != "open":
        return f"this task is already {item.status if item else 'gone'}"
    if item.assignee is not None:
        return f"already claimed by {item.assignee.display_name}"
    return "this task changed while you were working on it; reload and try again"


def _open_item(actor, item_id, fresh=False):
    item = get_item(actor, item_id, fresh=fresh)
    if item.status != "open":
        raise Conflict(f"this task is already {item.status}")
    return item


def open_items_for_case(case_id):
    """The case's open tasks, with those of family runs covering it."""
    return families.open_items_for_case(case_id)


def instances_for_case(case_id):
    """The case's pathway runs, with the family runs that covered it."""
    return families.instances_for_case(case_id)
