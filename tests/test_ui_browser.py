"""A real headless Chromium walks the step-up: EH manager sends it, MASH manager finds it in the tray."""
import os
import threading

import pytest
from werkzeug.serving import make_server

from service.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHILD = "Fictional Child Charlie"
EH_TEXT = "Fictional: health visitor found the home without heating; baby underweight at review."

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"no Chromium at {CHROMIUM} (install the Debian package 'chromium')", allow_module_level=True)


@pytest.fixture
def server(app):
    """The app served on a free local port from a daemon thread (it shares the file database)."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join()


@pytest.fixture
def page():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
            context.set_default_timeout(15000)
            yield context.new_page()
        finally:
            browser.close()


def sign_in(page, base, username):
    page.goto(base + "/")
    assert "/sign-in" in page.url  # signed-out visitors are sent to sign in
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work").wait_for()


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: STEPWISE_SCREENSHOT_DIR if set (to look at them), else a temp dir."""
    return os.environ.get("STEPWISE_SCREENSHOT_DIR") or str(tmp_path)


def test_eh_manager_steps_up_and_mash_manager_sees_it_in_the_tray(server, page, shots):
    sign_in(page, server, "camden-early-help-manager")

    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name="Open a new case").click()
    page.get_by_label("Child's name").fill(CHILD)
    date_of_birth = page.get_by_role("group", name="Date of birth", exact=True)
    date_of_birth.get_by_label("Day").fill("29")
    date_of_birth.get_by_label("Month").fill("2")
    date_of_birth.get_by_label("Year").fill("2024")
    page.get_by_label("Person ID").fill("P-3003")
    page.get_by_label("Family ID").fill("F-3003")
    page.get_by_label("Lead professional").fill("Demo Family Worker")
    page.get_by_role("button", name="Open case").click()
    page.get_by_role("heading", name=CHILD).wait_for()

    page.get_by_label("Start a pathway").select_option("camden/step_up_to_mash")
    page.get_by_role("button", name="Start pathway").click()
    page.get_by_role("link", name="Step Up to MASH", exact=True).click()

    page.get_by_label("CP", exact=True).check()
    page.get_by_label("Information for CSSW, if stepping up to MASH").fill(EH_TEXT)
    page.get_by_role("group", name="Is the child now at risk of significant harm").get_by_label("Yes").check()
    page.get_by_label("Why can the child's needs not be met by Early Help?").fill("Fictional: needs now statutory")
    page.get_by_role("group", name="Has stepping up been discussed with the family?").get_by_label(
        "Yes", exact=True).check()
    page.screenshot(path=os.path.join(shots, "task.png"), full_page=True)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check your answers").wait_for()
    page.get_by_role("button", name="Confirm and send").click()
    page.get_by_text("Next: MASH contact and referral (CSSW), with the MASH Manager.").wait_for()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()

    sign_in(page, server, "camden-mash-manager")
    row = page.get_by_role("row").filter(has_text=CHILD)
    assert row.count() == 1
    assert "MASH contact and referral (CSSW)" in row.inner_text()
    assert "P-3003" in row.inner_text()
    page.screenshot(path=os.path.join(shots, "tray.png"), full_page=True)

    row.get_by_role("link", name="MASH contact and referral (CSSW)").click()
    assert page.get_by_label("Further details about this contact").input_value() == EH_TEXT
