"""The case's diagram in a real Chromium: drawn by bpmn-js, progress marked, keyboard-operable."""
from bpmn_variants import new_case_on_pathway, send_step_up
from browser_helpers import browser, page, server, sign_in  # noqa: F401 (fixtures)


def marker_classes(page, element_id):
    return page.locator(f".app-bpmn-canvas [data-element-id='{element_id}']").first.get_attribute("class")


def test_bpmn_js_draws_the_diagram_with_the_cases_progress(as_user, server, page):  # noqa: F811
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    case_id, instance_id, _ = new_case_on_pathway(as_user, name="Fictional Child Golf")
    send_step_up(as_user, case_id)
    sign_in(page, server, "camden-early-help-manager")
    page.goto(f"{server}/cases/{case_id}/pathways/{instance_id}/diagram")
    page.locator(".app-bpmn-canvas[data-ready='true']").wait_for()

    assert page.locator(".app-diagram").is_hidden()  # the server's drawing gives way to bpmn-js
    assert "app-bpmn-completed" in marker_classes(page, "send_step_up_to_mash")
    assert "app-bpmn-completed" in marker_classes(page, "flow_step_up_sent")
    current = marker_classes(page, "mash_contact_and_referral")
    assert "app-bpmn-active" in current and "app-bpmn-completed" not in current
    for later in ("write_summary", "mash_manager_decision"):
        assert "app-bpmn-" not in marker_classes(page, later), later
    assert not [e for e in errors if "Content Security Policy" in e], errors

    # The current step is in view: its centre is inside the canvas.
    canvas = page.locator(".app-bpmn-canvas").bounding_box()
    step = page.locator(".app-bpmn-canvas [data-element-id='mash_contact_and_referral']").first.bounding_box()
    centre = (step["x"] + step["width"] / 2, step["y"] + step["height"] / 2)
    assert canvas["x"] < centre[0] < canvas["x"] + canvas["width"]
    assert canvas["y"] < centre[1] < canvas["y"] + canvas["height"]

    # Keyboard: Tab reaches the drawing; arrow keys move it; + zooms in.
    drawing = page.get_by_role("img", name="the pathway's diagram", exact=False)
    for _ in range(40):
        page.keyboard.press("Tab")
        if drawing.evaluate("svg => svg === document.activeElement"):
            break
    assert drawing.evaluate("svg => svg === document.activeElement")
    viewport = page.locator(".app-bpmn-canvas .viewport").first
    before = viewport.get_attribute("transform")
    page.keyboard.press("ArrowRight")
    moved = viewport.get_attribute("transform")
    assert moved != before
    page.keyboard.press("+")
    assert viewport.get_attribute("transform") != moved
