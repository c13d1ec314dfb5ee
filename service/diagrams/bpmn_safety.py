"""The rules that keep code out of diagrams: no scripts, no service or DMN calls, safe expressions only.

Process owners are not system administrators, so a diagram must be data. The element
scan is the engine's own (``engine.safety.code_carrying``), so the check refuses exactly
what the engine would refuse to load. Conditions on flows and timer expressions are
checked with their names in ``bpmn_rules``; this module checks every other place a
diagram can hold an expression, with the same evaluator the engine uses.
"""
from service.diagrams.bpmn_expressions import language_problem
from service.diagrams.bpmn_rules import MODEL, label
from service.engine import safety

SPIFF = safety.SPIFF
# Where else an expression can sit, as (namespace, tag): what SpiffWorkflow would evaluate.
EXPRESSION_PLACES = {
    (MODEL, "loopCardinality"): "the number of instances (loop cardinality)",
    (MODEL, "completionCondition"): "the completion condition",
    (MODEL, "loopCondition"): "the loop condition",
    (MODEL, "condition"): "the condition of a conditional event",
    (MODEL, "messagePath"): "the message correlation expression",
    (SPIFF, "messagePayload"): "the message payload expression",
    (SPIFF, "expression"): "the correlation expression",
}


def no_code(tree, _ctx):
    """No element carries code: script tasks, pre/post-scripts, scripts, service and business rule tasks."""
    found = []
    for el, message, fix in safety.code_carrying(tree):
        owner = safety.owner(el)
        who = label(owner) if owner is not None else "The diagram"
        found.append((el.sourceline, safety.owner_id(el), f"{who} {message}, and Stepwise never runs code "
                      f"from a diagram", fix))
    return found


def expressions_are_safe(tree, ctx):
    """Every other expression (multi-instance, loops, conditional events, messages) keeps to the language."""
    found = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        place = EXPRESSION_PLACES.get(_place(el))
        if place is None or not (el.text or "").strip():
            continue
        problem = language_problem(el.text, ctx.functions)
        if problem:
            owner = safety.owner(el.getparent())
            found.append((el.sourceline, safety.owner_id(el),
                          f"{place.capitalize()} of {label(owner) if owner is not None else 'the diagram'} "
                          f"{problem[0]}", problem[1]))
    return found


def _place(el):
    namespace, _, name = el.tag[1:].partition("}")
    if (namespace, name) == (MODEL, "formalExpression"):
        # Correlation retrieval expressions are formal expressions that the engine evaluates.
        parent = el.getparent()
        if parent is not None and parent.tag == f"{{{MODEL}}}correlationPropertyRetrievalExpression":
            return MODEL, "messagePath"
    return namespace, name


RULES = (no_code, expressions_are_safe)
