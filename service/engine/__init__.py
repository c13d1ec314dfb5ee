"""The engine wrapper: the only code in Stepwise that imports SpiffWorkflow.

It knows diagrams, instances and tasks; it knows nothing of Flask, SQL or users.
A ``ProcessDefinition`` is one parsed version of a pathway (identified by the hash of
its files); an instance is a SpiffWorkflow ``BpmnWorkflow`` that the service stores as
JSON *without* its process spec, which lives once per version (see ``serialise``).
"""
import hashlib
from functools import cached_property
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.bpmn.parser.BpmnParser import full_tag
from SpiffWorkflow.bpmn.specs.defaults import BoundaryEvent, IntermediateCatchEvent, StartEvent
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from . import safety, timers
from .expressions import ExpressionError
from .serialise import InstanceSerialiser

# Diagrams are data: expressions go through the safe evaluator and code is refused
# (see ``safety``); the XML itself is read defensively too: no entities, no network.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           remove_comments=False, load_dtd=False)

MAX_DIAGRAM_BYTES = 2_000_000

# A process may declare how many copies of it may run on one case at once, as a property in
# the process's extension elements (the Spiff vocabulary modellers already edit):
#   <spiffworkflow:properties><spiffworkflow:property name="runs_per_case" value="many"/>
# "one" (the default) means starting it again while a copy runs is refused.
RUNS_PER_CASE = "runs_per_case"
RUNS_PER_CASE_VALUES = ("one", "many")
_SPIFF_NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
             "spiffworkflow": "http://spiffworkflow.org/bpmn/schema/1.0/core"}


class EngineError(Exception):
    """A diagram or instance problem, carrying the BPMN element id when there is one."""

    def __init__(self, message, element_id=None, line=None, file_name=None):
        super().__init__(message)
        self.element_id = element_id
        self.line = line
        self.file_name = file_name


class ClockedScriptEngine(PythonScriptEngine):
    """The script engine, holding the clock that timers and domain functions read; it runs no code."""

    def __init__(self, clock, functions):
        super().__init__(environment=safety.SafeEnvironment(dict(functions)))
        self.clock = clock


class StepwiseParser(SpiffBpmnParser):
    """Spiff's parser with timer events that read our clock."""

    OVERRIDE_PARSER_CLASSES = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        full_tag("startEvent"): (timers.ClockedStartEventParser, StartEvent),
        full_tag("boundaryEvent"): (timers.ClockedBoundaryEventParser, BoundaryEvent),
        full_tag("intermediateCatchEvent"): (timers.ClockedIntermediateCatchEventParser,
                                             IntermediateCatchEvent),
    }


def content_hash(files):
    """The version identity of a set of diagram files: sha256 over names and bytes."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()


def read_xml(data, file_name="diagram.bpmn"):
    """Parse diagram bytes safely; raise EngineError with the line on malformed XML."""
    if len(data) > MAX_DIAGRAM_BYTES:
        raise EngineError(f"diagram is larger than {MAX_DIAGRAM_BYTES} bytes", file_name=file_name)
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        raise EngineError("diagram declares a DOCTYPE or entities; BPMN files never need them",
                          file_name=file_name, line=1)
    try:
        return etree.fromstring(data, SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise EngineError(f"not well-formed XML: {exc.msg}", line=exc.lineno, file_name=file_name)


@dataclass
class ProcessDefinition:
    """One deployed version of a pathway, parsed once and shared by its instances."""

    pathway: str
    process_id: str
    files: dict
    version_hash: str
    spec: object
    subprocess_specs: dict
    lanes: list = field(default_factory=list)
    serialiser: InstanceSerialiser = None
    runs_per_case: str = "one"  # "many" when the diagram allows copies to run side by side

    @cached_property
    def has_timers(self):
        """Whether any event of this version waits on a timer (the timer index skips others)."""
        specs = list(self.spec.task_specs.values())
        for sub in self.subprocess_specs.values():
            specs += list(sub.task_specs.values())
        return any(timers.is_timer(s) for s in specs)

    def user_task_ids(self):
        return [s.bpmn_id for s in self.spec.task_specs.values() if _is_user_task(s)]



def _is_user_task(spec):
    return getattr(spec, "manual", False) and getattr(spec, "bpmn_id", None) is not None


def load_definition(pathway, files, process_id=None):
    """Parse diagram files (name → bytes) into a ProcessDefinition.

    ``process_id`` defaults to the only executable process in the files.
    """
    parser = StepwiseParser()
    try:
        for name, data in sorted(files.items()):
            tree = read_xml(data, name)
            safety.refuse_code(tree, name)  # however the diagram was stored
            parser.add_bpmn_xml(tree, filename=name)
        if process_id is None:
            ids = parser.get_process_ids()
            if len(ids) != 1:
                raise EngineError(f"expected one executable process, found {len(ids)}: {ids}")
            process_id = ids[0]
        spec = parser.get_spec(process_id)
        subprocess_specs = parser.get_subprocess_specs(process_id)
        safety.refuse_code_in_specs([spec, *subprocess_specs.values()])
        runs_per_case = _runs_per_case(parser.get_process_parser(process_id).node, process_id)
    except EngineError:
        raise
    except safety.CodeRefused as exc:
        raise EngineError(str(exc), element_id=exc.element_id, line=exc.line, file_name=exc.file_name) from exc
    except Exception as exc:  # Spiff raises ValidationException with node details
        raise EngineError(str(exc), element_id=getattr(exc, "id", None),
                          line=getattr(exc, "sourceline", None),
                          file_name=getattr(exc, "file_name", None)) from exc
    lanes = sorted({s.lane for s in spec.task_specs.values() if getattr(s, "lane", None)})
    definition = ProcessDefinition(pathway, process_id, dict(files), content_hash(files),
                                   spec, subprocess_specs, lanes, runs_per_case=runs_per_case)
    definition.serialiser = InstanceSerialiser(spec, subprocess_specs)
    return definition


def _runs_per_case(process_node, process_id):
    """The process's ``runs_per_case`` property: "one" unless it says "many"."""
    found = process_node.xpath(
        "./bpmn:extensionElements/spiffworkflow:properties/spiffworkflow:property"
        f"[@name='{RUNS_PER_CASE}']/@value", namespaces=_SPIFF_NS)
    if not found:
        return "one"
    value = found[-1].strip().lower()
    if len(found) > 1 or value not in RUNS_PER_CASE_VALUES:
        raise EngineError(f"the process property {RUNS_PER_CASE} must be given once, as "
                          f"{' or '.join(RUNS_PER_CASE_VALUES)}", element_id=process_id,
                          line=process_node.sourceline)
    return value


@dataclass(frozen=True)
class ReadyTask:
    """A user task waiting for a person: what a work item is made from."""

    task_uuid: str
    bpmn_id: str
    name: str
    lane: str
    due: datetime | None
    documentation: str | None


@dataclass(frozen=True)
class WaitingTimer:
    task_uuid: str
    bpmn_id: str
    name: str
    due: datetime
    attached_to: str | None


class Engine:
    """Runs instances of process definitions against one clock and one set of functions."""

    def __init__(self, clock, functions=None):
        self.clock = clock
        self.script_engine = ClockedScriptEngine(clock, functions or {})

    # --- lifecycle -----------------------------------------------------------------
    def start(self, definition, data=None):
        wf = BpmnWorkflow(definition.spec, definition.subprocess_specs, script_engine=self.script_engine)
        if data:
            wf.get_tasks(state=TaskState.READY)[0].data.update(data)
        self._run(wf)
        return wf

    def complete(self, wf, task_uuid, data):
        """Complete the ready user task ``task_uuid`` with ``data`` and run on."""
        task = self._ready_user_task(wf, task_uuid)
        task.data.update(data)
        self._run(wf, task.run, task)
        return task

    def fire_timers(self, wf):
        """Let timers that are due by our clock fire, and run what follows."""
        self._run(wf, wf.refresh_timers)
        # A cycle timer's last firing leaves the event READY after the steps have run;
        # one more pass completes it, so it is not left looking like a pending deadline.
        if wf.get_tasks(state=TaskState.READY, manual=False):
            self._run(wf)

    def _run(self, wf, first=None, task=None):
        """``first()`` (completing a task, refreshing timers), then every automatic step after it."""
        try:
            if first is not None:
                first()
            wf.do_engine_steps()
        except (WorkflowException, ExpressionError, safety.CodeRefused) as exc:
            spec = getattr(getattr(exc, "task", None) or task, "task_spec", None)
            raise EngineError(safety.reason(exc), element_id=getattr(spec, "bpmn_id", None)) from exc

    # --- reading -------------------------------------------------------------------
    def ready_tasks(self, wf):
        """Every user task ready for a person, with its lane and its deadline (if any)."""
        ready = []
        for task in wf.get_tasks(state=TaskState.READY, manual=True):
            ready.append(ReadyTask(str(task.id), task.task_spec.bpmn_id, task.task_spec.bpmn_name,
                                   task.task_spec.lane, _deadline_of(task), task.task_spec.documentation))
        return ready

    def waiting_timers(self, wf):
        """Every timer that is waiting, with the instant it falls due."""
        found = []
        for task in wf.get_tasks(state=TaskState.WAITING):
            if timers.is_timer(task.task_spec):
                due = timers.due_instant(task)
                if due is not None:
                    found.append(WaitingTimer(str(task.id), task.task_spec.bpmn_id,
                                              task.task_spec.bpmn_name, due, _attached_to(task)))
        return found

    def task_data(self, wf, task_uuid):
        return dict(_find(wf, task_uuid).data)

    def completed_elements(self, wf):
        """BPMN ids of every element that has completed, for the diagram view and migration."""
        return sorted({t.task_spec.bpmn_id for t in wf.tasks.values()
                       if t.has_state(TaskState.COMPLETED) and t.task_spec.bpmn_id})

    def active_elements(self, wf):
        return sorted({t.task_spec.bpmn_id for t in wf.tasks.values()
                       if t.has_state(TaskState.READY | TaskState.WAITING | TaskState.STARTED)
                       and t.task_spec.bpmn_id})

    def is_complete(self, wf):
        return wf.is_completed()

    # --- storage -------------------------------------------------------------------
    def serialise(self, definition, wf):
        return definition.serialiser.dumps(wf)

    def restore(self, definition, state):
        try:
            wf = definition.serialiser.loads(state)
        except ValueError as exc:
            raise EngineError(f"the stored instance cannot be read: {exc}") from exc
        # The script engine is not serialised: re-attach ours (the safe one) to every restore.
        wf.script_engine = self.script_engine
        return wf

    def _ready_user_task(self, wf, task_uuid):
        task = _find(wf, task_uuid)
        if not task.has_state(TaskState.READY) or not task.task_spec.manual:
            raise EngineError("task is not ready", element_id=task.task_spec.bpmn_id)
        return task


def _find(wf, task_uuid):
    for task in wf.tasks.values():
        if str(task.id) == str(task_uuid):
            return task
    raise EngineError(f"no task {task_uuid} in this instance")


def _attached_to(timer_task):
    """The bpmn id of the activity a boundary timer sits on (None for other timers)."""
    attached = getattr(timer_task.task_spec, "attached_to", None)
    if attached is not None:
        return attached.bpmn_id
    parent = timer_task.parent
    for sibling in parent.children if parent else []:
        if sibling is not timer_task and _is_user_task(sibling.task_spec):
            return sibling.task_spec.bpmn_id
    return None


def _deadline_of(task):
    """The earliest boundary timer waiting beside a user task: its due instant."""
    parent = task.parent
    dues = []
    for sibling in parent.children if parent else []:
        if sibling is task or not sibling.has_state(TaskState.WAITING):
            continue
        if timers.is_timer(sibling.task_spec):
            due = timers.due_instant(sibling)
            if due is not None:
                dues.append(due)
    return min(dues) if dues else None
