"""Instance serialisation that keeps the process spec out of every stored instance.

More than half of a naive serialisation is the embedded spec. Stepwise stores the
diagram once per version, so an instance is stored without it and re-joined to the
version's already-parsed spec on restore (no re-parse, no spec deserialisation).
"""
import json
from uuid import UUID

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.event_definition import TimerConditionalEventDefinitionConverter
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from . import timers


def _config_for(spec, subprocess_specs):
    class SharedSpecWorkflowConverter(BpmnWorkflowConverter):
        def to_dict(self, workflow):
            # Skip BpmnWorkflowConverter.to_dict, which would convert the whole spec.
            dct = super(BpmnWorkflowConverter, self).to_dict(workflow)
            dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
            dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
            return dct

        def from_dict(self, dct):
            dct.pop("spec", None)
            dct.pop("subprocess_specs", None)
            workflow = self.target_class(spec, subprocess_specs, deserializing=True)
            workflow.tasks = self.mapping_from_dict(dct["tasks"], _uuid, workflow=workflow)
            workflow.task_tree = workflow.tasks.get(_uuid(dct["root"]))
            self.set_default_attributes(workflow, dct)
            self.subprocesses_from_dict(dct["subprocesses"], workflow)
            workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
            return workflow

    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = SharedSpecWorkflowConverter
    for clocked in timers.CLOCKED.values():
        config[clocked] = TimerConditionalEventDefinitionConverter
    return config


def _uuid(value):
    return UUID(value)


class InstanceSerialiser:
    """Dumps and loads instances of one process definition version."""

    def __init__(self, spec, subprocess_specs):
        self._serializer = BpmnWorkflowSerializer(
            BpmnWorkflowSerializer.configure(_config_for(spec, subprocess_specs)))
        self.version = self._serializer.VERSION

    def dumps(self, wf):
        return self._serializer.serialize_json(wf)

    def loads(self, state):
        dct = json.loads(state, cls=self._serializer.json_decoder_cls)
        # Only our own format is read: SpiffWorkflow's migrations of older formats work out
        # old timer expressions with Python's eval, and a diagram must never become code.
        found = dct.pop(self._serializer.VERSION_KEY, None)
        if found != self.version:
            raise ValueError(f"stored in serializer version {found!r}; Stepwise reads only {self.version}")
        return self._serializer.from_dict(dct)
