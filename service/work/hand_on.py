"""Hand-on between pathways: a step that starts another pathway of the pack for the same case.

The seeds join their pathways up (an agreed step-up starts the MASH contact; a step-down
starts the receiving service's work; "back to Early Help" starts a step-down). A handler
says so with ``StartPathway`` in its Outcome; the new pathway starts in the same
transaction as the step, so the hand-on cannot be lost and a refused step hands on nothing.
"""
from service.store import audit
from service.diagrams import catalog
from service.work import families, instances, pathway_runs
from service.errors import Conflict


def start_following(rt, actor, case, from_instance, from_item, starts):
    """Start each pathway in ``starts`` for ``case`` (or the family run's child it names); return those started."""
    started = []
    for start in starts:
        target = case if start.case_id is None else families.target_case(from_instance, start)
        started += _start_one(rt, actor, target, from_instance, from_item, start)
    return started


def _start_one(rt, actor, case, from_instance, from_item, start):
    """[the instance started], or [] when the pathway is already running on the case and was joined."""
    pathway = f"{case.pack}/{start.pathway}"
    version = catalog.current_version(pathway)
    if version is None:
        # A pack whose diagrams are not all deployed: refuse the step rather than drop the hand-on.
        raise Conflict(f"{from_item.name} hands the case on to {pathway}, which is not deployed; "
                       "ask an administrator to deploy it")
    definition = instances.runnable_definition(version)
    running = None if pathway_runs.may_run_alongside(definition) else pathway_runs.running_copy(case.id, pathway)
    now = rt.now()
    if running is not None:
        audit.record(now, "pathway.hand_on_joined",
                     f"{from_item.name} hands on to {pathway}, already running (instance {running.id})",
                     actor=actor, case_id=case.id, instance_id=running.id)
        return []
    instance = instances.create(rt, case, version, actor, data=start.data)
    audit.record(now, "pathway.started",
                 f"Started {pathway} (version {version.number}), handed on from {from_item.name}",
                 actor=actor, case_id=case.id, instance_id=instance.id,
                 data={"handed_on_from": from_instance.pathway, "task_id": from_item.bpmn_id})
    return [instance]
