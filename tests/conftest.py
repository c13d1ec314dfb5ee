"""Fixtures: an app on a fresh database with a fake clock, and people to act as.

Set DATABASE_URL to run the whole suite on PostgreSQL (``make test`` does both).
"""
import os
import secrets
from datetime import datetime, timezone
from pathlib import Path

import pytest

from service import create_app
from service.clock import FakeClock
from service.extensions import db
from service.diagrams import catalog
from service import demo
from log_guard import LogGuard, sensitive_strings

# Monday 2 November 2026, 10:00 London (GMT): a plain working morning.
START = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)


TESTS = Path(__file__).resolve().parent
pytest_plugins = ["pytester"]  # tests/test_log_guard.py runs the log guard on a small suite of its own


def pytest_configure(config):
    """Read every log record of the run: none may hold a child's name, a date of birth or an e-mail."""
    files = sorted(TESTS.glob("*.py")) + [TESTS.parent / "service" / "demo.py"]
    config.pluginmanager.register(LogGuard(sensitive_strings(*files)), "stepwise-log-guard")


def database_url(tmp_path):
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'stepwise.sqlite'}"


@pytest.fixture(autouse=True)
def secret_key_env(monkeypatch, tmp_path):
    """An app built outside TESTING finds a strong key, as a live server must; never a developer's file."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("STEPWISE_SECRET_KEY_FILE", str(tmp_path / "no-secret-key-here"))
    monkeypatch.delenv("STEPWISE_DEMO", raising=False)


@pytest.fixture
def clock():
    return FakeClock(START)


@pytest.fixture
def make_app(tmp_path, clock):
    """Build an app object on the test database; call again for a 'restart'."""
    url = database_url(tmp_path)

    def build():
        return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "NOW": clock,
                           "SCHEDULER_ENABLED": False, "WTF_CSRF_ENABLED": False,
                           "SECRET_KEY": "test",
                           "PASSWORD_HASHER_PARAMS": {"time_cost": 1, "memory_cost": 64, "parallelism": 1}})
    return build


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        catalog.sync_shipped(app.extensions["stepwise"].now())
        demo.seed(app.extensions["stepwise"])
    yield app
    with app.app_context():
        db.session.remove()
        if os.environ.get("DATABASE_URL"):
            db.drop_all()
        db.engine.dispose()


class Actor:
    """A demo user acting through the JSON API, in the protocol's words."""

    def __init__(self, app, username):
        from service.access import auth
        self.app, self.username = app, username
        with app.app_context():
            user = auth.find_user(username)
            assert user is not None, f"no demo user {username}"
            self.token = auth.issue_token(user, app.extensions["stepwise"].now())
            db.session.commit()
        self.client = app.test_client()

    def _headers(self):
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, url, **kw):
        return self.client.get(url, headers=self._headers(), **kw)

    def post(self, url, json=None):
        return self.client.post(url, json=json if json is not None else {}, headers=self._headers())

    def tray(self, **params):
        response = self.get("/api/v1/tasks", query_string=params)
        assert response.status_code == 200, response.json
        return response.json["tasks"]

    def every(self, url, key, **params):
        """Every row of a paged list, following ``next`` to the last page."""
        rows, after = [], None
        while True:
            response = self.get(url, query_string={**params, **({"after": after} if after else {})})
            assert response.status_code == 200, response.json
            rows += response.json[key]
            after = response.json["next"]
            if after is None:
                return rows

    def history(self, case_id):
        """A case's whole chronology, oldest first (every page)."""
        return self.every(f"/api/v1/cases/{case_id}/history", "events", limit=200)

    def task(self, task_id, case_id):
        """The open work item with BPMN id ``task_id`` for a case in this actor's tray."""
        matches = [t for t in self.tray(case=case_id) if t["task_id"] == task_id]
        assert matches, f"{self.username} has no {task_id} for case {case_id}: {self.tray(case=case_id)}"
        return matches[0]

    def complete(self, task_id, case_id, **data):
        item = self.task(task_id, case_id)
        return self.post(f"/api/v1/tasks/{item['id']}/complete", {"data": data})


@pytest.fixture
def as_user(app):
    actors = {}

    def get(username):
        if username not in actors:
            actors[username] = Actor(app, username)
        return actors[username]
    return get
