"""Server-side SVG rendering of a BPMN 2.0 diagram (its DI), with run state highlighted.

Pure: lxml and the standard library only. Pools, lanes, activities, events, gateways and
flows are drawn from BPMNShape/BPMNEdge; names come from the semantic elements whose id
the DI's ``bpmnElement`` points at. Each element is a ``<g class="el KIND STATE..."
data-element-id="ID">`` with a ``<title>``; states are CSS classes styled by an embedded
``<style>``. Text goes through lxml, so names from uploaded diagrams are always escaped.
"""
import math
import textwrap

from lxml import etree

MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
SVG = "http://www.w3.org/2000/svg"
MARGIN = 20
LEGEND_H = 30
INK = "#22242a"

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
.el.annotation .shape {{ fill: none; }}
.el .mark {{ fill: none; stroke: {INK}; stroke-width: 2.5; stroke-linecap: round; }}
.el.edge .line {{ fill: none; stroke: {INK}; stroke-width: 1.5; stroke-linejoin: round; }}
.el.message .line {{ stroke-dasharray: 8 5; }}
.el.association .line {{ stroke-dasharray: 2 4; }}
.el.edge .mark {{ stroke-width: 1.5; }}
text {{ fill: {INK}; }}
text.label {{ paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }}
"""
for _s, (_fill, _stroke, _width, _) in STATES.items():
    _w = f" stroke-width: {_width};" if _width else ""
    CSS += (f".el.{_s} .shape {{ fill: {_fill}; stroke: {_stroke};{_w} }}\n"
            f".el.{_s} .mark, .el.edge.{_s} .line {{ stroke: {_stroke}; }}\n"
            f".el.edge.{_s} .line {{ stroke-width: 2.5; }}\n"
            f".legend .lg-{_s} {{ fill: {_fill}; stroke: {_stroke}; stroke-width: 2; }}\n")


def _num(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _f(number):
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _el(parent, tag, text=None, **attrs):
    node = etree.SubElement(parent, f"{{{SVG}}}{tag}")
    for key, value in attrs.items():
        if value is not None:
            node.set(key.rstrip("_").replace("_", "-"),
                     _f(value) if isinstance(value, (int, float)) else str(value))
    if text is not None:
        node.text = text
    return node


def _wrap(text, width, size, max_lines=8):
    chars = max(4, int(width / (size * 0.55)))
    lines = [line for para in text.strip().splitlines() for line in textwrap.wrap(para, chars)]
    if len(lines) > max_lines:
        lines = lines[:max(1, max_lines)]
        lines[-1] = lines[-1][:chars - 1].rstrip() + "\u2026"
    return lines


def _text(parent, lines, x, y, size=12, top=False, rotate=False, cls=None):
    """Lines centred on x; centred on y, or starting at y when ``top``."""
    if not lines:
        return
    step = size * 1.2
    first = size * 0.9 if top else size * 0.35 - step * (len(lines) - 1) / 2
    node = _el(parent, "text", x=x, y=y, font_size=size, text_anchor="middle", class_=cls)
    if rotate:
        node.set("transform", f"rotate(-90 {_f(x)} {_f(y)})")
    for i, line in enumerate(lines):
        _el(node, "tspan", line, x=x, dy=first if i == 0 else step)


def _bounds(node, label=False):
    path = f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds" if label else f"{{{DC}}}Bounds"
    found = node.find(path)
    if found is None:
        return None
    return tuple(_num(found.get(k)) for k in ("x", "y", "width", "height"))


def _kind(node):
    tag = etree.QName(node).localname if node is not None else ""
    if tag in ("participant", "lane"):
        return "pool" if tag == "participant" else "lane"
    if tag.endswith("Event"):
        return "event"
    if tag.endswith("Gateway"):
        return "gateway"
    if tag.lower().endswith(("task", "subprocess")) or tag in ("callActivity", "transaction"):
        return "activity"
    return "annotation" if tag == "textAnnotation" else "other"


def _clock(g, cx, cy, r):
    _el(g, "circle", cx=cx, cy=cy, r=r, class_="mark", stroke_width=1.5)
    for angle in range(0, 360, 30):
        a = math.radians(angle)
        _el(g, "line", x1=cx + r * 0.8 * math.cos(a), y1=cy + r * 0.8 * math.sin(a),
            x2=cx + r * math.cos(a), y2=cy + r * math.sin(a), class_="mark", stroke_width=1)
    _el(g, "polyline", points=f"{_f(cx)},{_f(cy - r * 0.7)} {_f(cx)},{_f(cy)} "
        f"{_f(cx + r * 0.5)},{_f(cy)}", class_="mark", stroke_width=1.5)


def _external_label(g, shape, name, x, y, w, h):
    lb = _bounds(shape, label=True)
    if lb:
        lines = _wrap(name, max(lb[2], 90), 11)
        _text(g, lines, lb[0] + lb[2] / 2, lb[1], 11, top=True, cls="label")
    else:
        _text(g, _wrap(name, 100, 11), x + w / 2, y + h + 5, 11, top=True, cls="label")


def _draw_shape(g, shape, sem, kind, box):
    x, y, w, h = box
    name = (sem.get("name") or "") if sem is not None else ""
    tag = etree.QName(sem).localname if sem is not None else ""
    cx, cy = x + w / 2, y + h / 2
    if kind in ("pool", "lane"):
        _el(g, "rect", x=x, y=y, width=w, height=h, class_="shape")
        if shape.get("isHorizontal") == "false":
            if kind == "pool":
                _el(g, "line", x1=x, y1=y + 30, x2=x + w, y2=y + 30, class_="divider")
            _text(g, _wrap(name, w - 10, 12, 2), cx, y + 15)
        else:
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
            _el(g, "circle", cx=cx, cy=cy, r=max(r - 3.5, 1), class_="shape", fill="none")
        if sem is not None and sem.find(f"{{{MODEL}}}timerEventDefinition") is not None:
            _clock(g, cx, cy, r * 0.55)
        _external_label(g, shape, name, x, y, w, h)
    elif kind == "gateway":
        _el(g, "polygon", class_="shape", points=" ".join(
            f"{_f(px)},{_f(py)}" for px, py in ((cx, y), (x + w, cy), (cx, y + h), (x, cy))))
        d = w * 0.16
        cross, plus = [(-d, -d, d, d), (-d, d, d, -d)], [(0, -d, 0, d), (-d, 0, d, 0)]
        plus = [tuple(v * 1.4 for v in line) for line in plus]
        marks = {"exclusiveGateway": cross, "parallelGateway": plus, "complexGateway": cross + plus}
        if shape.get("isMarkerVisible") == "false":
            marks = {}
        for x1, y1, x2, y2 in marks.get(tag, []):
            _el(g, "line", x1=cx + x1, y1=cy + y1, x2=cx + x2, y2=cy + y2, class_="mark")
        if tag in ("inclusiveGateway", "eventBasedGateway"):
            _el(g, "circle", cx=cx, cy=cy, r=w * 0.24, class_="mark")
        _external_label(g, shape, name, x, y, w, h)
    elif kind == "annotation":
        text = sem.findtext(f"{{{MODEL}}}text") or ""
        _el(g, "path", d=f"M{_f(x + 12)},{_f(y)} H{_f(x)} V{_f(y + h)} H{_f(x + 12)}", class_="shape")
        _text(g, _wrap(text, w - 8, 11, int(h / 13.2) or 1), cx, cy, 11)
    else:
        _el(g, "rect", x=x, y=y, width=w, height=h, class_="shape")
        _external_label(g, shape, name, x, y, w, h)


def _draw_edge(g, edge, sem, kind, states_here, semantic):
    pts = [(_num(w.get("x")), _num(w.get("y"))) for w in edge.iter(f"{{{DI}}}waypoint")]
    if len(pts) < 2:
        return
    arrow = "bpmn-arrow" + (f"-{states_here[-1]}" if states_here else "")
    _el(g, "polyline", points=" ".join(f"{_f(px)},{_f(py)}" for px, py in pts), class_="line",
        marker_end=f"url(#{arrow})" if kind != "association" else None)
    (x0, y0), (x1, y1) = pts[0], pts[1]
    length = math.hypot(x1 - x0, y1 - y0) or 1
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    source = semantic.get(sem.get("sourceRef")) if sem is not None else None
    if kind == "sequence" and source is not None and source.get("default") == sem.get("id"):
        mx, my = x0 + dx * 12, y0 + dy * 12
        _el(g, "line", x1=mx - 5 * dx + 5 * dy, y1=my - 5 * dy - 5 * dx,
            x2=mx + 5 * dx - 5 * dy, y2=my + 5 * dy + 5 * dx, class_="mark")
    elif (kind == "sequence" and _kind(source) == "activity"
          and sem.find(f"{{{MODEL}}}conditionExpression") is not None):
        diamond = [(0, 0), (8, 5), (16, 0), (8, -5), (0, 0)]
        _el(g, "polygon", class_="shape", points=" ".join(
            f"{_f(x0 + dx * a - dy * b)},{_f(y0 + dy * a + dx * b)}" for a, b in diamond))
    name = (sem.get("name") or "") if sem is not None else ""
    lb = _bounds(edge, label=True)
    if lb:
        _text(g, _wrap(name, max(lb[2], 90), 11), lb[0] + lb[2] / 2, lb[1], 11, True, cls="label")
    elif name:
        i = (len(pts) - 1) // 2
        mx, my = (pts[i][0] + pts[i + 1][0]) / 2, (pts[i][1] + pts[i + 1][1]) / 2
        _text(g, _wrap(name, 90, 11), mx, my + 4, 11, top=True, cls="label")


def render_svg(bpmn_bytes, completed=(), active=(), fired=(), overdue=()):
    """Render a BPMN 2.0 document's diagram as a standalone SVG string with run state classes."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_pis=True)
    try:
        root = etree.fromstring(bpmn_bytes, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not a readable BPMN document: {exc}") from exc
    semantic = {}
    for node in root.iter():
        if isinstance(node.tag, str) and node.get("id") and \
                etree.QName(node).namespace not in (BPMNDI, DC, DI):
            semantic.setdefault(node.get("id"), node)
    given = {"completed": completed, "active": active, "fired": fired, "overdue": overdue}
    states = {s: {given[s]} if isinstance(given[s], str) else set(map(str, given[s]))
              for s in STATES}
    plane = root.find(f".//{{{BPMNDI}}}BPMNPlane")
    shapes = [] if plane is None else list(plane.iter(f"{{{BPMNDI}}}BPMNShape"))
    edges = [] if plane is None else list(plane.iter(f"{{{BPMNDI}}}BPMNEdge"))

    xs, ys = [], []
    for node in shapes + edges:
        for box in (_bounds(node), _bounds(node, label=True)):
            if box:
                xs += [box[0], box[0] + box[2]]
                ys += [box[1], box[1] + box[3]]
        for wp in node.iter(f"{{{DI}}}waypoint"):
            xs.append(_num(wp.get("x")))
            ys.append(_num(wp.get("y")))
    min_x, max_x = (min(xs), max(xs)) if xs else (0, 300)
    min_y, max_y = (min(ys), max(ys)) if ys else (0, 40)
    legend_w = sum(34 + len(v[3]) * 6.5 for v in STATES.values())
    width = max(max_x - min_x + 2 * MARGIN, legend_w + 2 * MARGIN)
    height = max_y - min_y + 2 * MARGIN + LEGEND_H
    svg = etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG})
    for key, value in (("class", "bpmn"), ("role", "img"), ("width", _f(width)),
                       ("height", _f(height)), ("viewBox", " ".join(_f(v) for v in (
                           min_x - MARGIN, min_y - MARGIN, width, height)))):
        svg.set(key, value)
    _el(svg, "title", next((n.get("name") for n in root.iter(
        f"{{{MODEL}}}participant", f"{{{MODEL}}}process") if n.get("name")), "BPMN diagram"))
    _el(svg, "style", CSS)
    defs = _el(svg, "defs")
    for suffix, colour in [("", INK)] + [(f"-{s}", v[1]) for s, v in STATES.items()]:
        marker = _el(defs, "marker", id=f"bpmn-arrow{suffix}", viewBox="0 0 10 10", refX=9,
                     refY=5, markerWidth=11, markerHeight=11, markerUnits="userSpaceOnUse",
                     orient="auto")
        _el(marker, "path", d="M0,0 L10,5 L0,10 z", fill=colour)
    if not shapes and not edges:
        _text(svg, ["No diagram layout in this file"], 150, 20)

    layers = {"containers": _el(svg, "g"), "edges": _el(svg, "g"), "nodes": _el(svg, "g")}
    for node in shapes + edges:
        element_id = node.get("bpmnElement") or ""
        sem = semantic.get(element_id)
        tag = etree.QName(sem).localname if sem is not None else ""
        is_edge = node.tag == f"{{{BPMNDI}}}BPMNEdge"
        kind = _kind(sem)
        here = [s for s in STATES if element_id in states[s]]
        extra = {"endEvent": "end", "callActivity": "call", "sequenceFlow": "sequence",
                 "messageFlow": "message"}.get(tag, "association" if is_edge else "")
        if sem is not None and sem.get("cancelActivity") == "false":
            extra = "noninterrupting"
        container = kind in ("pool", "lane") or node.get("isExpanded") == "true"
        layer = layers["edges" if is_edge else "containers" if container else "nodes"]
        classes = ["el", "edge" if is_edge else kind, extra] + here
        g = _el(layer, "g", class_=" ".join(c for c in classes if c), data_element_id=element_id)
        label = (sem.get("name") if sem is not None else "") or f"{tag} {element_id}".strip()
        state_text = ", ".join(STATES[s][3].lower() for s in here)
        _el(g, "title", f"{label} ({state_text})" if here else label)
        if is_edge:
            _draw_edge(g, node, sem, extra, here, semantic)
        elif (box := _bounds(node)) is not None:
            _draw_shape(g, node, sem, kind, box)

    legend = _el(svg, "g", class_="legend")
    lx, ly = min_x, max_y + MARGIN
    for s, (_, _, _, text) in STATES.items():
        _el(legend, "rect", x=lx, y=ly, width=18, height=12, rx=3, class_=f"lg-{s}")
        _el(legend, "text", text, x=lx + 24, y=ly + 10, font_size=11)
        lx += 34 + len(text) * 6.5
    return etree.tostring(svg, encoding="unicode")
