"""Family runs: one pathway run (one meeting, one decision) covering several children's cases.

Camden's daily discussion meeting "presents families" and Knowsley's TAF meetings are about
families: siblings are discussed together once, and the decision may differ child by child.
A family run is an ordinary process instance filed under one child's case, plus a row per
child in ``family_run_members`` (service/store/family_model.py). Its tasks show on every covered
child's case and once in the tray; completing a task once completes it for all of them.
Each child's chronology records the family step with that child's own answers; hand-on
(StartPathway with ``case_id``) starts a child's own next pathway on that child's case.
"""
from handlers.forms import FAMILY_KEY, text_problem

from service.store import audit
from service.errors import Conflict, Invalid, NotFound
from service.extensions import db
from service.store.family_model import FamilyRunMember
from service.store.models import Case, ProcessInstance, WorkItem

FAMILY_ID_LENGTH = Case.__table__.c.family_id.type.length


def members(instance_id, current=True):
    """The children's cases a run covers (``current``: those who have not left it), by case id."""
    query = (db.select(Case).join(FamilyRunMember, FamilyRunMember.case_id == Case.id)
             .where(FamilyRunMember.instance_id == instance_id).order_by(Case.id))
    if current:
        query = query.where(FamilyRunMember.left_at.is_(None))
    return db.session.scalars(query).all()


def is_family_run(instance_id):
    return db.session.scalar(db.select(FamilyRunMember.id).where(FamilyRunMember.instance_id == instance_id)
                             .limit(1)) is not None


def runs_covering(case_id):
    """A subquery of the ids of the family runs that cover ``case_id`` now."""
    return (db.select(FamilyRunMember.instance_id)
            .where(FamilyRunMember.case_id == case_id, FamilyRunMember.left_at.is_(None)))


def family_cases(actor_packs, family_id):
    """The cases sharing ``family_id`` in the given packs (None: every pack), by id."""
    if not family_id:
        return []
    query = db.select(Case).where(Case.family_id == family_id).order_by(Case.id)
    if actor_packs is not None:
        query = query.where(Case.pack.in_(sorted(actor_packs)))
    return db.session.scalars(query).all()


def choose_children(actor, family_id, pack, case_ids):
    """The cases a family run of ``pack`` covers: the family's in that pack, or the listed subset.

    404 when the actor can see no case of that family; 422 naming ``case_ids`` for a case
    of another family or pack, or one that does not exist.
    """
    packs = None if actor.is_admin else {p for p, _ in actor.role_pairs()}
    # Text no family id can be (too long, or unstorable) finds no family rather than reaching the database.
    unusable = len(family_id) > FAMILY_ID_LENGTH or text_problem(family_id)
    family = [] if unusable else family_cases(packs, family_id)
    if not family:
        raise NotFound(f"no family {family_id!r} among the cases you can see")
    in_pack = [c for c in family if c.pack == pack]
    if case_ids is None:
        if not in_pack:
            raise Invalid("no child of this family is in that pathway's pack",
                          {"pathway": f"family {family_id} has no case in the {pack} pack"})
        return in_pack
    if not case_ids:
        raise Invalid("name at least one child", {"case_ids": "name at least one of the family's cases"})
    by_id = {c.id: c for c in family}
    chosen = []
    for case_id in dict.fromkeys(case_ids):
        case = by_id.get(case_id)
        if case is None:
            raise Invalid("a case is not of this family",
                          {"case_ids": f"case {case_id} is not a case of family {family_id}"})
        if case.pack != pack:
            raise Invalid("a case is in another pack",
                          {"case_ids": f"case {case_id} belongs to the {case.pack} pack, not {pack}"})
        chosen.append(case)
    return sorted(chosen, key=lambda c: c.id)


def add_members(now, instance, children):
    for child in children:
        db.session.add(FamilyRunMember(instance_id=instance.id, case_id=child.id, family_id=child.family_id,
                                       joined_at=now, left_because=""))


def leave(now, actor, instance, item, leaving):
    """Children the step says the run stops covering ({case id: why}); the run moves to a child still in it.

    Called before the instance is saved, so the tasks it opens next are filed under a child
    the run still covers.
    """
    if not leaving:
        return
    rows = {row.case_id: row for row in db.session.scalars(db.select(FamilyRunMember).where(
        FamilyRunMember.instance_id == instance.id, FamilyRunMember.left_at.is_(None)))}
    for case_id, why in leaving.items():
        row = rows.get(int(case_id))
        if row is None:
            raise Conflict(f"{item.name} takes case {case_id} out of a family run that does not cover it")
        row.left_at, row.left_because = now, str(why)[:200]
        audit.record(now, "family.left", f"Left the family's {instance.pathway} run at \"{item.name}\": {why}",
                     actor=actor, case_id=row.case_id, instance_id=instance.id)
    staying = sorted(case_id for case_id, row in rows.items() if row.left_at is None)
    if staying and instance.case_id not in staying:
        instance.case_id = staying[0]


def record_step(now, actor, handler, instance, item, clean, context):
    """The family step in each child's chronology, with the shared answers and that child's own."""
    names = ", ".join(child["child_name"] for child in context.get(FAMILY_KEY) or ())
    for child, answers in handler.each_child(clean, context):
        audit.record(now, "task.completed", f"Completed {item.name} for the family ({names})", actor=actor,
                     case_id=child["case_id"], instance_id=instance.id, work_item=item, data=answers)


def target_case(instance, start):
    """The case a hand-on of a family run starts on: the child it names, who must be in the run."""
    if start.case_id is None:
        return db.session.get(Case, instance.case_id)
    covered = db.session.scalar(db.select(FamilyRunMember.id).where(
        FamilyRunMember.instance_id == instance.id, FamilyRunMember.case_id == start.case_id))
    if covered is None:
        raise Conflict(f"a hand-on names case {start.case_id}, which this run does not cover")
    return db.session.get(Case, start.case_id)


def cases_read_with(item):
    """The children whose record a read of this task shows: every child the run covered."""
    if item.instance_id is None or not is_family_run(item.instance_id):
        return [item.case]
    return members(item.instance_id, current=False)


def open_items_for_case(case_id):
    """Open tasks on the case: its own runs' and those of the family runs that cover it."""
    return db.session.scalars(db.select(WorkItem).where(
        WorkItem.status == "open",
        db.or_(WorkItem.case_id == case_id, WorkItem.instance_id.in_(runs_covering(case_id))))
        .order_by(WorkItem.created_at, WorkItem.id)).all()


def instances_for_case(case_id):
    """The case's pathway runs, and the family runs that ever covered it, oldest first."""
    ever = db.select(FamilyRunMember.instance_id).where(FamilyRunMember.case_id == case_id)
    return db.session.scalars(db.select(ProcessInstance).where(
        db.or_(ProcessInstance.case_id == case_id, ProcessInstance.id.in_(ever)))
        .order_by(ProcessInstance.id)).all()


def runs_for_case(case_id):
    """{instance id: [children's cases the run covered]} for the family runs covering the case, ever."""
    ever = db.select(FamilyRunMember.instance_id).where(FamilyRunMember.case_id == case_id)
    rows = db.session.execute(db.select(FamilyRunMember, Case).join(Case, Case.id == FamilyRunMember.case_id)
                              .where(FamilyRunMember.instance_id.in_(ever))
                              .order_by(FamilyRunMember.instance_id, Case.id)).all()
    out = {}
    for member, case in rows:
        out.setdefault(member.instance_id, []).append((case, member))
    return out


def runs_json(case_id):
    """The family runs that covered the case, for the API: each with every child it covered."""
    return [{"id": instance_id, "family_id": members[0][1].family_id,
             "children": [{"case_id": case.id, "child_name": case.child_name,
                           "left_at": member.left_at.isoformat() if member.left_at else None,
                           "left_because": member.left_because or None} for case, member in members]}
            for instance_id, members in runs_for_case(case_id).items()]
