"""Moving running instances from one version of a pathway to another, only where it is safe.

An instance may move when every element it has completed or has active (ready tasks,
waiting timers) exists in the target version with the same definition (``diagram_diff``),
names and documentation aside — the history it has made still means the same thing. A
renamed or re-worded step is the same step: the engine finds task specs by their id, never
their name. It is then re-read against the target version: stored instances carry no spec,
so the same state loads under the new definition, and its open work items take the new
names. Dry run by default.
"""
from dataclasses import dataclass, field

from service.store import audit
from service.diagrams import catalog
from service.work import instances
from service.diagrams.element_facts import WORDING
from service.diagrams.diagram_diff import element_facts, element_names, element_signatures
from service.errors import Forbidden, Invalid, NotFound
from service.extensions import db
from service.store.models import ProcessInstance, ProcessVersion, WorkItem


@dataclass
class MigrationResult:
    pathway: str
    from_number: int
    to_number: int
    applied: bool
    moved: list = field(default_factory=list)     # (instance id, case id)
    refused: list = field(default_factory=list)   # (instance id, case id, reason)


def _version(pathway, number):
    version = db.session.scalars(db.select(ProcessVersion).where(
        ProcessVersion.pathway == pathway, ProcessVersion.number == number)).first()
    if version is None:
        raise NotFound(f"{pathway} has no version {number}")
    return version


def _what_changed(old_facts, new_facts):
    """The facts (other than wording) that differ, in the diff page's words, lower case."""
    old, new = dict(old_facts), dict(new_facts)
    facts = [f for f in dict.fromkeys([*old, *new]) if f not in WORDING and old.get(f) != new.get(f)]
    return ", ".join(f.lower() for f in facts)


def _blockers(old_sig, new_sig, names, touched, facts):
    reasons = []
    for element_id in sorted(touched):
        label = f"'{names[element_id]}' ({element_id})" if names.get(element_id) else element_id
        if element_id not in new_sig:
            reasons.append(f"{label} is not in the new version")
        elif old_sig.get(element_id) != new_sig[element_id]:
            what = _what_changed(*(f.get(element_id, []) for f in facts))
            reasons.append(f"{label} changed" + (f": {what}" if what else ""))
    return reasons


def _rename_open_items(instance, new_names):
    """Open work items take the new version's names (a renamed step is the same step)."""
    for item in db.session.scalars(db.select(WorkItem).where(WorkItem.instance_id == instance.id,
                                                             WorkItem.status == "open")):
        if new_names.get(item.bpmn_id):
            item.name = new_names[item.bpmn_id]


def _moved_state(rt, old_def, new_def, wf):
    """The instance re-read against the new definition (raises if the engine cannot)."""
    state = rt.engine.serialise(old_def, wf)
    moved = rt.engine.restore(new_def, state)
    rt.engine.ready_tasks(moved)  # touches every ready task's spec: fails now, not later
    return moved


def migrate(rt, actor, pathway, from_number, to_number, apply=False):
    """Move running instances of ``pathway`` version ``from_number`` to ``to_number``.

    Without ``apply`` nothing is written and the result says what would happen. With it,
    the actor must be an administrator; each move and the run are audited.
    """
    if apply and (actor is None or not actor.is_admin):
        raise Forbidden("only an administrator can migrate running instances")
    if from_number == to_number:
        raise Invalid("nothing to do", {"to": "choose a different version from the one instances are on"})
    old, new = _version(pathway, from_number), _version(pathway, to_number)
    old_def, new_def = catalog.definition_for(old), catalog.definition_for(new)
    # Names and documentation do not count: a re-worded step is the same step.
    old_sig, new_sig = element_signatures(old.files, wording=False), element_signatures(new.files, wording=False)
    names, new_names = element_names(old.files), element_names(new.files)
    facts = (element_facts(old.files), element_facts(new.files))
    result = MigrationResult(pathway, from_number, to_number, apply)
    running = db.session.scalars(db.select(ProcessInstance).where(
        ProcessInstance.version_id == old.id, ProcessInstance.status == "running")
        .order_by(ProcessInstance.id)).all()
    for instance in running:
        _definition, wf = instances.load(rt, instance)
        touched = set(rt.engine.completed_elements(wf)) | set(rt.engine.active_elements(wf))
        reasons = _blockers(old_sig, new_sig, names, touched, facts)
        if old.process_id != new.process_id:
            reasons.insert(0, f"the process id changed from {old.process_id} to {new.process_id}")
        moved = None
        if not reasons:
            try:
                moved = _moved_state(rt, old_def, new_def, wf)
            except Exception as exc:  # the engine's own verdict, reported rather than raised
                reasons.append(f"the engine cannot re-read it against version {to_number}: {exc}")
        if reasons:
            result.refused.append((instance.id, instance.case_id, "; ".join(reasons)))
            continue
        result.moved.append((instance.id, instance.case_id))
        if apply:
            instance.version = new
            instance.version_id = new.id
            instances.save(rt, instance, new_def, moved)
            _rename_open_items(instance, new_names)
            audit.record(rt.now(), "instance.migrated",
                         f"Moved {pathway} from version {from_number} to {to_number}", actor=actor,
                         case_id=instance.case_id, instance_id=instance.id,
                         data={"pathway": pathway, "from": from_number, "to": to_number})
    if apply:
        audit.record(rt.now(), "pathway.migrated",
                     f"Migrated {pathway} {from_number} → {to_number}: {len(result.moved)} moved, "
                     f"{len(result.refused)} could not move", actor=actor,
                     data={"pathway": pathway, "from": from_number, "to": to_number,
                           "moved": [i for i, _c in result.moved],
                           "refused": {str(i): reason for i, _c, reason in result.refused}})
        instances.commit_or_conflict()
    return result
