"""Diagrams are data: the engine's expression environment, and the elements that carry code.

SpiffWorkflow hands every expression to its script engine's *environment*, some callers
directly (process and message conditions bypass ``PythonScriptEngine.evaluate``), so the
environment is the one place to make safe: ``evaluate`` goes through our expression
language and ``execute`` (script tasks, pre- and post-scripts) and ``call_service``
refuse whatever reaches them. ``code_carrying`` finds the elements that would need them,
for the checker's messages and for ``load_definition``'s refusal.
"""
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment

from . import expressions

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"

# (namespace, tag) → (what it is and why it cannot run, in a process owner's words; the fix).
CODE_ELEMENTS = {
    (MODEL, "scriptTask"): (
        "is a script task: it would run Python code inside Stepwise",
        "Diagrams cannot run code. Use a user task whose form records the value, or a gateway whose "
        "conditions read it; a developer can add a handler (handlers/<pack>/) that hands values on"),
    (SPIFF, "preScript"): (
        "has a pre-script (spiffworkflow:preScript): Python code run before the task",
        "Delete the script (in the modeller: the task's Scripts panel). Values it set should come from "
        "a form field or from what an earlier task's handler hands on"),
    (SPIFF, "postScript"): (
        "has a post-script (spiffworkflow:postScript): Python code run after the task",
        "Delete the script (in the modeller: the task's Scripts panel). Values it set should come from "
        "a form field or from what the task's handler hands on"),
    (MODEL, "serviceTask"): (
        "is a service task: it would call an external service connector (code) from inside Stepwise",
        "Use a user task for the person who contacts the other service; e-mails to other teams are set "
        "in the pack's [notify] table (handlers/<pack>/pack.toml)"),
    (MODEL, "businessRuleTask"): (
        "is a business rule task: it would work out a DMN decision table, whose cells are code",
        "Model the decision as an exclusive gateway with one condition per outgoing flow, "
        'e.g. next_actions == "CP"'),
}
SCRIPT_FIX = "Delete the script: Stepwise never runs code from a diagram"


class CodeRefused(Exception):
    """A diagram carries code, or asked the engine to run some (a script or a service call)."""

    def __init__(self, message, element_id=None, line=None, file_name=None):
        super().__init__(message)
        self.element_id, self.line, self.file_name = element_id, line, file_name


class SafeEnvironment(BasePythonScriptEngineEnvironment):
    """Expressions through the safe evaluator over task data and the domain functions; no scripts."""

    def evaluate(self, expression, context, external_context=None):
        data = dict(external_context or {})
        data.update(context)
        return expressions.evaluate(expression, data, self.globals)

    def execute(self, script, context, external_context=None):
        raise CodeRefused("this diagram has a script; Stepwise never runs code from a diagram")

    def call_service(self, context, **kwargs):
        raise CodeRefused("this diagram calls a service; Stepwise never calls services from a diagram")


def reason(exc):
    """A refusal in plain words: the evaluator's own reason when SpiffWorkflow has wrapped it."""
    inner = exc.__cause__ or exc.__context__  # SpiffWorkflow raises its own inside `except`
    if isinstance(inner, CodeRefused):
        return str(inner)
    if isinstance(inner, expressions.ExpressionError):
        return f"{str(exc).strip().rstrip('. ')}: it {inner}"
    return str(exc)


def _split(tag):
    namespace, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, name


def code_carrying(tree):
    """(element, message, fix) for each element of a parsed diagram that carries code."""
    found = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        namespace, name = _split(el.tag)
        if (namespace, name) in CODE_ELEMENTS:
            found.append((el, *CODE_ELEMENTS[(namespace, name)]))
        elif name == "script" and not _inside_script_task(el):
            # bpmn:script belongs to a script task (reported there); any other script
            # element, in any extension namespace, is code a modeller might expect to run.
            found.append((el, f"carries a script ({name} element): code", SCRIPT_FIX))
    return found


def _inside_script_task(el):
    parent = el.getparent()
    return parent is not None and _split(parent.tag) == (MODEL, "scriptTask")


def owner(el):
    """The element itself if it has an id, else its nearest ancestor that has one (or None)."""
    while el is not None and not el.get("id"):
        el = el.getparent()
    return el


def owner_id(el):
    """The id of ``owner(el)``: what a problem or an EngineError names."""
    found = owner(el)
    return found.get("id") if found is not None else None


def refuse_code(tree, file_name=None):
    """Raise CodeRefused, naming the element, when a parsed diagram carries code."""
    for el, message, _fix in code_carrying(tree):
        raise CodeRefused(f"{owner_id(el)} {message}; Stepwise never runs code from a diagram",
                          owner_id(el), el.sourceline, file_name)


def refuse_code_in_specs(process_specs):
    """The belt for ``refuse_code``: no parsed task would run a script or call a service."""
    for process in process_specs:
        for spec in process.task_specs.values():
            if (getattr(spec, "script", None) or getattr(spec, "prescript", None)
                    or getattr(spec, "postscript", None) or getattr(spec, "operation_name", None)
                    or type(spec).__name__ in ("BusinessRuleTask", "ServiceTask", "ScriptTask")):
                raise CodeRefused(f"{spec.bpmn_id} would run code; Stepwise never runs code from a diagram",
                                  getattr(spec, "bpmn_id", None))
