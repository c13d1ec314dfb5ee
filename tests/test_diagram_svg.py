"""The server-side BPMN → SVG renderer: structure, state classes, escaping, safe parsing."""
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from lxml import etree

from service.diagrams.diagram_svg import render_svg

SVG = "http://www.w3.org/2000/svg"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMDEN = Path(__file__).resolve().parent.parent / "bpmn" / "camden" / "step_up_to_mash.bpmn"
CAMDEN_NODES = {"step_up_decided", "send_step_up_to_mash", "mash_contact_and_referral",
                "write_summary", "mash_manager_decision", "cp_or_cin", "cp_next_actions",
                "strategy_discussion", "strategy_discussion_held", "assessment_route",
                "child_and_family_assessment", "assessment_concluded"}
EVIL = '<script>alert("x")</script> & co'

SMALL = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="{MODEL}" xmlns:bpmndi="{BPMNDI}"
    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="defs" targetNamespace="t">
  <bpmn:process id="p" name="Small" isExecutable="true">
    <bpmn:startEvent id="start" name="Begin"/>
    <bpmn:userTask id="task_a" name={quoteattr(EVIL)}/>
    <bpmn:boundaryEvent id="deadline" name="5 working days" attachedToRef="task_a">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:exclusiveGateway id="gw" name="Which?" default="to_end"/>
    <bpmn:endEvent id="end" name="Done"/>
    <bpmn:sequenceFlow id="to_a" sourceRef="start" targetRef="task_a"/>
    <bpmn:sequenceFlow id="to_gw" name="Decided" sourceRef="task_a" targetRef="gw"/>
    <bpmn:sequenceFlow id="to_end" sourceRef="gw" targetRef="end"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d">
    <bpmndi:BPMNPlane id="plane" bpmnElement="p">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="task_a_di" bpmnElement="task_a"><dc:Bounds x="200" y="78" width="120" height="80"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="deadline_di" bpmnElement="deadline"><dc:Bounds x="262" y="140" width="36" height="36"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="gw_di" bpmnElement="gw" isMarkerVisible="true"><dc:Bounds x="380" y="93" width="50" height="50"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="490" y="100" width="36" height="36"/></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="to_a_di" bpmnElement="to_a"><di:waypoint x="136" y="118"/><di:waypoint x="200" y="118"/></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="to_gw_di" bpmnElement="to_gw"><di:waypoint x="320" y="118"/><di:waypoint x="380" y="118"/></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="to_end_di" bpmnElement="to_end"><di:waypoint x="430" y="118"/><di:waypoint x="490" y="118"/></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
""".encode()


def parse(svg_text):
    root = etree.fromstring(svg_text.encode())
    assert root.tag == f"{{{SVG}}}svg"
    return root


def groups(root):
    """data-element-id → set of CSS classes on that element's <g>."""
    found = root.iterfind(f".//{{{SVG}}}g[@data-element-id]")
    return {g.get("data-element-id"): set(g.get("class").split()) for g in found}


def group(root, element_id):
    return root.find(f".//{{{SVG}}}g[@data-element-id='{element_id}']")


def test_camden_output_is_svg_with_every_flow_node():
    root = parse(render_svg(CAMDEN.read_bytes()))
    ids = groups(root)
    assert CAMDEN_NODES <= set(ids)
    assert {"camden_step_up_to_mash_participant", "lane_mash_manager"} <= set(ids)
    assert "pool" in ids["camden_step_up_to_mash_participant"]
    assert "gateway" in ids["cp_or_cin"] and "activity" in ids["strategy_discussion"]
    assert root.find(f"{{{SVG}}}style") is not None
    assert root.find(f".//{{{SVG}}}g[@class='legend']") is not None


def test_camden_edge_count_matches_di_edges():
    di_edges = etree.fromstring(CAMDEN.read_bytes()).findall(f".//{{{BPMNDI}}}BPMNEdge")
    root = parse(render_svg(CAMDEN.read_bytes()))
    edges = [i for i, classes in groups(root).items() if "edge" in classes]
    assert len(edges) == len(di_edges) == 34
    assert len(root.findall(f".//{{{SVG}}}polyline[@class='line']")) == 34
    assert set(edges) == {e.get("bpmnElement") for e in di_edges}


def test_state_classes_land_on_given_elements_only():
    completed = {"step_up_decided", "send_step_up_to_mash"}
    root = parse(render_svg(CAMDEN.read_bytes(), completed=completed,
                            active=["mash_contact_and_referral"]))
    for element_id, classes in groups(root).items():
        assert ("completed" in classes) == (element_id in completed), element_id
        assert ("active" in classes) == (element_id == "mash_contact_and_referral"), element_id
        assert not classes & {"fired", "overdue"}
    title = group(root, "mash_contact_and_referral").findtext(f"{{{SVG}}}title")
    assert title == "MASH contact and referral (CSSW) (current)"


def test_fired_and_overdue_and_single_string_id():
    root = parse(render_svg(SMALL, fired=("deadline",), overdue="task_a"))
    ids = groups(root)
    assert "fired" in ids["deadline"] and "overdue" in ids["task_a"]
    assert [i for i, c in ids.items() if c & {"fired", "overdue"}] == ["task_a", "deadline"]


def test_names_are_escaped():
    text = render_svg(SMALL, active=["task_a"])
    assert "<script" not in text
    assert "&lt;script&gt;" in text and "&amp; co" in text
    root = parse(text)
    assert root.find(f".//{{{SVG}}}script") is None
    assert group(root, "task_a").findtext(f"{{{SVG}}}title") == f"{EVIL} (current)"


def test_shapes_by_type():
    root = parse(render_svg(SMALL))
    ids = groups(root)
    assert "end" in ids["end"] and "sequence" in ids["to_end"]
    assert group(root, "task_a").find(f"{{{SVG}}}rect").get("rx") == "10"
    assert group(root, "gw").find(f"{{{SVG}}}polygon") is not None
    assert len(group(root, "gw").findall(f"{{{SVG}}}line")) == 2  # the X
    # boundary timer: outer and inner circle plus the clock face
    assert len(group(root, "deadline").findall(f"{{{SVG}}}circle")) == 3
    # default flow carries its slash marker; others don't
    assert group(root, "to_end").find(f"{{{SVG}}}line") is not None
    assert group(root, "to_a").find(f"{{{SVG}}}line") is None
    labels = root.find(f".//{{{SVG}}}g[@data-label-for='to_gw']")
    assert "".join(labels.itertext()) == "Decided"


def test_viewbox_covers_bounds_with_margin():
    root = parse(render_svg(SMALL))
    x, y, w, h = (float(v) for v in root.get("viewBox").split())
    assert (x, y) == (80, 58)
    assert x + w >= 526 + 20 and y + h >= 176 + 20


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doc = SMALL.replace(b"<bpmn:definitions", f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
                        .encode() + b"<bpmn:definitions", 1)
    doc = doc.replace(b"</bpmn:process>", b'<bpmn:textAnnotation id="note"><bpmn:text>Note &x;'
                      b"</bpmn:text></bpmn:textAnnotation></bpmn:process>")
    doc = doc.replace(b"</bpmndi:BPMNPlane>", b'<bpmndi:BPMNShape id="note_di" bpmnElement="note">'
                      b'<dc:Bounds x="100" y="200" width="100" height="30"/></bpmndi:BPMNShape>'
                      b"</bpmndi:BPMNPlane>")
    naive = etree.fromstring(doc, etree.XMLParser(resolve_entities=True))
    assert "TOP-SECRET" in "".join(naive.itertext())  # the document really would leak it
    root = parse(render_svg(doc))
    assert "note" in groups(root)
    assert "TOP-SECRET" not in etree.tostring(root, encoding="unicode")


def test_no_layout_and_bad_input():
    bare = SMALL.split(b"<bpmndi:BPMNDiagram")[0] + b"</bpmn:definitions>"
    root = parse(render_svg(bare))
    assert groups(root) == {}
    with pytest.raises(ValueError):
        render_svg(b"<not xml")
