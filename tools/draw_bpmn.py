"""Scaffold a BPMN file with full DI from a compact description.

Process owners edit the .bpmn files in a modeller; this tool only lays out a *first*
draft so every shape and edge has coordinates, reading left to right by lane.

A description is a Python module defining::

    PROCESS = ("camden_step_up_to_mash", "Step Up to MASH")
    LANES = ["Early Help Manager", ...]                     # top to bottom
    NODES = [(id, kind, name, lane_index, column, row), ...]  # row within the lane
    FLOWS = [(id, source, target, name, condition_or_None, is_default), ...]
    TIMERS = [(id, name, attached_to, kind, expression, cancel_activity), ...]  # kind: timeDate|timeDuration|timeCycle
    DOCS = {id: "documentation text"}

Usage: python tools/draw_bpmn.py description.py > bpmn/<pack>/<name>.bpmn
"""
import runpy
import sys
from xml.sax.saxutils import escape, quoteattr

SIZES = {"startEvent": (36, 36), "endEvent": (36, 36), "userTask": (120, 80),
         "scriptTask": (120, 80), "manualTask": (120, 80), "task": (120, 80),
         "exclusiveGateway": (50, 50), "parallelGateway": (50, 50),
         "intermediateCatchEvent": (36, 36)}
COL_W, ROW_H, LANE_X, LEFT = 170, 130, 160, 230
LANE_LABEL = 30


def layout(desc):
    lanes = desc["LANES"]
    rows_per_lane = [1] * len(lanes)
    for _id, _k, _n, lane, _c, row in desc["NODES"]:
        rows_per_lane[lane] = max(rows_per_lane[lane], row + 1)
    lane_top, y = [], 80
    for rows in rows_per_lane:
        lane_top.append(y)
        y += rows * ROW_H
    bounds = {}
    for nid, kind, _name, lane, col, row in desc["NODES"]:
        w, h = SIZES[kind]
        cx = LEFT + col * COL_W
        cy = lane_top[lane] + row * ROW_H + ROW_H // 2
        bounds[nid] = (cx - w // 2, cy - h // 2, w, h)
    max_col = max(n[4] for n in desc["NODES"])
    width = LEFT + max_col * COL_W + 120 - LANE_X
    return lane_top, rows_per_lane, bounds, width, y


def waypoints(src, tgt):
    sx, sy, sw, sh = src
    tx, ty, tw, th = tgt
    scx, scy, tcx, tcy = sx + sw // 2, sy + sh // 2, tx + tw // 2, ty + th // 2
    if scy == tcy:
        return [(sx + sw, scy), (tx, tcy)] if tcx > scx else [(sx, scy), (tx + tw, tcy)]
    if tcx > scx:
        # leave downwards/upwards from the source, then along to the target's left side
        out_y = sy + sh if tcy > scy else sy
        return [(scx, out_y), (scx, tcy), (tx, tcy)]
    out_y = sy + sh if tcy > scy else sy
    in_y = ty if tcy > scy else ty + th
    return [(scx, out_y), (scx, (out_y + in_y) // 2), (tcx, (out_y + in_y) // 2), (tcx, in_y)]


def timer_waypoints(src, tgt):
    """From a boundary timer: to a target above, leave by the timer's right side, not across its task."""
    sx, sy, sw, sh = src
    tx, ty, tw, th = tgt
    scy, tcy = sy + sh // 2, ty + th // 2
    if tcy >= scy or tx <= sx + sw + 15:
        return waypoints(src, tgt)
    side = sx + sw + 15
    return [(sx + sw, scy), (side, scy), (side, tcy), (tx, tcy)]


def render(desc):
    pid, pname = desc["PROCESS"]
    lanes, nodes, flows = desc["LANES"], desc["NODES"], desc["FLOWS"]
    timers = desc.get("TIMERS", [])
    docs = desc.get("DOCS", {})
    lane_top, rows, bounds, width, bottom = layout(desc)
    for tid, _n, attached, *_ in timers:
        x, y, w, h = bounds[attached]
        n = sum(1 for t in timers if t[2] == attached and t[0] < tid)
        bounds[tid] = (x + w - 30 - 40 * n, y + h - 18, 36, 36)
    incoming, outgoing = {}, {}
    for fid, src, tgt, *_ in flows:
        outgoing.setdefault(src, []).append(fid)
        incoming.setdefault(tgt, []).append(fid)
    defaults = {src: fid for fid, src, _t, _n, _c, is_default in flows if is_default}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
           'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
           'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
           'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'id="{pid}_definitions" targetNamespace="http://stepwise.example/bpmn" '
           'exporter="Stepwise" exporterVersion="1">',
           f'  <bpmn:collaboration id="{pid}_collaboration">',
           f'    <bpmn:participant id="{pid}_participant" name={quoteattr(pname)} processRef="{pid}" />',
           '  </bpmn:collaboration>',
           f'  <bpmn:process id="{pid}" name={quoteattr(pname)} isExecutable="true">',
           f'    <bpmn:laneSet id="{pid}_lanes">']
    for i, lane in enumerate(lanes):
        out.append(f'      <bpmn:lane id="lane_{_slug(lane)}" name={quoteattr(lane)}>')
        for nid, _k, _n, li, *_ in nodes:
            if li == i:
                out.append(f'        <bpmn:flowNodeRef>{nid}</bpmn:flowNodeRef>')
        for tid, _n, attached, *_ in timers:
            if next(n[3] for n in nodes if n[0] == attached) == i:
                out.append(f'        <bpmn:flowNodeRef>{tid}</bpmn:flowNodeRef>')
        out.append('      </bpmn:lane>')
    out.append('    </bpmn:laneSet>')
    for nid, kind, name, *_ in nodes:
        attrs = f'id="{nid}" name={quoteattr(name)}'
        if nid in defaults:
            attrs += f' default="{defaults[nid]}"'
        out.append(f'    <bpmn:{kind} {attrs}>')
        if nid in docs:
            out.append(f'      <bpmn:documentation>{escape(docs[nid])}</bpmn:documentation>')
        for fid in incoming.get(nid, []):
            out.append(f'      <bpmn:incoming>{fid}</bpmn:incoming>')
        for fid in outgoing.get(nid, []):
            out.append(f'      <bpmn:outgoing>{fid}</bpmn:outgoing>')
        out.append(f'    </bpmn:{kind}>')
    for tid, name, attached, tkind, expr, cancel in timers:
        out.append(f'    <bpmn:boundaryEvent id="{tid}" name={quoteattr(name)} attachedToRef="{attached}"'
                   f' cancelActivity="{"true" if cancel else "false"}">')
        for fid in outgoing.get(tid, []):
            out.append(f'      <bpmn:outgoing>{fid}</bpmn:outgoing>')
        out.append(f'      <bpmn:timerEventDefinition id="{tid}_definition">')
        out.append(f'        <bpmn:{tkind} xsi:type="bpmn:tFormalExpression">{escape(expr)}</bpmn:{tkind}>')
        out.append('      </bpmn:timerEventDefinition>')
        out.append('    </bpmn:boundaryEvent>')
    kinds = {n[0]: n[1] for n in nodes}
    labelled = {f[0] for f in flows if _label_allowed(f, kinds, outgoing, defaults)}
    for fid, src, tgt, name, cond, _d in flows:
        name_attr = f' name={quoteattr(name)}' if name and fid in labelled else ""
        # bpmnlint's superfluous-label: only decision flows carry a label; keep the words
        # of any other flow as its documentation so nothing the protocol says is lost.
        doc = name if name and fid not in labelled else None
        if cond or doc:
            out.append(f'    <bpmn:sequenceFlow id="{fid}"{name_attr} sourceRef="{src}" targetRef="{tgt}">')
            if doc:
                out.append(f'      <bpmn:documentation>{escape(doc)}</bpmn:documentation>')
            if cond:
                out.append(f'      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{escape(cond)}</bpmn:conditionExpression>')
            out.append('    </bpmn:sequenceFlow>')
        else:
            out.append(f'    <bpmn:sequenceFlow id="{fid}"{name_attr} sourceRef="{src}" targetRef="{tgt}" />')
    out.append('  </bpmn:process>')
    out.append(f'  <bpmndi:BPMNDiagram id="{pid}_diagram">')
    out.append(f'    <bpmndi:BPMNPlane id="{pid}_plane" bpmnElement="{pid}_collaboration">')
    out.append(f'      <bpmndi:BPMNShape id="{pid}_participant_di" bpmnElement="{pid}_participant" isHorizontal="true">')
    out.append(f'        <dc:Bounds x="{LANE_X - LANE_LABEL}" y="80" width="{width + LANE_LABEL}" height="{bottom - 80}" />')
    out.append('      </bpmndi:BPMNShape>')
    for i, lane in enumerate(lanes):
        out.append(f'      <bpmndi:BPMNShape id="lane_{_slug(lane)}_di" bpmnElement="lane_{_slug(lane)}" isHorizontal="true">')
        out.append(f'        <dc:Bounds x="{LANE_X}" y="{lane_top[i]}" width="{width}" height="{rows[i] * ROW_H}" />')
        out.append('      </bpmndi:BPMNShape>')
    for nid, kind, *_ in nodes:
        x, y, w, h = bounds[nid]
        marker = ' isMarkerVisible="true"' if kind == "exclusiveGateway" else ""
        out.append(f'      <bpmndi:BPMNShape id="{nid}_di" bpmnElement="{nid}"{marker}>')
        out.append(f'        <dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}" />')
        if kind not in ("userTask", "scriptTask", "manualTask", "task"):
            out.append(f'        <bpmndi:BPMNLabel><dc:Bounds x="{x - 30}" y="{y + h + 4}" width="{w + 60}" height="27" /></bpmndi:BPMNLabel>')
        out.append('      </bpmndi:BPMNShape>')
    for tid, *_ in timers:
        x, y, w, h = bounds[tid]
        out.append(f'      <bpmndi:BPMNShape id="{tid}_di" bpmnElement="{tid}">')
        out.append(f'        <dc:Bounds x="{x}" y="{y}" width="{w}" height="{h}" />')
        out.append(f'        <bpmndi:BPMNLabel><dc:Bounds x="{x - 40}" y="{y + h + 2}" width="116" height="27" /></bpmndi:BPMNLabel>')
        out.append('      </bpmndi:BPMNShape>')
    timer_ids = {t[0] for t in timers}
    for fid, src, tgt, name, *_ in flows:
        out.append(f'      <bpmndi:BPMNEdge id="{fid}_di" bpmnElement="{fid}">')
        points = timer_waypoints(bounds[src], bounds[tgt]) if src in timer_ids else waypoints(bounds[src], bounds[tgt])
        for px, py in points:
            out.append(f'        <di:waypoint x="{px}" y="{py}" />')
        if name and fid in labelled:
            # Beside the last bend, so the arrows of one decision keep their labels apart.
            (px, py) = points[-2] if len(points) > 2 else points[0]
            out.append(f'        <bpmndi:BPMNLabel><dc:Bounds x="{px + 4}" y="{py - 20}" width="90" height="14" /></bpmndi:BPMNLabel>')
        out.append('      </bpmndi:BPMNEdge>')
    out.append('    </bpmndi:BPMNPlane>')
    out.append('  </bpmndi:BPMNDiagram>')
    out.append('</bpmn:definitions>')
    return "\n".join(out) + "\n"


def _label_allowed(flow, kinds, outgoing, defaults):
    """True where bpmnlint accepts a flow label: a condition, a default, or a decision fork."""
    fid, src, _tgt, _name, cond, _d = flow
    decision = kinds.get(src) in ("exclusiveGateway", "inclusiveGateway") and len(outgoing.get(src, [])) > 1
    return bool(cond) or defaults.get(src) == fid or decision


def _slug(text):
    return "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")


if __name__ == "__main__":
    sys.stdout.write(render(runpy.run_path(sys.argv[1])))
