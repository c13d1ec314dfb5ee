"""The demo facility: with DEMO on, an administrator can move the server's clock forward."""
import os
from datetime import datetime, timedelta, timezone

import pytest
from conftest import START, Actor, database_url
from timer_helpers import ADMIN, DIAGRAM, EH, ESCALATION, HANDLERS, MASH_MANAGER, MASH_SW, start_case

from handlers import PACKS
from service.diagrams import catalog
from service import create_app, demo
from service.clock import OffsetClock
from service.demo import DEMO_PASSWORD
from service.extensions import db

UTC = timezone.utc


@pytest.fixture
def demo_app(tmp_path, clock, monkeypatch):
    for task_id, handler in HANDLERS.items():
        monkeypatch.setitem(PACKS["camden"].handlers, task_id, handler)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url(tmp_path), "NOW": clock,
                      "DEMO": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                      "PASSWORD_HASHER_PARAMS": {"time_cost": 1, "memory_cost": 64, "parallelism": 1}})
    with app.app_context():
        db.drop_all()
        db.create_all()
        rt = app.extensions["stepwise"]
        catalog.sync_shipped(rt.now())
        catalog.add_version(ESCALATION, {DIAGRAM.name: DIAGRAM.read_bytes()}, rt.now())
        db.session.commit()
        demo.seed(rt)
    yield app
    with app.app_context():
        db.session.remove()
        if os.environ.get("DATABASE_URL"):
            db.drop_all()
        db.engine.dispose()


def signed_in(app, username):
    browser = app.test_client()
    response = browser.post("/sign-in", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return browser


def test_demo_clock_is_an_offset_clock_marked_as_a_demo_facility(demo_app):
    assert isinstance(demo_app.extensions["stepwise"].clock, OffsetClock)
    page = signed_in(demo_app, ADMIN).get("/demo/clock")
    assert page.status_code == 200
    assert "Demo facility: moves this server's clock" in page.text
    assert "Mon 2 Nov 2026, 10:00" in page.text


def test_moving_the_clock_forward_lets_deadlines_act(demo_app):
    rt = demo_app.extensions["stepwise"]
    case_id, _ = start_case(Actor(demo_app, EH))
    admin = signed_in(demo_app, ADMIN)
    moved = admin.post("/demo/clock", data={"amount": "1", "unit": "working_days"})
    assert moved.status_code == 302
    assert rt.now() == START + timedelta(days=1)  # Monday 10:00 → Tuesday 10:00: due, not yet past
    assert Actor(demo_app, MASH_MANAGER).tray(case=case_id) == []
    admin.post("/demo/clock", data={"amount": "1", "unit": "hours"})
    assert rt.now() == datetime(2026, 11, 3, 11, 0, tzinfo=UTC)
    [chase] = Actor(demo_app, MASH_MANAGER).tray(case=case_id)  # the move ran a sweep at once
    assert chase["task_id"] == "chase_screening"
    assert [t["overdue"] for t in Actor(demo_app, MASH_SW).tray(case=case_id)] == [True]
    page = admin.get("/demo/clock").text
    assert "1 deadline(s) acted on" in page and "25 hours" in page
    admin.post("/demo/clock/reset")
    assert rt.now() == START


@pytest.mark.parametrize("form, field", [({"amount": "0", "unit": "hours"}, "amount"),
                                         ({"amount": "two", "unit": "hours"}, "amount"),
                                         ({"amount": "1", "unit": "fortnights"}, "unit")])
def test_bad_moves_are_refused_naming_the_field_and_the_clock_stays(demo_app, form, field):
    response = signed_in(demo_app, ADMIN).post("/demo/clock", data=form)
    assert response.status_code == 422
    assert f'id="demo-{field}-error"' in response.text
    assert demo_app.extensions["stepwise"].now() == START


def test_only_administrators_may_move_the_clock(demo_app):
    response = signed_in(demo_app, MASH_SW).post("/demo/clock", data={"amount": "1", "unit": "hours"})
    assert response.status_code == 403
    assert demo_app.extensions["stepwise"].now() == START
    assert demo_app.test_client().get("/demo/clock").status_code == 302  # to sign in


def test_without_demo_there_is_no_clock_to_move(app):
    assert not isinstance(app.extensions["stepwise"].clock, OffsetClock)
    assert signed_in(app, ADMIN).get("/demo/clock").status_code == 404
