"""Server-side SVG rendering of a BPMN 2.0 diagram (its DI), with run state highlighted.

Pure (lxml and stdlib). Each DI element becomes ``<g class="el KIND STATE..."
data-element-id="ID">`` with a ``<title>``, styled by an embedded ``<style>``; external
labels sit in a top layer as ``<g data-label-for="ID">``. lxml escapes all text.
"""
import math
import textwrap

from lxml import etree

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
SVG = "http://www.w3.org/2000/svg"
MARGIN, LEGEND_H, INK = 20, 30, "#22242a"

# state -> (fill, stroke, stroke width or None, legend text). Later states win on overlap.
STATES = {
    "completed": ("#e3f3e6", "#2e7d32", None, "Completed"),
    "fired": ("#fff0dc", "#e8710a", 3, "Timer fired"),
    "active": ("#e1edff", "#1558b0", 4, "Current"),
    "overdue": ("#fde8e6", "#c62828", 4, "Overdue"),
}

CSS = f"""svg.bpmn {{ font-family: Arial, Helvetica, sans-serif; background: #fff; }}
.el .shape {{ fill: #fff; stroke: {INK}; stroke-width: 2; }}
.el.pool .shape, .el.lane .shape {{ fill: none; stroke: #5f6368; stroke-width: 1.5; }}
.el .divider {{ stroke: #5f6368; stroke-width: 1.5; }}
.el.end .shape, .el.call .shape {{ stroke-width: 4; }}
.el.noninterrupting .shape {{ stroke-dasharray: 5 3; }}
.el .mark {{ fill: none; stroke: {INK}; stroke-width: 2.5; stroke-linecap: round; }}
.el .ring {{ fill: none; stroke: {INK}; stroke-width: 1.5; }}
.el.edge .line {{ fill: none; stroke: {INK}; stroke-width: 1.5; stroke-linejoin: round; }}
.el.message .line {{ stroke-dasharray: 8 5; }}
.el.association .line {{ stroke-dasharray: 2 4; }}
.el.edge .mark {{ stroke-width: 1.5; }}
text {{ fill: {INK}; }}
.label text {{ paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }}
"""
for _s, (_fill, _stroke, _width, _) in STATES.items():
    _w = f" stroke-width: {_width};" if _width else ""
    CSS += (f".el.{_s} .shape {{ fill: {_fill}; stroke: {_stroke};{_w} }}\n"
            f".el.{_s} .mark, .el.{_s} .ring, .el.edge.{_s} .line {{ stroke: {_stroke}; }}\n"
            f".el.edge.{_s} .line {{ stroke-width: 2.5; }}\n"
            f".legend .lg-{_s} {{ fill: {_fill}; stroke: {_stroke}; stroke-width: 2; }}\n")


def _num(value):
    try:
        return float(value) if math.isfinite(float(value)) else 0.0
    except (TypeError, ValueError):
        return 0.0


def _f(number):
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _pts(points):
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in points)


def _el(parent, tag, text=None, **attrs):
    node = etree.SubElement(parent, f"{{{SVG}}}{tag}")
    for key, value in attrs.items():
        if value is not None:
            node.set(key.rstrip("_").replace("_", "-"),
                     _f(value) if isinstance(value, (int, float)) else str(value))
    node.text = text
    return node


def _wrap(text, width, size, max_lines=8):
    chars = max(4, int(width / (size * 0.55)))
    lines = [line for para in text.strip().splitlines() for line in textwrap.wrap(para, chars)]
    if len(lines) > max_lines:
        lines = lines[:max(1, max_lines)]
        lines[-1] = lines[-1][:chars - 1].rstrip() + "\u2026"
    return lines


def _text(parent, lines, x, y, size=12, top=False, rotate=False):
    """Lines centred on x; centred on y, or starting at y when ``top``."""
    if not lines:
        return
    step = size * 1.2
    first = size * 0.9 if top else size * 0.35 - step * (len(lines) - 1) / 2
    node = _el(parent, "text", x=x, y=y, font_size=size, text_anchor="middle")
    if rotate:
        node.set("transform", f"rotate(-90 {_f(x)} {_f(y)})")
    for i, line in enumerate(lines):
        _el(node, "tspan", line, x=x, dy=first if i == 0 else step)


def _bounds(node, label=False):
    found = node.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds" if label else f"{{{DC}}}Bounds")
    keys = ("x", "y", "width", "height")
    return None if found is None else tuple(_num(found.get(k)) for k in keys)


def _kind(tag):
    if tag.endswith(("Event", "Gateway")):
        return "event" if tag.endswith("Event") else "gateway"
    if tag.lower().endswith(("task", "subprocess")) or tag in ("callActivity", "transaction"):
        return "activity"
    return {"participant": "pool", "lane": "lane"}.get(tag, "other")


def _label(parent, di, name, x, y):
    """An external label: in the DI's BPMNLabel bounds if given, else top-centred at (x, y)."""
    lb = _bounds(di, label=True)
    if lb:
        x, y = lb[0] + lb[2] / 2, lb[1]
    _text(parent, _wrap(name, max(lb[2] if lb else 0, 110), 11), x, y, 11, top=True)


def _draw_shape(g, lab, shape, tag, name, sem, box):
    x, y, w, h = box
    cx, cy, kind = x + w / 2, y + h / 2, _kind(tag)
    if kind in ("pool", "lane"):
        _el(g, "rect", x=x, y=y, width=w, height=h, class_="shape")
        if kind == "pool":
            _el(g, "line", x1=x + 30, y1=y, x2=x + 30, y2=y + h, class_="divider")
        _text(g, _wrap(name, h - 10, 12, 2), x + 15, cy, rotate=True)
    elif kind == "activity":
        _el(g, "rect", x=x, y=y, width=w, height=h, rx=10, ry=10, class_="shape")
        if shape.get("isExpanded") == "true":
            _text(g, _wrap(name, w - 12, 12, 2), cx, y + 6, top=True)
        else:
            _text(g, _wrap(name, w - 10, 12, max(1, int((h - 6) / 14.4))), cx, cy)
    elif kind == "event":
        r = min(w, h) / 2
        _el(g, "circle", cx=cx, cy=cy, r=r, class_="shape")
        if tag.startswith("intermediate") or tag == "boundaryEvent":
            _el(g, "circle", cx=cx, cy=cy, r=max(r - 3.5, 1), class_="ring")
        if sem.find(f"{{{MODEL}}}timerEventDefinition") is not None:  # clock: face, ticks, hands
            rc = r * 0.55
            _el(g, "circle", cx=cx, cy=cy, r=rc, class_="mark", stroke_width=1.5)
            for a in (math.radians(deg) for deg in range(0, 360, 30)):
                _el(g, "line", x1=cx + rc * 0.75 * math.cos(a), y1=cy + rc * 0.75 * math.sin(a),
                    x2=cx + rc * math.cos(a), y2=cy + rc * math.sin(a), class_="mark",
                    stroke_width=1)
            _el(g, "polyline", points=_pts([(cx, cy - rc * 0.7), (cx, cy), (cx + rc * 0.5, cy)]),
                class_="mark", stroke_width=1.5)
        _label(lab, shape, name, cx, y + h + 5)
    elif kind == "gateway":
        _el(g, "polygon", points=_pts([(cx, y), (x + w, cy), (cx, y + h), (x, cy)]),
            class_="shape")
        d, p = w * 0.16, w * 0.22
        marks = {"exclusiveGateway": [(-d, -d, d, d), (-d, d, d, -d)],
                 "parallelGateway": [(0, -p, 0, p), (-p, 0, p, 0)]}
        for x1, y1, x2, y2 in marks.get(tag, []) if shape.get("isMarkerVisible") != "false" else []:
            _el(g, "line", x1=cx + x1, y1=cy + y1, x2=cx + x2, y2=cy + y2, class_="mark")
        if tag in ("inclusiveGateway", "eventBasedGateway"):
            _el(g, "circle", cx=cx, cy=cy, r=w * 0.24, class_="mark")
        _label(lab, shape, name, cx, y + h + 5)
    else:
        _el(g, "rect", x=x, y=y, width=w, height=h, class_="shape")
        _label(lab, shape, name or sem.findtext(f"{{{MODEL}}}text") or "", cx, y + h + 5)


def _draw_edge(g, lab, edge, sem, kind, name, here, semantic):
    pts = [(_num(w.get("x")), _num(w.get("y"))) for w in edge.iter(f"{{{DI}}}waypoint")]
    if len(pts) < 2:
        return
    arrow = "bpmn-arrow" + (f"-{here[-1]}" if here else "")
    _el(g, "polyline", points=_pts(pts), class_="line",
        marker_end=f"url(#{arrow})" if kind != "association" else None)
    source = semantic.get(sem.get("sourceRef"))
    if kind == "sequence" and source is not None and source.get("default") == sem.get("id"):
        (x0, y0), (x1, y1) = pts[0], pts[1]
        length = math.hypot(x1 - x0, y1 - y0) or 1
        dx, dy = (x1 - x0) / length, (y1 - y0) / length
        mx, my = x0 + dx * 12, y0 + dy * 12  # the default-flow slash
        _el(g, "line", x1=mx - 5 * dx + 5 * dy, y1=my - 5 * dy - 5 * dx,
            x2=mx + 5 * dx - 5 * dy, y2=my + 5 * dy + 5 * dx, class_="mark")
    i = (len(pts) - 1) // 2
    _label(lab, edge, name, (pts[i][0] + pts[i + 1][0]) / 2, (pts[i][1] + pts[i + 1][1]) / 2 + 4)


def render_svg(bpmn_bytes, completed=(), active=(), fired=(), overdue=()):
    """Render a BPMN 2.0 document's diagram as a standalone SVG string with run state classes."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_pis=True)
    try:
        root = etree.fromstring(bpmn_bytes, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not a readable BPMN document: {exc}") from exc
    semantic = {n.get("id"): n for n in reversed(list(root.iter(etree.Element)))  # first wins
                if n.get("id") and etree.QName(n).namespace not in (BPMNDI, DC, DI)}
    given = {"completed": completed, "active": active, "fired": fired, "overdue": overdue}
    states = {s: {given[s]} if isinstance(given[s], str) else set(map(str, given[s]))
              for s in STATES}
    plane = root.find(f".//{{{BPMNDI}}}BPMNPlane")
    diagram = [] if plane is None else [
        n for n in plane.iter(f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge")]

    xs, ys = [], []
    for node in diagram:
        for box in (_bounds(node), _bounds(node, label=True)):
            if box:
                xs += [box[0], box[0] + box[2]]
                ys += [box[1], box[1] + box[3]]
        tag = etree.QName(semantic.get(node.get("bpmnElement"), "x")).localname
        if (shape := _bounds(node)) and box is None and _kind(tag) in ("event", "gateway", "other"):
            ys.append(shape[1] + shape[3] + 40)  # room for the label drawn under the shape
        for wp in node.iter(f"{{{DI}}}waypoint"):
            xs.append(_num(wp.get("x")))
            ys.append(_num(wp.get("y")))
    min_x, max_x = (min(xs), max(xs)) if xs else (0, 300)
    min_y, max_y = (min(ys), max(ys)) if ys else (0, 40)
    legend_w = sum(36 + len(v[3]) * 5.8 for v in STATES.values())
    width = max(max_x - min_x, legend_w) + 2 * MARGIN
    height = max_y - min_y + 2 * MARGIN + LEGEND_H
    box = " ".join(_f(v) for v in (min_x - MARGIN, min_y - MARGIN, width, height))
    svg = etree.Element(f"{{{SVG}}}svg", {"class": "bpmn", "role": "img", "width": _f(width),
                        "height": _f(height), "viewBox": box}, nsmap={None: SVG})
    _el(svg, "title", next((n.get("name") for n in root.iter(
        f"{{{MODEL}}}participant", f"{{{MODEL}}}process") if n.get("name")), "BPMN diagram"))
    _el(svg, "style", CSS)
    defs = _el(svg, "defs")
    for suffix, colour in [("", INK)] + [(f"-{s}", v[1]) for s, v in STATES.items()]:
        _el(_el(defs, "marker", id=f"bpmn-arrow{suffix}", viewBox="0 0 10 10", refX=9, refY=5,
                markerWidth=11, markerHeight=11, markerUnits="userSpaceOnUse", orient="auto"),
            "path", d="M0,0 L10,5 L0,10 z", fill=colour)
    if not diagram:
        _text(svg, ["No diagram layout in this file"], 150, 20)

    layers = {n: _el(svg, "g", class_=n) for n in ("containers", "nodes", "edges", "label")}
    for node in diagram:
        element_id = node.get("bpmnElement") or ""
        sem = semantic.get(element_id, etree.Element("missing"))
        tag, name = etree.QName(sem).localname, sem.get("name") or ""
        is_edge = node.tag == f"{{{BPMNDI}}}BPMNEdge"
        kind = "edge" if is_edge else _kind(tag)
        here = [s for s in STATES if element_id in states[s]]
        extra = {"endEvent": "end", "callActivity": "call", "sequenceFlow": "sequence",
                 "messageFlow": "message"}.get(tag, "association" if is_edge else "")
        if sem.get("cancelActivity") == "false":
            extra = "noninterrupting"
        container = kind in ("pool", "lane") or node.get("isExpanded") == "true"
        layer = layers["edges" if is_edge else "containers" if container else "nodes"]
        g = _el(layer, "g", class_=" ".join(c for c in ["el", kind, extra] + here if c),
                data_element_id=element_id)
        label = name or f"{tag} {element_id}"
        state_text = ", ".join(STATES[s][3].lower() for s in here)
        _el(g, "title", f"{label} ({state_text})" if here else label)
        lab = _el(layers["label"], "g", data_label_for=element_id)
        if is_edge:
            _draw_edge(g, lab, node, sem, extra, name, here, semantic)
        elif (box := _bounds(node)) is not None:
            _draw_shape(g, lab, node, tag, name, sem, box)
        if len(lab) == 0:
            layers["label"].remove(lab)

    legend = _el(svg, "g", class_="legend")
    lx, ly = min_x, max_y + MARGIN
    for s, (_, _, _, text) in STATES.items():
        _el(legend, "rect", x=lx, y=ly, width=18, height=12, rx=3, class_=f"lg-{s}")
        _el(legend, "text", text, x=lx + 24, y=ly + 10, font_size=11)
        lx += 36 + len(text) * 5.8
    return etree.tostring(svg, encoding="unicode")
