"""No server starts with a missing or known signing key; demo facilities exist only in demo mode."""
import logging
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from conftest import database_url

from service import create_app
from service.web import demo_clock
from service.demo import DEMO_PASSWORD
from service.extensions import db
from service.store.models import User
from service.secret_key import SecretKeyError

ROOT = Path(__file__).resolve().parent.parent
STRONG = "k" * 20 + "0123456789abcdef0123"  # 40 characters
CHEAP_HASHES = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}


def live_config(tmp_path, **extra):
    """What a live server has: no TESTING, no demo."""
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite'}", "SCHEDULER_ENABLED": False,
            **extra}


def test_a_live_app_without_a_key_refuses_to_start_and_says_how_to_set_one(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(SecretKeyError) as refused:
        create_app(live_config(tmp_path))
    message = str(refused.value)
    assert "will not start without a SECRET_KEY" in message
    assert "export SECRET_KEY=" in message and "STEPWISE_SECRET_KEY_FILE" in message


@pytest.mark.parametrize("key", ["dev-only-change-me", "short-but-not-empty", "x" * 31])
def test_a_known_or_short_key_is_refused_from_the_environment(tmp_path, monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(SecretKeyError, match="published default|shorter than 32"):
        create_app(live_config(tmp_path))


def test_the_old_default_is_refused_from_config_and_in_demo_mode_too(tmp_path):
    with pytest.raises(SecretKeyError, match="published default"):
        create_app(live_config(tmp_path, SECRET_KEY="dev-only-change-me"))
    with pytest.raises(SecretKeyError, match="published default"):
        create_app(live_config(tmp_path, SECRET_KEY="dev-only-change-me", DEMO=True))


def test_a_strong_key_from_the_environment_signs_the_cookie(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG)
    app = create_app(live_config(tmp_path))
    assert app.config["SECRET_KEY"] == STRONG


def test_the_key_file_is_read_when_the_environment_has_none_and_the_environment_wins(tmp_path, monkeypatch):
    key_file = tmp_path / "secret_key"
    key_file.write_text("f" * 64 + "\n")
    key_file.chmod(0o600)
    monkeypatch.setenv("STEPWISE_SECRET_KEY_FILE", str(key_file))
    monkeypatch.delenv("SECRET_KEY")
    assert create_app(live_config(tmp_path)).config["SECRET_KEY"] == "f" * 64
    monkeypatch.setenv("SECRET_KEY", STRONG)
    assert create_app(live_config(tmp_path)).config["SECRET_KEY"] == STRONG


def test_a_short_key_file_is_refused(tmp_path, monkeypatch):
    key_file = tmp_path / "secret_key"
    key_file.write_text("too-short")
    monkeypatch.setenv("STEPWISE_SECRET_KEY_FILE", str(key_file))
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(SecretKeyError, match=f"from {key_file} is shorter than 32"):
        create_app(live_config(tmp_path))


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_secret_key_writes_a_private_random_key_once(tmp_path, monkeypatch):
    key_file = tmp_path / "instance" / "secret_key"
    make = ["make", "--no-print-directory", "-C", str(ROOT), "secret-key", f"KEY_FILE={key_file}"]
    subprocess.run(make, check=True, capture_output=True)
    first = key_file.read_text().strip()
    assert len(first) == 64 and int(first, 16) >= 0
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    subprocess.run(make, check=True, capture_output=True)
    assert key_file.read_text().strip() == first  # idempotent: sessions survive a second `make run`
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("STEPWISE_SECRET_KEY_FILE", str(key_file))
    assert create_app(live_config(tmp_path)).config["SECRET_KEY"] == first


def test_tests_and_the_demo_start_without_a_key_each_with_a_random_one(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("SECRET_KEY")
    one = create_app(live_config(tmp_path, TESTING=True)).config["SECRET_KEY"]
    two = create_app(live_config(tmp_path, TESTING=True)).config["SECRET_KEY"]
    assert len(one) >= 32 and one != two
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        demo_app = create_app(live_config(tmp_path, DEMO=True))
    assert len(demo_app.config["SECRET_KEY"]) >= 32
    assert any("demo mode" in r.getMessage() and "not for live use" in r.getMessage() for r in caplog.records)


def test_demo_mode_comes_from_the_environment_and_warns(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("STEPWISE_DEMO", "on")
    with caplog.at_level(logging.WARNING):
        app = create_app(live_config(tmp_path))
    assert app.config["DEMO"] is True
    assert [r for r in caplog.records if r.levelname == "WARNING" and r.getMessage().startswith("demo mode")]


@pytest.fixture
def empty_database(tmp_path):
    """A fresh, empty schema on the test database (nothing seeded)."""
    def build(**extra):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
                          "SCHEDULER_ENABLED": False, "WTF_CSRF_ENABLED": False,
                          "PASSWORD_HASHER_PARAMS": CHEAP_HASHES, **extra})
        with app.app_context():
            db.drop_all()
            db.create_all()
        built.append(app)
        return app
    built = []
    yield build
    for app in built:
        with app.app_context():
            db.session.remove()
            if os.environ.get("DATABASE_URL"):
                db.drop_all()
            db.engine.dispose()


def user_count(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(User))


def test_flask_demo_refuses_outside_demo_mode_and_creates_nobody(empty_database):
    app = empty_database()
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code != 0
    assert "runs only in demo mode" in result.output and "STEPWISE_DEMO=on" in result.output
    assert user_count(app) == 0


def test_flask_demo_in_demo_mode_seeds_and_warns(empty_database):
    app = empty_database(DEMO=True)
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "WARNING: demo mode" in result.output and "not for live use" in result.output
    assert "demo-admin" in result.output and user_count(app) > 1
    signed_in = app.test_client().post("/sign-in", data={"username": "demo-admin", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302


def test_the_demo_clock_is_absent_outside_demo_mode_even_if_registered_by_mistake(app):
    assert "demo_clock" not in app.blueprints
    app.register_blueprint(demo_clock.bp)  # the mistake: the route now exists …
    admin = app.test_client()
    assert admin.post("/sign-in", data={"username": "demo-admin", "password": DEMO_PASSWORD}).status_code == 302
    assert admin.get("/demo/clock").status_code == 404  # … and still refuses
    assert admin.post("/demo/clock", data={"amount": "1", "unit": "hours"}).status_code == 404
    assert "Demo clock" not in admin.get("/").text
