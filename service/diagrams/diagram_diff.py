"""What changed between two versions of a diagram, element by element (drawing ignored).

An element's signature is its semantic XML — tag, attributes, text and children — plus,
for a flow node, the name of the lane (role) it sits in. Coordinates (DI) never count, so
moving a shape is not a change; renaming a task, editing a condition or a timer is.
"""
from dataclasses import dataclass

from service.diagrams.bpmn_rules import FLOW_NODES, elements, local
from service.engine import read_xml

COMPARED = FLOW_NODES + ("sequenceFlow", "messageFlow", "lane", "participant")


def _canonical(el):
    attrs = ",".join(f"{k}={v}" for k, v in sorted(el.attrib.items()))
    text = (el.text or "").strip()
    children = "".join(_canonical(child) for child in el if isinstance(child.tag, str))
    return f"<{el.tag} {attrs}>{text}{children}</>"


def element_signatures(files):
    """{element id: signature} over the semantic elements of a version's files."""
    signatures = {}
    for name, data in sorted(files.items()):
        tree = read_xml(data.encode() if isinstance(data, str) else data, name)
        lane_of = {}
        for lane in elements(tree, "lane"):
            for ref in lane:
                if local(ref) == "flowNodeRef" and ref.text:
                    lane_of[ref.text.strip()] = lane.get("name") or lane.get("id")
        for el in elements(tree, *COMPARED):
            signature = _canonical(el)
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
    for name, data in sorted(files.items()):
        tree = read_xml(data.encode() if isinstance(data, str) else data, name)
        for el in elements(tree, *COMPARED):
            names[el.get("id")] = (el.get("name") or "").strip()
    return names


@dataclass(frozen=True)
class Diff:
    added: list
    removed: list
    changed: list


def diff(files_a, files_b):
    """Element ids added, removed and changed going from ``files_a`` to ``files_b``."""
    a, b = element_signatures(files_a), element_signatures(files_b)
    return Diff(added=sorted(set(b) - set(a)), removed=sorted(set(a) - set(b)),
                changed=sorted(i for i in set(a) & set(b) if a[i] != b[i]))
