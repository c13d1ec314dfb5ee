"""Shared by the browser tests: the app on a real port, headless Chromium, and signing in.

A test module that imports this is skipped whole when Playwright's Python package or the
Debian Chromium is missing, so the rest of the suite still runs on a machine without them.
"""
import os
import threading

import pytest
from werkzeug.serving import make_server

from service.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP, PHONE = 1280, 375

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
def browser():
    """One headless Chromium for the test; each person gets their own context from new_page."""
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(browser, width=DESKTOP, height=900):
    """A fresh page (its own cookies) in a window ``width`` pixels wide, in British English."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    context.set_default_timeout(15000)
    return context.new_page()


@pytest.fixture
def page(browser):
    """A desktop-width page for tests that walk as one person at a time."""
    return new_page(browser)


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: STEPWISE_SCREENSHOT_DIR if set (to look at them), else a temp dir."""
    return os.environ.get("STEPWISE_SCREENSHOT_DIR") or str(tmp_path)


def sign_in(page, base, username):
    """Sign a demo user in from the front door and wait for their tray."""
    page.goto(base + "/")
    assert "/sign-in" in page.url  # signed-out visitors are sent to sign in
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="My work").wait_for()
