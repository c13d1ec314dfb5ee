"""The Stepwise rules a diagram must meet, read straight from its XML (with line numbers).

Each rule is a function (tree, ctx) → [(line, element_id, message, fix)], where ``ctx`` is
a ``PackContext``: the pack's roles, handlers, the names expressions may use, the diagram
functions, its escalation ladder and [notify] table. Rules never run the engine;
``bpmn_check`` adds the engine's verdict, and ``bpmn_safety`` the rules that keep code out.
"""
import difflib
from dataclasses import dataclass

from service.diagrams import bpmn_expressions as expressions

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
FLOW_NODES = ("startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
              "boundaryEvent", "task", "userTask", "manualTask", "scriptTask", "serviceTask",
              "sendTask", "receiveTask", "businessRuleTask", "callActivity", "subProcess",
              "transaction", "exclusiveGateway", "parallelGateway", "inclusiveGateway",
              "eventBasedGateway", "complexGateway")
TIMER_KINDS = ("timeDate", "timeDuration", "timeCycle")


@dataclass(frozen=True)
class PackContext:
    """What a diagram of one pack may refer to."""

    pack: str
    roles: tuple
    handlers: dict           # user task id → handler
    names: frozenset         # data names expressions may read (fields, handed-on keys, settings)
    functions: dict          # diagram functions, bound to a fixed clock
    sample_data: dict        # a plausible value per data name, to evaluate timers
    ladder: tuple = ()       # escalation tiers of role names, lowest first; () when the pack has none
    notified: frozenset = frozenset()  # user task ids in the pack's [notify] table


def q(tag):
    """The namespaced name of a BPMN model tag."""
    return f"{{{MODEL}}}{tag}"


def elements(tree, *tags):
    """Every element of the given BPMN model tags, in document order."""
    wanted = {q(t) for t in tags}
    return [el for el in tree.iter() if el.tag in wanted]


def local(el):
    """An element's tag without its namespace."""
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def ids_in(tree):
    """Every element with an id, by id."""
    return {el.get("id"): el for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}


def label(el):
    """An element as the check names it: 'Its name' (its_id), or 'its_id'."""
    name = (el.get("name") or "").strip()
    return f"'{name}' ({el.get('id')})" if name else f"'{el.get('id')}'"


# --- references ---------------------------------------------------------------------
def references(tree, _ctx):
    """Every sequence flow starts and ends at an element that exists in the same process."""
    found, nodes = [], {el.get("id") for el in elements(tree, *FLOW_NODES)}
    for flow in elements(tree, "sequenceFlow"):
        for end, attr in (("starts", "sourceRef"), ("goes", "targetRef")):
            ref = flow.get(attr)
            if ref not in nodes:
                where = "from" if attr == "sourceRef" else "to"
                found.append((flow.sourceline, flow.get("id"),
                              f"Sequence flow {label(flow)} {end} {where} '{ref}', which is not in the diagram",
                              "Reconnect the arrow in the modeller so both ends touch a shape, or delete it"))
    return found


# --- people --------------------------------------------------------------------------
def lanes_are_roles(tree, ctx):
    """Every lane is a role of the pack, and every user task sits in a lane."""
    found = []
    for lane in elements(tree, "lane"):
        name = (lane.get("name") or "").strip()
        if name not in ctx.roles:
            close = difflib.get_close_matches(name, ctx.roles, n=1)
            hint = f"Did you mean '{close[0]}'? " if close else ""
            found.append((lane.sourceline, lane.get("id"),
                          f"Lane '{name}' is not a role of the {ctx.pack} pack, so nobody could do its tasks",
                          f"{hint}Name the lane exactly as one of: {', '.join(ctx.roles)} "
                          f"(roles are listed in handlers/{ctx.pack}/pack.toml)"))
    in_lane = {ref.text.strip() for ref in elements(tree, "flowNodeRef") if ref.text}
    for task in elements(tree, "userTask"):
        if task.get("id") not in in_lane:
            found.append((task.sourceline, task.get("id"),
                          f"User task {label(task)} is in no lane, so no role would receive it",
                          "Drag the task into the lane of the role who does it"))
    return found


def tasks_have_handlers(tree, ctx):
    """Every user task has a handler (a form) in the pack."""
    found = []
    for task in elements(tree, "userTask"):
        if task.get("id") not in ctx.handlers:
            found.append((task.sourceline, task.get("id"),
                          f"User task {label(task)} has no handler in the {ctx.pack} pack, so it has no form",
                          f"Give the task the id of an existing handler ({', '.join(sorted(ctx.handlers))}) "
                          f"or ask a developer to add handlers/{ctx.pack}/ for '{task.get('id')}'"))
    return found


def handlers_have_tasks(task_ids, ctx, line):
    """Every handler of the pack is a user task in one of the pack's diagrams."""
    found = []
    for handler_id in sorted(set(ctx.handlers) - set(task_ids)):
        found.append((line, handler_id,
                      f"The {ctx.pack} pack has a handler for '{handler_id}' but no diagram of the pack "
                      f"has a user task with that id",
                      f"Set the id of the matching user task to '{handler_id}' (in the modeller: "
                      f"select the task, General → ID), or remove the handler"))
    return found


# --- expressions ---------------------------------------------------------------------
def gateway_conditions(tree, ctx):
    """Decisions cannot stall: each outgoing flow has a valid condition or is the default."""
    found, flows = [], elements(tree, "sequenceFlow")
    for flow in flows:
        cond = flow.find(q("conditionExpression"))
        if cond is not None and (cond.text or "").strip():
            for message, fix in expressions.name_problems(cond.text, ctx):
                found.append((cond.sourceline, flow.get("id"), f"The condition on {label(flow)} {message}", fix))
    for gateway in elements(tree, "exclusiveGateway", "inclusiveGateway"):
        outgoing = [f for f in flows if f.get("sourceRef") == gateway.get("id")]
        default = gateway.get("default")
        if default and default not in {f.get("id") for f in outgoing}:
            found.append((gateway.sourceline, gateway.get("id"),
                          f"Gateway {label(gateway)} names '{default}' as its default flow, but no flow by that id leaves it",
                          "Select the gateway's outgoing flow that should be taken otherwise and mark it as the default flow"))
        if len(outgoing) < 2:
            continue
        for flow in outgoing:
            cond = flow.find(q("conditionExpression"))
            if flow.get("id") != default and (cond is None or not (cond.text or "").strip()):
                found.append((flow.sourceline, flow.get("id"),
                              f"Flow {label(flow)} leaves the decision {label(gateway)} with no condition and "
                              f"is not its default flow, so a case could get stuck there",
                              'Give the flow a condition such as next_actions == "CIN", or make it the '
                              "gateway's default flow (in the modeller: wrench icon → Default flow)"))
    return found


def timer_expressions(tree, ctx):
    """Every timer expression evaluates, on a fixed working morning, to an ISO-8601 value."""
    found = []
    for definition in elements(tree, "timerEventDefinition"):
        event = definition.getparent()
        kinds = [child for child in definition if local(child) in TIMER_KINDS]
        if len(kinds) != 1:
            found.append((definition.sourceline, event.get("id"),
                          f"Timer {label(event)} needs exactly one of a date, a duration or a cycle",
                          'In the modeller choose the timer type and enter e.g. working_days(5) or "P3D"'))
            continue
        expr = kinds[0]
        text = (expr.text or "").strip()
        problems = expressions.name_problems(text, ctx) if text else [("is empty", 'Enter e.g. working_days(5) or "P3D"')]
        if not problems:
            problem = expressions.timer_problem(local(expr), text, ctx.functions, ctx.sample_data)
            problems = [problem] if problem else []
        for message, fix in problems:
            found.append((expr.sourceline, event.get("id"), f"The timer expression of {label(event)} {message}", fix))
    return found


# --- escalation ----------------------------------------------------------------------
def _escalations(tree):
    """(timer, watched task, escalation task) for each non-interrupting timer on a user task."""
    tasks, nodes, onward = {el.get("id"): el for el in elements(tree, "userTask")}, ids_in(tree), {}
    for flow in elements(tree, "sequenceFlow"):
        onward.setdefault(flow.get("sourceRef"), []).append(flow.get("targetRef"))
    for timer in elements(tree, "boundaryEvent"):
        if (timer.get("cancelActivity") or "true").strip() != "false" or timer.find(q("timerEventDefinition")) is None \
                or timer.get("attachedToRef") not in tasks:
            continue
        # Follow the flows through gateways and events to the first user task on each path.
        seen, todo = set(), list(onward.get(timer.get("id"), []))
        while todo:
            node_id = todo.pop(0)
            if node_id in seen or node_id not in nodes:
                continue
            seen.add(node_id)
            if node_id in tasks:
                yield timer, tasks[timer.get("attachedToRef")], tasks[node_id]
            else:
                todo.extend(onward.get(node_id, []))


def _lanes(tree):
    # Document order: a nested lane's references come after its parent's, so the innermost wins.
    return {ref.text.strip(): lane.get("name", "").strip() for lane in elements(tree, "lane")
            for ref in lane.findall(q("flowNodeRef")) if ref.text}


def escalations_climb_the_ladder(tree, ctx):
    """A non-interrupting deadline on a user task opens work for a higher tier of the pack's ladder."""
    if not ctx.ladder:
        return []
    found, lanes = [], _lanes(tree)
    tier_of = {role: number for number, tier in enumerate(ctx.ladder, 1) for role in tier}
    where = f"[escalation] ladder in handlers/{ctx.pack}/pack.toml"
    for timer, watched, task in _escalations(tree):
        low, high = lanes.get(watched.get("id")), lanes.get(task.get("id"))
        if low is None or high is None:
            continue  # lanes_are_roles reports a task in no lane
        for role, el in ((low, watched), (high, task)):
            if role not in tier_of:
                found.append((el.sourceline, el.get("id"),
                              f"The deadline {label(timer)} escalates from {label(watched)} to {label(task)}, "
                              f"but '{role}' (the lane of {label(el)}) is not on the {ctx.pack} pack's escalation "
                              f"ladder, so nobody can tell whether the work goes up a tier",
                              f"Add '{role}' to a tier of the {where}, or move the task into the lane of a role "
                              f"on the ladder"))
        if low not in tier_of or high not in tier_of or tier_of[high] > tier_of[low]:
            continue
        above = tier_of[low] + 1
        fix = (f"Move {label(task)} into the lane of the next tier up: {' or '.join(ctx.ladder[above - 1])}"
               if above <= len(ctx.ladder) else
               f"'{low}' is the top tier, so there is nobody above to escalate to: add a higher tier to the "
               f"{where}, or lead the deadline to an end event")
        found.append((task.sourceline, task.get("id"),
                      f"Escalation task {label(task)} is in '{high}' (tier {tier_of[high]}), but the deadline "
                      f"{label(timer)} that opens it watches {label(watched)} in '{low}' (tier {tier_of[low]}): "
                      f"an escalation must go to a higher tier of the {ctx.pack} pack's ladder", fix))
    return found


def escalations_are_notified(tree, ctx):
    """Every escalation task is in the pack's [notify] table, so the tier it goes to is e-mailed."""
    found, lanes, reported = [], _lanes(tree), set(ctx.notified)
    for timer, watched, task in _escalations(tree):
        if task.get("id") in reported:
            continue
        reported.add(task.get("id"))
        role = lanes.get(task.get("id")) or "<Role name>"
        found.append((task.sourceline, task.get("id"),
                      f"Escalation task {label(task)} (opened when {label(timer)} on {label(watched)} passes) is "
                      f"not in the {ctx.pack} pack's [notify] table, so nobody would be told it has arrived",
                      f'Add {task.get("id")} = ["role:{role}"] under [notify] in handlers/{ctx.pack}/pack.toml'))
    return found


# --- drawing -------------------------------------------------------------------------
def diagram_interchange(tree, _ctx):
    """Every flow node, flow, lane and pool is drawn (has DI), so modellers show it."""
    drawn = {el.get("bpmnElement") for el in tree.iter(f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge")}
    found = []
    for el in elements(tree, *FLOW_NODES, "sequenceFlow", "lane", "participant", "messageFlow"):
        if el.get("id") not in drawn:
            kind = "arrow (BPMNEdge)" if local(el) in ("sequenceFlow", "messageFlow") else "shape (BPMNShape)"
            found.append((el.sourceline, el.get("id"),
                          f"{local(el)} {label(el)} is not drawn: it has no {kind}, so a modeller would not show it",
                          "Open the file in Camunda Modeler or bpmn.io and draw the element (or recreate it "
                          "there), then save"))
    known = ids_in(tree)
    for di in tree.iter(f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge"):
        if di.get("bpmnElement") not in known:
            found.append((di.sourceline, di.get("id"),
                          f"The drawing {di.get('id')} is of '{di.get('bpmnElement')}', which is not in the diagram",
                          "Delete the stray shape in the modeller, or restore the element it belonged to"))
    return found


RULES = (references, lanes_are_roles, tasks_have_handlers, gateway_conditions, timer_expressions,
         escalations_climb_the_ladder, escalations_are_notified, diagram_interchange)
