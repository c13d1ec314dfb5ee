"""Security headers on every page and API answer, the session cookie's flags, HSTS, no HTTPS redirect."""
import base64
import hashlib
import os
import re
import threading
from pathlib import Path

import lxml.html
import pytest
from bpmn_variants import new_case_on_pathway, signed_in
from werkzeug.serving import make_server

from service import create_app
from service.demo import DEMO_PASSWORD
from service.security import SecuritySettingError

EH = "camden-early-help-manager"
TEMPLATES = Path(__file__).resolve().parent.parent / "service" / "templates"
CHEAP_HASHES = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}


def csp(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    return {part.split()[0]: part.split()[1:] for part in response.headers["Content-Security-Policy"].split(";")
            if part.strip()}


def assert_protected(response):
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers  # plain http: HSTS means nothing here


def test_pages_that_show_a_child_carry_every_header(app, as_user):
    case_id, instance_id, _ = new_case_on_pathway(as_user)
    browser = signed_in(app, EH)
    for url in ("/", f"/cases/{case_id}", f"/cases/{case_id}/pathways/{instance_id}/diagram",
                f"/cases/{case_id}/pathways/{instance_id}/diagram.svg"):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert_protected(response)
    assert_protected(app.test_client().get("/sign-in"))
    assert_protected(browser.get("/no-such-page"))


def test_json_api_answers_carry_the_headers_too(app, as_user):
    case_id, _, _ = new_case_on_pathway(as_user)
    assert_protected(as_user(EH).get(f"/api/v1/cases/{case_id}"))
    assert_protected(app.test_client().get("/api/v1/tasks"))  # 401 too


def test_the_stylesheet_may_be_cached(app):
    response = app.test_client().get("/static/build/stepwise.css")
    assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")


def test_the_csp_allows_the_diagram_style_by_its_hash_and_nothing_else_inline(app, as_user):
    case_id, instance_id, _ = new_case_on_pathway(as_user)
    response = signed_in(app, EH).get(f"/cases/{case_id}/pathways/{instance_id}/diagram")
    [style] = lxml.html.fromstring(response.data).xpath("//*[local-name()='svg']/*[local-name()='style']")
    digest = base64.b64encode(hashlib.sha256(style.text.encode()).digest()).decode()
    assert csp(response)["style-src"] == ["'self'", f"'sha256-{digest}'"]


# Scripts come only from files the CSP allows (script-src self): <script src=…>, never inline code.
def test_templates_hold_no_inline_style_or_script():
    offending = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        for pattern in (r"\sstyle\s*=", r"<style", r"<script(?![^>]*\ssrc=)", r"\son[a-z]+\s*=", r"javascript:"):
            if re.search(pattern, text, re.IGNORECASE):
                offending.append(f"{path.name}: {pattern}")
    assert offending == []


@pytest.fixture
def live_app(app, clock):
    """Built as a council's server is: no TESTING, no demo (same database as ``app``)."""
    def build(**extra):
        return create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "NOW": clock,
                           "SCHEDULER_ENABLED": False, "WTF_CSRF_ENABLED": False,
                           "PASSWORD_HASHER_PARAMS": CHEAP_HASHES, **extra})
    return build


def session_cookie(response):
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")}


def test_a_live_server_marks_the_session_cookie_secure_and_never_redirects_to_https(live_app):
    client = live_app().test_client()
    assert client.get("/sign-in").status_code == 200  # TLS ends at the council's proxy: no redirect here
    signed = client.post("/sign-in", data={"username": EH, "password": DEMO_PASSWORD},
                         base_url="https://stepwise.example.invalid")
    assert signed.status_code == 302
    flags = session_cookie(signed)
    assert "secure" in flags and "httponly" in flags and flags["samesite"] == "SameSite=Lax"


def test_tests_and_the_demo_run_on_plain_http_without_secure_cookies(app, live_app):
    flags = session_cookie(app.test_client().post("/sign-in", data={"username": EH, "password": DEMO_PASSWORD}))
    assert "secure" not in flags and "httponly" in flags and flags["samesite"] == "SameSite=Lax"
    assert live_app(DEMO=True).config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("value, secure", [("off", False), ("on", True), ("0", False), ("true", True)])
def test_the_secure_flag_is_a_setting(live_app, monkeypatch, value, secure):
    monkeypatch.setenv("STEPWISE_COOKIE_SECURE", value)
    assert live_app().config["SESSION_COOKIE_SECURE"] is secure
    assert live_app(DEMO=True).config["SESSION_COOKIE_SECURE"] is secure


def test_a_setting_that_cannot_be_read_stops_start_up(live_app, monkeypatch):
    monkeypatch.setenv("STEPWISE_COOKIE_SECURE", "sometimes")
    with pytest.raises(SecuritySettingError, match="STEPWISE_COOKIE_SECURE must be on or off"):
        live_app()


def test_hsts_is_sent_over_https_only_and_can_be_changed_or_turned_off(live_app, monkeypatch):
    client = live_app().test_client()
    assert client.get("/sign-in", base_url="https://stepwise.example.invalid").headers[
        "Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers
    monkeypatch.setenv("STEPWISE_HSTS_SECONDS", "600")
    assert live_app().test_client().get("/sign-in", base_url="https://x.invalid").headers[
        "Strict-Transport-Security"] == "max-age=600"
    monkeypatch.setenv("STEPWISE_HSTS_SECONDS", "0")
    assert "Strict-Transport-Security" not in live_app().test_client().get(
        "/sign-in", base_url="https://x.invalid").headers


# --- In a real browser: the policy blocks nothing the pages need ------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")
def test_chromium_reports_no_policy_violation_and_draws_the_styled_diagram(app, as_user):
    sync_api = pytest.importorskip("playwright.sync_api")
    case_id, instance_id, _ = new_case_on_pathway(as_user)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.set_default_timeout(15000)
                complaints = []
                page.on("console", lambda message: complaints.append(message.text))
                page.goto(base + "/sign-in")
                page.get_by_label("Username").fill(EH)
                page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.get_by_role("heading", name="My work").wait_for()
                page.goto(f"{base}/cases/{case_id}/pathways/{instance_id}/diagram")
                # The SVG's own <style> applied: shapes are drawn white with a dark outline, not black.
                fill = page.locator("svg.bpmn [data-element-id='write_summary'] .shape").evaluate("e => getComputedStyle(e).fill")
                overflow = page.locator("div.app-diagram").evaluate("e => getComputedStyle(e).overflowX")
                page.goto(f"{base}/cases/{case_id}")
            finally:
                browser.close()
    finally:
        httpd.shutdown()
        thread.join()
    assert [c for c in complaints if "Content Security Policy" in c] == []
    assert fill == "rgb(255, 255, 255)"
    assert overflow == "auto"  # the stylesheet's rule that replaced the inline style attribute
