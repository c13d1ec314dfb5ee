"""What changed between two versions of a diagram, element by element (drawing ignored).

An element's signature is its semantic XML — tag, attributes, text and children — plus,
for a flow node, the name of the lane (role) it sits in. Coordinates (DI) never count, so
moving a shape is not a change; renaming a task, editing a condition or a timer is.

A change is *wording only* when nothing but names and documentation differ: the engine
finds a step by its id, never by its name, so a case that has been through a renamed step
can move to the new version (service/work/instance_migration.py). A lane's name is not
wording: it is the role that gets the work. Everything else — flows, conditions, timers,
lanes, settings — changes how a case runs.
"""
from dataclasses import dataclass

from service.diagrams.bpmn_rules import FLOW_NODES, elements, local
from service.diagrams.element_facts import facts_of
from service.engine import read_xml

COMPARED = FLOW_NODES + ("sequenceFlow", "messageFlow", "lane", "participant")


def _canonical(el, wording=True):
    """The element as text; without ``wording``, its names and documentation left out."""
    attrs = ",".join(f"{k}={v}" for k, v in sorted(el.attrib.items()) if wording or k != "name")
    text = (el.text or "").strip()
    children = "".join(_canonical(child, wording) for child in el
                       if isinstance(child.tag, str) and (wording or local(child) != "documentation"))
    return f"<{el.tag} {attrs}>{text}{children}</>"


def _trees(files):
    for name, data in sorted(files.items()):
        yield read_xml(data.encode() if isinstance(data, str) else data, name)


def lanes_of(tree):
    """{flow node id: the name of the lane it sits in} for one diagram file."""
    lane_of = {}
    for lane in elements(tree, "lane"):
        for ref in lane:
            if local(ref) == "flowNodeRef" and ref.text:
                lane_of[ref.text.strip()] = lane.get("name") or lane.get("id")
    return lane_of


def element_signatures(files, wording=True):
    """{element id: signature} over the semantic elements of a version's files.

    With ``wording=False`` names and documentation do not count (lane names still do: a
    lane is a role), so two signatures differ only where the pathway runs differently.
    """
    signatures = {}
    for tree in _trees(files):
        lane_of = lanes_of(tree)
        for el in elements(tree, *COMPARED):
            signature = _canonical(el, wording)
            if local(el) == "lane":
                # A lane's member list changes whenever a task is added; its role does not.
                signature = f"lane:{el.get('name')}"
            elif el.get("id") in lane_of:
                signature += f"@lane:{lane_of[el.get('id')]}"
            signatures[el.get("id")] = signature
    return signatures


def element_names(files):
    """{element id: name} for showing ids alongside the words a person drew."""
    names = {}
    for tree in _trees(files):
        for el in elements(tree, *COMPARED):
            names[el.get("id")] = (el.get("name") or "").strip()
    return names


def element_facts(files):
    """{element id: [(fact, value)]} — what a process owner reads about each element."""
    facts = {}
    for tree in _trees(files):
        facts.update(facts_of(tree, elements(tree, *COMPARED), lanes_of(tree)))
    return facts


@dataclass(frozen=True)
class Diff:
    added: list
    removed: list
    changed: list
    wording_only: list  # the changed ids whose names or documentation alone differ

    @property
    def structural(self):
        """Changed ids whose change alters how a case runs."""
        return [i for i in self.changed if i not in self.wording_only]


def diff(files_a, files_b):
    """Element ids added, removed and changed going from ``files_a`` to ``files_b``."""
    a, b = element_signatures(files_a), element_signatures(files_b)
    changed = sorted(i for i in set(a) & set(b) if a[i] != b[i])
    plain_a, plain_b = element_signatures(files_a, wording=False), element_signatures(files_b, wording=False)
    return Diff(added=sorted(set(b) - set(a)), removed=sorted(set(a) - set(b)), changed=changed,
                wording_only=[i for i in changed if plain_a[i] == plain_b[i]])


@dataclass(frozen=True)
class ElementChange:
    """One changed element: each fact before and after, and whether it differs."""

    element_id: str
    name: str
    wording_only: bool
    rows: list  # (fact, before, after, differs)


def side_by_side(files_a, files_b, found=None):
    """(the Diff, [ElementChange] for its changed ids, facts before, facts after)."""
    found = found or diff(files_a, files_b)
    before, after = element_facts(files_a), element_facts(files_b)
    changes = []
    for element_id in found.changed:
        old, new = dict(before[element_id]), dict(after[element_id])
        order = [f for f, _v in before[element_id]] + [f for f, _v in after[element_id] if f not in old]
        rows = [(fact, old.get(fact), new.get(fact), old.get(fact) != new.get(fact)) for fact in order]
        name = new.get("Name") or old.get("Name") or ""
        changes.append(ElementChange(element_id, name, element_id in found.wording_only, rows))
    return found, changes, before, after
