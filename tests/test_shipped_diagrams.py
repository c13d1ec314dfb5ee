"""Every shipped diagram opens clean in the modellers process owners use, and passes the full check."""
import json
from pathlib import Path

import pytest
from lxml import etree

from service.diagrams import bpmn_check, bpmn_lint
from service.diagrams.bpmn_rules import FLOW_NODES, elements
from service.engine import read_xml

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(ROOT.glob("bpmn/*/*.bpmn"))
IDS = [str(p.relative_to(ROOT / "bpmn")) for p in SHIPPED]
DC = "http://www.omg.org/spec/DD/20100524/DC"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"


def test_there_are_shipped_diagrams():
    assert "camden/step_up_to_mash.bpmn" in IDS


@pytest.mark.skipif(not bpmn_check.XSD_PATH.exists(),
                    reason="../shared/schemas/bpmn20/BPMN20.xsd is absent (the shared folder is not beside the repo)")
@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_passes_the_omg_bpmn_schema(path):
    schema = bpmn_check._schema()
    document = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    assert schema.validate(document), [f"line {e.line}: {e.message}" for e in schema.error_log]


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_imports_in_bpmn_moddle_without_warnings_and_passes_bpmnlint(path):
    # Node and the npm packages are a test requirement (make test installs them).
    assert bpmn_lint.unavailable_reason() is None, bpmn_lint.unavailable_reason()
    reports = bpmn_lint.lint({path.name: path.read_bytes()})
    assert reports == []


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_passes_the_full_check(path):
    problems = bpmn_check.check_paths([path], lint=True)
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("path", SHIPPED, ids=IDS)
def test_every_flow_node_is_drawn_inside_its_lane(path):
    tree = read_xml(path.read_bytes(), path.name)
    bounds = {s.get("bpmnElement"): s.find(f"{{{DC}}}Bounds") for s in tree.iter(f"{{{BPMNDI}}}BPMNShape")}

    def box(element_id):
        b = bounds[element_id]
        return [float(b.get(k)) for k in ("x", "y", "width", "height")]

    misplaced = []
    for lane in elements(tree, "lane"):
        lx, ly, lw, lh = box(lane.get("id"))
        for ref in lane:
            if ref.text and ref.text.strip() in bounds:
                x, y, w, h = box(ref.text.strip())
                cx, cy = x + w / 2, y + h / 2
                if not (lx <= cx <= lx + lw and ly <= cy <= ly + lh):
                    misplaced.append(f"{ref.text.strip()} outside lane {lane.get('name')}")
    assert misplaced == []
    assert all(el.get("id") in bounds for el in elements(tree, *FLOW_NODES))


def test_the_lint_config_extends_recommended_and_explains_every_rule_turned_off():
    config = json.loads((ROOT / ".bpmnlintrc").read_text())
    assert config["extends"] == "bpmnlint:recommended"
    off = [rule for rule, level in config.get("rules", {}).items() if level in ("off", 0)]
    for rule in off:
        assert rule in config.get("//", ""), f"{rule} is turned off without a reason in the '//' note"


def test_the_scaffolding_tool_draws_diagrams_that_pass_bpmnlint():
    import runpy
    draw = runpy.run_path(str(ROOT / "tools" / "draw_bpmn.py"))
    description = {
        "PROCESS": ("camden_scaffold_probe", "Scaffold probe"),
        "LANES": ["Early Help Manager", "MASH Manager"],
        "NODES": [("begin", "startEvent", "Concern raised", 0, 0, 0), ("send", "userTask", "Send", 0, 1, 0),
                  ("decide", "exclusiveGateway", "Urgent?", 1, 2, 0), ("urgent", "endEvent", "Urgent", 1, 3, 0),
                  ("planned", "endEvent", "Planned", 1, 3, 1), ("chased", "endEvent", "Chased", 0, 2, 0)],
        "FLOWS": [("f1", "begin", "send", None, None, False),
                  ("f2", "send", "decide", "Passed to MASH", None, False),  # a label bpmnlint would flag
                  ("f3", "decide", "urgent", "Yes", "urgent == 'Yes'", False),
                  ("f4", "decide", "planned", "No", None, True)],
        "TIMERS": [("chase", "Chase", "send", "timeDate", "working_days(1)", False)],
    }
    description["FLOWS"].append(("f5", "chase", "chased", None, None, False))
    xml = draw["render"](description).encode()
    assert bpmn_lint.lint({"probe.bpmn": xml}) == []
    assert b"<bpmn:documentation>Passed to MASH</bpmn:documentation>" in xml
