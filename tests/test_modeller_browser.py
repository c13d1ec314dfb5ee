"""The admin modeller in a real Chromium: open a version, edit it, see problems live, deploy it."""
from service.diagrams import catalog
from browser_helpers import browser, page, server, sign_in  # noqa: F401 (fixtures)

PATHWAY = "camden/step_up_to_mash"


def open_modeller(page, base, app):
    with app.app_context():
        version = catalog.current_version(PATHWAY)
    page.goto(f"{base}/admin/")
    link = page.locator(f"#pathway-camden-step_up_to_mash a[href='/admin/versions/{version.id}/modeller']")
    assert link.inner_text().startswith("Edit in the modeller")
    link.click()
    page.locator("#modeller-canvas[data-ready='true']").wait_for()
    return version.number


def shape(page, element_id):
    return page.locator(f"#modeller-canvas .djs-shape[data-element-id='{element_id}']").first


def test_a_change_made_in_the_modeller_deploys_as_a_new_version(app, server, page):  # noqa: F811
    sign_in(page, server, "demo-admin")
    number = open_modeller(page, server, app)
    status = page.locator("#modeller-status")
    status.filter(has_text="No problems").wait_for()

    shape(page, "write_summary").dblclick()  # bpmn-js's direct editing of the label
    page.keyboard.press("Control+A")
    page.keyboard.type("Write the summary for MASH")
    page.keyboard.press("Enter")
    status.filter(has_text="No problems").wait_for()
    page.get_by_role("button", name="Deploy as a new version").click()

    page.get_by_text(f"{PATHWAY}: deployed as version {number + 1}").wait_for()
    with app.app_context():
        newest = catalog.current_version(PATHWAY)
        assert newest.number == number + 1
        assert 'name="Write the summary for MASH"' in next(iter(newest.files.values()))


def test_a_broken_diagram_shows_its_problems_and_is_refused_with_the_element_id(app, server, page):  # noqa: F811
    sign_in(page, server, "demo-admin")
    number = open_modeller(page, server, app)
    page.locator("#modeller-status").filter(has_text="No problems").wait_for()

    shape(page, "write_summary").click()  # select it, then delete it from the keyboard
    page.keyboard.press("Delete")
    live = page.locator("#modeller-problems li.problem")
    live.first.wait_for()
    named = [i for i in live.evaluate_all("items => items.map(li => li.dataset.elementId)") if i]
    assert named, "the live problems name the elements"
    page.locator("#modeller-status").filter(has_text="would not deploy").wait_for()

    page.get_by_role("button", name="Deploy as a new version").click()
    page.get_by_role("heading", name="was not deployed").wait_for()
    refused = page.locator(".problem-list li.problem").evaluate_all(
        "items => items.map(li => [li.dataset.elementId, li.textContent])")
    assert any(element_id in named and "Line " in text for element_id, text in refused), refused
    with app.app_context():
        assert catalog.current_version(PATHWAY).number == number  # the deployed version is kept
