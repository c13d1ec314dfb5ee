"""Moving running instances from one version of a pathway to another, only where it is safe.

An instance may move when every element it has completed or has active (ready tasks,
waiting timers) exists in the target version with the same semantic definition
(``diagram_diff``) — the history it has made still means the same thing. It is then
re-read against the target version: stored instances carry no spec, and task specs are
found by name, so the same state loads under the new definition. Dry run by default.
"""
from dataclasses import dataclass, field

from service.store import audit
from service.diagrams import catalog
from service.work import instances
from service.diagrams.diagram_diff import element_names, element_signatures
from service.errors import Forbidden, Invalid, NotFound
from service.extensions import db
from service.store.models import ProcessInstance, ProcessVersion


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


def _blockers(old_sig, new_sig, names, touched):
    reasons = []
    for element_id in sorted(touched):
        label = f"'{names[element_id]}' ({element_id})" if names.get(element_id) else element_id
        if element_id not in new_sig:
            reasons.append(f"{label} is not in the new version")
        elif old_sig.get(element_id) != new_sig[element_id]:
            reasons.append(f"{label} changed")
    return reasons


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
    old_sig, new_sig = element_signatures(old.files), element_signatures(new.files)
    names = element_names(old.files)
    result = MigrationResult(pathway, from_number, to_number, apply)
    running = db.session.scalars(db.select(ProcessInstance).where(
        ProcessInstance.version_id == old.id, ProcessInstance.status == "running")
        .order_by(ProcessInstance.id)).all()
    for instance in running:
        _definition, wf = instances.load(rt, instance)
        touched = set(rt.engine.completed_elements(wf)) | set(rt.engine.active_elements(wf))
        reasons = _blockers(old_sig, new_sig, names, touched)
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
