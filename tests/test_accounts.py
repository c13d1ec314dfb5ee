"""Accounts: sign-in throttle and lockout, one cost for every refusal, disable/enable/delete,
token expiry and revocation, and sessions that end server-side. Through the sign-in form,
the JSON API and the `flask users` commands."""

import lxml.html
import pytest
from conftest import Actor

from service.access import auth, token_cache
from service.demo import DEMO_PASSWORD
from service.extensions import db
from service.store.models import AuditEvent

EH = "camden-early-help-manager"
MASH_MANAGER = "camden-mash-manager"
REFUSED = "The username or password is not right"
CASE = {"child_name": "Fictional Child Delta", "date_of_birth": "2018-05-04", "pack": "camden",
        "person_id": "P-4004", "family_id": "F-4004"}


def sign_in(client, username, password=DEMO_PASSWORD, address="192.0.2.10", **kw):
    return client.post("/sign-in", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address}, **kw)


def refusal(response):
    """The words a refused sign-in shows, whatever the reason."""
    summary = lxml.html.fromstring(response.data).find_class("govuk-error-summary__list")[0]
    return " ".join(summary.text_content().split())


def users_cli(app, *args, input=None):
    return app.test_cli_runner().invoke(args=["users", *args], input=input)


def audit_actions(app, action):
    with app.app_context():
        return [(e.case_id, e.data, e.summary) for e in
                db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action))]


def cli_ok(app, *args):
    result = users_cli(app, *args)
    assert result.exit_code == 0, result.output
    return result


# --- Lockout -----------------------------------------------------------------------------

def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(app, clock):
    browser = app.test_client()
    for _ in range(5):
        wrong = sign_in(browser, EH, "not-the-password")
        assert wrong.status_code == 401 and REFUSED in refusal(wrong)
    locked = sign_in(browser, EH)  # the right password, during the lock
    assert locked.status_code == 401 and REFUSED in refusal(locked)
    assert browser.get("/").status_code == 302  # not signed in
    [(case_id, data, summary)] = audit_actions(app, "user.locked")
    assert case_id is None and data == {"username": EH} and "15 minutes" in summary
    assert "locked" in cli_ok(app, "list").output.split(EH)[1].splitlines()[0]
    clock.advance(minutes=14, seconds=59)
    assert sign_in(browser, EH).status_code == 401
    clock.advance(seconds=2)
    assert sign_in(browser, EH).status_code == 302


def test_a_successful_sign_in_resets_the_count(app):
    browser = app.test_client()
    for _ in range(4):
        assert sign_in(browser, EH, "wrong-password").status_code == 401
    assert sign_in(browser, EH).status_code == 302
    browser.post("/sign-out")
    for _ in range(4):
        assert sign_in(browser, EH, "wrong-password").status_code == 401
    assert sign_in(browser, EH).status_code == 302
    assert audit_actions(app, "user.locked") == []


def test_the_lock_holds_across_workers(app, make_app):
    other_worker = make_app()  # a second app on the same database, as another gunicorn worker
    for _ in range(3):
        assert sign_in(app.test_client(), EH, "wrong-password").status_code == 401
    for _ in range(2):
        assert sign_in(other_worker.test_client(), EH, "wrong-password").status_code == 401
    assert sign_in(app.test_client(), EH).status_code == 401
    assert sign_in(other_worker.test_client(), EH).status_code == 401
    assert len(audit_actions(app, "user.locked")) == 1


def test_a_locked_account_answers_exactly_like_an_unknown_one(app):
    browser = app.test_client()
    for _ in range(5):
        sign_in(browser, EH, "wrong-password")
    locked, unknown = sign_in(browser, EH), sign_in(browser, "nobody-of-that-name")
    assert locked.status_code == unknown.status_code == 401
    assert refusal(locked) == refusal(unknown)


def test_the_enable_command_lifts_a_lock(app):
    for _ in range(5):
        sign_in(app.test_client(), EH, "wrong-password")
    cli_ok(app, "enable", EH)
    assert sign_in(app.test_client(), EH).status_code == 302


# --- Per-address throttle ----------------------------------------------------------------

def test_too_many_failures_from_one_address_get_a_friendly_429(app):
    browser = app.test_client()
    for i in range(10):  # ten different names: the per-account lock never trips
        assert sign_in(browser, f"guess-{i}", "password1").status_code == 401
    throttled = sign_in(browser, EH)
    assert throttled.status_code == 429
    page = lxml.html.fromstring(throttled.data)
    assert "Too many attempts" in page.find(".//h1").text_content()
    assert int(throttled.headers["Retry-After"]) > 0
    assert sign_in(app.test_client(), EH, address="198.51.100.7").status_code == 302  # elsewhere: fine
    assert browser.get("/sign-in").status_code == 200  # only posting the form is limited


def test_successful_sign_ins_do_not_use_up_the_allowance(app):
    # A whole office behind one proxy signs in at nine o'clock.
    for _ in range(15):
        assert sign_in(app.test_client(), EH).status_code == 302


def test_forwarded_addresses_count_only_behind_a_trusted_proxy(app, make_app, monkeypatch):
    for i in range(10):
        sign_in(app.test_client(), f"guess-{i}", "password1", headers={"X-Forwarded-For": f"203.0.113.{i}"})
    # Not configured to trust a proxy: the header is ignored, all ten came from one address.
    assert sign_in(app.test_client(), EH, headers={"X-Forwarded-For": "203.0.113.99"}).status_code == 429

    monkeypatch.setenv("STEPWISE_TRUSTED_PROXIES", "1")
    behind_proxy = make_app()
    for i in range(10):
        sign_in(behind_proxy.test_client(), f"guess-{i}", "password1", headers={"X-Forwarded-For": "203.0.113.5"})
    assert sign_in(behind_proxy.test_client(), EH, headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 429
    assert sign_in(behind_proxy.test_client(), EH, headers={"X-Forwarded-For": "203.0.113.6"}).status_code == 302


# --- One cost for every refusal ------------------------------------------------------------

class CountingHasher:
    """The real argon2 hasher, counting verifications."""

    def __init__(self, real):
        self.real, self.verified = real, 0

    def hash(self, password):
        return self.real.hash(password)

    def verify(self, hashed, password):
        self.verified += 1
        return self.real.verify(hashed, password)


@pytest.fixture
def hasher(monkeypatch):
    counting = CountingHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", counting)
    return counting


def test_every_sign_in_verifies_exactly_one_password_hash(app, hasher):
    cli_ok(app, "add", "leaver", "--password", "leaver-password", "--role", "camden:MASH Social Worker")
    cli_ok(app, "delete", "leaver", "--yes")
    cli_ok(app, "disable", MASH_MANAGER)
    for _ in range(5):
        sign_in(app.test_client(), "camden-mash-social-worker", "wrong-password")
    attempts = [(EH, DEMO_PASSWORD, 302), (EH, "wrong-password", 401), ("no-such-person", "whatever1", 401),
                (MASH_MANAGER, DEMO_PASSWORD, 401),  # disabled
                ("leaver", "leaver-password", 401),  # deleted
                ("camden-mash-social-worker", DEMO_PASSWORD, 401)]  # locked
    for username, password, status in attempts:
        before = hasher.verified
        assert sign_in(app.test_client(), username, password, address=f"192.0.2.{len(username)}"
                       ).status_code == status, username
        assert hasher.verified - before == 1, f"{username}: {hasher.verified - before} verifications"


# --- Disable, enable, revoke, delete ---------------------------------------------------------

def test_disabling_ends_sessions_and_tokens_on_the_next_request(app):
    browser = app.test_client()
    assert sign_in(browser, EH).status_code == 302
    api = Actor(app, EH)
    assert browser.get("/").status_code == 200 and api.get("/api/v1/tasks").status_code == 200
    result = cli_ok(app, "disable", EH, "--by", "demo-admin")
    assert "sessions have ended" in result.output
    assert browser.get("/").status_code == 302  # to sign in
    assert api.get("/api/v1/tasks").status_code == 401
    assert sign_in(app.test_client(), EH).status_code == 401
    [(case_id, data, summary)] = audit_actions(app, "user.disabled")
    assert case_id is None and data == {"username": EH} and "1 session(s) ended" in summary
    assert "disabled" in cli_ok(app, "list").output.split(EH)[1].splitlines()[0]

    cli_ok(app, "enable", EH)
    assert api.get("/api/v1/tasks").status_code == 200  # tokens come back with the account …
    assert browser.get("/").status_code == 302  # … but an ended session stays ended
    assert sign_in(browser, EH).status_code == 302
    assert len(audit_actions(app, "user.enabled")) == 1


def test_only_an_administrator_may_be_named_as_acting(app):
    result = users_cli(app, "disable", EH, "--by", MASH_MANAGER)
    assert result.exit_code != 0 and "not an active administrator" in result.output
    assert sign_in(app.test_client(), EH).status_code == 302  # nothing changed


def test_revoking_tokens_refuses_them_on_the_next_request_and_leaves_others(app):
    eh, manager = Actor(app, EH), Actor(app, MASH_MANAGER)
    second = Actor(app, EH)
    result = cli_ok(app, "revoke-tokens", EH)
    assert "revoked 2 token(s)" in result.output
    assert eh.get("/api/v1/tasks").status_code == 401 and second.get("/api/v1/tasks").status_code == 401
    assert manager.get("/api/v1/tasks").status_code == 200
    [(case_id, data, _summary)] = audit_actions(app, "user.tokens_revoked")
    assert case_id is None and data == {"username": EH}


def test_deleting_a_user_nobody_refers_to_removes_them(app):
    cli_ok(app, "add", "temp-worker", "--password", "temporary-1", "--role", "camden:MASH Social Worker")
    Actor(app, "temp-worker")
    refused = users_cli(app, "delete", "temp-worker", input="n\n")
    assert refused.exit_code != 0  # asks first
    result = cli_ok(app, "delete", "temp-worker", "--yes")
    assert "removed" in result.output
    assert "temp-worker" not in cli_ok(app, "list").output
    [(case_id, data, summary)] = audit_actions(app, "user.deleted")
    assert case_id is None and data == {"username": "temp-worker"} and "removed" in summary
    # The name is free again: nothing in the record could be confused with a new holder.
    cli_ok(app, "add", "temp-worker", "--password", "temporary-2", "--role", "camden:MASH Social Worker")


def test_deleting_a_user_named_in_the_record_keeps_a_tombstone(app):
    cli_ok(app, "add", "eh-colleague", "--password", "colleague-1", "--role", "camden:Early Help Manager")
    eh = Actor(app, EH)
    case = eh.post("/api/v1/cases", CASE)
    assert case.status_code == 201
    case_id = case.json["id"]
    assert eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "camden/step_up_to_mash"}).status_code == 201
    item = eh.task("send_step_up_to_mash", case_id)
    assert eh.post(f"/api/v1/tasks/{item['id']}/claim").json["assignee"] == EH
    browser = app.test_client()
    assert sign_in(browser, EH).status_code == 302

    result = cli_ok(app, "delete", EH, "--yes", "--by", "demo-admin")
    assert "tombstone" in result.output

    assert eh.get("/api/v1/tasks").status_code == 401 and browser.get("/").status_code == 302
    assert sign_in(app.test_client(), EH).status_code == 401
    colleague = Actor(app, "eh-colleague")
    history = colleague.history(case_id)
    assert history[0]["action"] == "case.created" and history[0]["actor"] == EH  # who did what, still
    assert colleague.task("send_step_up_to_mash", case_id)["assignee"] is None  # the claim was released
    listed = cli_ok(app, "list").output.split(EH)[1].splitlines()[0]
    assert "deleted" in listed and "camden:" not in listed
    with app.app_context():
        tombstone = auth.find_user(EH)
        assert (tombstone.password_hash, tombstone.email, tombstone.roles, tombstone.active) == ("", None, [], False)
    assert users_cli(app, "enable", EH).exit_code != 0  # a deletion is final
    assert users_cli(app, "token", EH).exit_code != 0
    again = users_cli(app, "add", EH, "--password", "new-person-1", "--role", "camden:Early Help Manager")
    assert again.exit_code != 0  # the name stays taken: the record would mix two people up
    [(case_id_of_event, data, summary)] = audit_actions(app, "user.deleted")
    assert case_id_of_event is None and data == {"username": EH} and "1 claimed task(s) released" in summary


# --- The token cache ---------------------------------------------------------------------------

def _change_in_another_process(app, sql):
    """Write straight to the database, as another worker or the CLI on another machine would."""
    with app.app_context():
        with db.engine.begin() as conn:
            conn.exec_driver_sql(sql)


def test_a_change_made_in_another_process_counts_within_the_cache_bound(app, clock):
    api = Actor(app, EH)
    assert api.get("/api/v1/tasks").status_code == 200  # now remembered by this worker
    _change_in_another_process(app, "UPDATE api_tokens SET revoked = TRUE")
    assert api.get("/api/v1/tasks").status_code == 200  # still remembered, within the bound …
    clock.advance(seconds=app.config.get("TOKEN_CACHE_SECONDS", token_cache.DEFAULT_SECONDS))
    assert api.get("/api/v1/tasks").status_code == 401  # … and not a moment past it


def test_the_cache_bound_holds_when_the_clock_goes_back(app, clock):
    api = Actor(app, EH)
    assert api.get("/api/v1/tasks").status_code == 200
    _change_in_another_process(app, "UPDATE users SET active = FALSE")
    clock.advance(seconds=-1)
    assert api.get("/api/v1/tasks").status_code == 401


@pytest.mark.parametrize("command", [("disable", EH), ("revoke-tokens", EH), ("delete", EH, "--yes")])
def test_a_remembered_token_is_refused_at_once_after_a_change_in_this_process(app, command):
    api = Actor(app, EH)
    assert api.get("/api/v1/tasks").status_code == 200  # remembered
    cli_ok(app, *command)  # no clock movement: only the in-process invalidation can refuse it
    assert api.get("/api/v1/tasks").status_code == 401


def test_a_role_taken_away_in_this_process_counts_at_once(app):
    api = Actor(app, EH)
    assert api.post("/api/v1/cases", CASE).status_code == 201  # remembered, with the role
    with app.app_context():
        user = auth.find_user(EH)
        user.roles = []
        db.session.commit()
    refused = api.post("/api/v1/cases", CASE)
    assert refused.status_code == 403, refused.json


# --- Token expiry ------------------------------------------------------------------------------

def test_tokens_expire_after_their_days_and_then_answer_like_unknown_ones(app, clock):
    issued = cli_ok(app, "token", EH, "--days", "2", "--label", "integration")
    token = issued.stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    assert client.get("/api/v1/tasks", headers=headers).status_code == 200
    clock.advance(days=2)
    expired = client.get("/api/v1/tasks", headers=headers)
    unknown = client.get("/api/v1/tasks", headers={"Authorization": "Bearer no-such-token"})
    assert expired.status_code == unknown.status_code == 401
    assert expired.json == unknown.json


def test_tokens_last_ninety_days_by_default(app, clock):
    token = cli_ok(app, "token", EH).stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    clock.advance(days=89, hours=23)
    assert app.test_client().get("/api/v1/tasks", headers=headers).status_code == 200
    clock.advance(hours=1)
    assert app.test_client().get("/api/v1/tasks", headers=headers).status_code == 401


@pytest.mark.parametrize("days", ["0", "366", "-1", "ninety"])
def test_token_lifetimes_outside_one_day_to_a_year_are_refused(app, days):
    result = users_cli(app, "token", EH, "--days", days)
    assert result.exit_code != 0 and "--days" in result.output


# --- Sessions end server-side ---------------------------------------------------------------------

def test_a_copied_cookie_stops_working_after_sign_out(app):
    browser = app.test_client()
    assert sign_in(browser, EH).status_code == 302
    stolen = browser.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/").status_code == 200  # a live session: the copy works, as any cookie would
    assert browser.post("/sign-out").status_code == 302
    assert thief.get("/").status_code == 302  # ended on the server: the copy is worthless
    assert "/sign-in" in thief.get("/").headers["Location"]


def test_sessions_end_after_eight_idle_hours(app, clock):
    browser = app.test_client()
    sign_in(browser, EH)
    clock.advance(hours=4)
    assert browser.get("/").status_code == 200  # and this visit counts as activity …
    clock.advance(hours=7, minutes=59)
    assert browser.get("/").status_code == 200  # … so 11:59 after signing in, still in
    browser.post("/sign-out")
    sign_in(browser, EH)
    clock.advance(hours=8, minutes=1)
    assert browser.get("/").status_code == 302


def test_sessions_end_after_twelve_hours_however_busy(app, clock):
    browser = app.test_client()
    sign_in(browser, EH)
    for _ in range(3):
        clock.advance(hours=4)
        assert browser.get("/").status_code == 200  # 4, 8, 12 hours: still within the day
    clock.advance(minutes=1)
    assert browser.get("/").status_code == 302
    assert sign_in(browser, EH).status_code == 302  # a fresh sign-in starts a fresh day


def test_session_lifetimes_are_settings(make_app, app, clock, monkeypatch):
    monkeypatch.setenv("STEPWISE_SESSION_IDLE_MINUTES", "30")
    short = make_app()
    browser = short.test_client()
    sign_in(browser, EH)
    clock.advance(minutes=31)
    assert browser.get("/").status_code == 302


def test_upgrading_gives_existing_tokens_ninety_days_from_issue(make_app):
    from datetime import datetime

    from flask_migrate import upgrade
    app = make_app()
    with app.app_context():
        def reset():
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        reset()
        try:
            upgrade(revision="0001")
            with db.engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO users (id, username, display_name, password_hash, is_admin, active)"
                                     " VALUES (1, 'old-hand', 'Old Hand', 'x', false, true)")
                conn.exec_driver_sql("INSERT INTO api_tokens (user_id, token_hash, label, created_at, revoked)"
                                     " VALUES (1, 'abc', '', '2026-01-10 09:00:00', false)")
            upgrade()
            with db.engine.connect() as conn:
                expires = conn.exec_driver_sql("SELECT expires_at FROM api_tokens").scalar_one()
                failed = conn.exec_driver_sql("SELECT failed_sign_ins FROM users").scalar_one()
            if isinstance(expires, str):  # SQLite hands back text
                expires = datetime.fromisoformat(expires)
            assert expires == datetime(2026, 4, 10, 9, 0) and failed == 0
        finally:
            reset()


def test_with_the_token_cache_off_a_change_in_another_process_counts_at_once(app):
    app.config["TOKEN_CACHE_SECONDS"] = 0
    token_cache.init_app(app)
    api = Actor(app, EH)
    assert api.get("/api/v1/tasks").status_code == 200
    _change_in_another_process(app, "UPDATE api_tokens SET revoked = TRUE")
    assert api.get("/api/v1/tasks").status_code == 401
