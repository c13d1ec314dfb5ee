"""An element of a diagram in a process owner's words: its name, type, lane, flows, timer, condition.

Used to show two versions of an element side by side (the admin diff page). What counts as
a change is decided on the XML itself (``diagram_diff``); these facts only make it readable,
so anything they do not name falls under "Other settings" rather than out of sight.
"""
import re

from service.diagrams.bpmn_rules import TIMER_KINDS, local

WORDING = ("Name", "Documentation")  # for a lane the name is its role, and counts as more
TIMER_WORDS = {"timeDate": "Date", "timeDuration": "Duration", "timeCycle": "Cycle"}
# Read into facts of their own; every other attribute or child is an "other setting".
SHOWN_ATTRIBUTES = {"id", "name", "sourceRef", "targetRef", "attachedToRef", "default", "cancelActivity"}
SHOWN_CHILDREN = {"documentation", "incoming", "outgoing", "conditionExpression", "timerEventDefinition",
                  "flowNodeRef"}


def _words(tag):
    """'exclusiveGateway' → 'Exclusive gateway'."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", tag).lower()
    return spaced[:1].upper() + spaced[1:]


def _named(el_id, by_id):
    """'Its name' (its_id), or its_id when it has no name."""
    name = (by_id[el_id].get("name") or "").strip() if el_id in by_id else ""
    return f"{name} ({el_id})" if name else el_id


def _text(el):
    return " ".join((el.text or "").split())


def _type(el):
    kind = _words(local(el))
    definitions = [local(c) for c in el if local(c).endswith("EventDefinition")]
    if definitions:
        kind += " (" + ", ".join(_words(d.removesuffix("EventDefinition")).lower() for d in definitions) + ")"
    if local(el) == "boundaryEvent":
        kind += ", interrupting" if el.get("cancelActivity", "true") != "false" else ", non-interrupting"
    return kind


def _flows(el, tag, by_id):
    """Each incoming (or outgoing) flow with the step at its other end."""
    shown = []
    for child in el:
        if local(child) != tag or not child.text:
            continue
        flow_id = child.text.strip()
        flow = by_id.get(flow_id)
        other = flow.get("sourceRef" if tag == "incoming" else "targetRef") if flow is not None else None
        where = ("from " if tag == "incoming" else "to ") + _named(other, by_id) if other else ""
        label = (flow.get("name") or "").strip() if flow is not None else ""
        shown.append(flow_id + (f" “{label}”" if label else "") + (f", {where}" if where else ""))
    return tuple(shown)


def _timers(el):
    shown = []
    for definition in el:
        if local(definition) == "timerEventDefinition":
            shown += [f"{TIMER_WORDS[local(t)]}: {_text(t)}" for t in definition if local(t) in TIMER_KINDS]
    return tuple(shown)


def _others(el):
    """Attributes and children not shown as facts of their own, as 'name = value' lines."""
    shown = [f"{k.rsplit('}', 1)[-1]} = {v}" for k, v in sorted(el.attrib.items()) if k not in SHOWN_ATTRIBUTES]
    for child in el:
        if not isinstance(child.tag, str) or local(child) in SHOWN_CHILDREN:
            continue
        for part in child.iter():
            if not isinstance(part.tag, str):
                continue
            attrs = ", ".join(f"{k.rsplit('}', 1)[-1]}={v}" for k, v in sorted(part.attrib.items()))
            text = _text(part)
            if attrs or text or part is child:
                shown.append(f"{local(part)}" + (f" ({attrs})" if attrs else "") + (f": {text}" if text else ""))
    return tuple(shown)


def facts_of(tree, compared, lane_of):
    """{element id: [(fact, value)]} for the ``compared`` elements of one diagram file.

    A value is text or a tuple of lines; a fact an element does not have is left out.
    """
    by_id = {el.get("id"): el for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    facts = {}
    for el in compared:
        kind = local(el)
        found = [("Name", (el.get("name") or "").strip()), ("Type", _type(el)),
                 ("Lane (role)", lane_of.get(el.get("id"), ""))]
        if el.get("attachedToRef"):
            found.append(("Attached to", _named(el.get("attachedToRef"), by_id)))
        if kind in ("sequenceFlow", "messageFlow"):
            found += [("From", _named(el.get("sourceRef"), by_id)), ("To", _named(el.get("targetRef"), by_id))]
        found += [("Incoming flows", _flows(el, "incoming", by_id)), ("Outgoing flows", _flows(el, "outgoing", by_id)),
                  ("Timer", _timers(el)),
                  ("Condition", " ".join(_text(c) for c in el if local(c) == "conditionExpression")),
                  ("Default flow", _named(el.get("default"), by_id) if el.get("default") else ""),
                  ("Documentation", "\n".join(_text(c) for c in el if local(c) == "documentation")),
                  ("Other settings", _others(el))]
        if kind == "lane":
            found = [("Name", (el.get("name") or "").strip()), ("Type", "Lane (a role)")]
        facts[el.get("id")] = [(fact, value) for fact, value in found if value]
    return facts
