"""Timer expressions, the engine's clocked timers, due dates on work and the timer index."""
from datetime import datetime, timedelta, timezone

import pytest
from timer_helpers import ADMIN, DIAGRAM, EH, ESCALATION, MASH_MANAGER, MASH_SW, start_case
from timer_helpers import escalation  # noqa: F401 (a fixture)

from handlers import PACKS
from service.diagrams import script_functions
from service.clock import FakeClock
from service.engine import Engine, expressions, load_definition

UTC = timezone.utc
TUESDAY_10 = datetime(2026, 11, 3, 10, 0, tzinfo=UTC)  # one working day after the fixture's Monday


def functions_at(instant):
    return script_functions.build(FakeClock(instant))


def parsed(value):
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() == timedelta(0), f"{value} is not UTC"
    return moment


# --- timer expressions -------------------------------------------------------------

def test_working_days_skips_weekend_and_christmas_bank_holidays():
    fns = functions_at(datetime(2026, 12, 24, 10, 0, tzinfo=UTC))  # Thursday before Christmas
    # 25 Dec (Fri) and 28 Dec (Mon, Boxing Day substitute) are bank holidays.
    assert parsed(fns["working_days"](1)) == datetime(2026, 12, 29, 10, 0, tzinfo=UTC)
    assert parsed(functions_at(TUESDAY_10 - timedelta(days=1))["working_days"](5)) == \
        datetime(2026, 11, 9, 10, 0, tzinfo=UTC)


def test_working_days_keeps_london_wall_clock_across_the_clock_change():
    friday_10_bst = datetime(2026, 10, 23, 9, 0, tzinfo=UTC)  # clocks go back on Sun 25 Oct
    assert parsed(functions_at(friday_10_bst)["working_days"](1)) == datetime(2026, 10, 26, 10, 0, tzinfo=UTC)


def test_hours_end_of_day_and_next_weekday():
    fns = functions_at(datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    assert parsed(fns["hours"](4)) == datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
    assert parsed(fns["hours"](48)) == datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
    assert parsed(fns["end_of_day"]()) == datetime(2026, 11, 2, 17, 0, tzinfo=UTC)
    # Monday + 5 working days' notice is Monday 9 Nov; the first Wednesday after is the 11th.
    assert parsed(fns["next_weekday"]("Wednesday", notice=5)) == datetime(2026, 11, 11, 9, 0, tzinfo=UTC)
    assert parsed(fns["next_weekday"]("thursday")) == datetime(2026, 11, 5, 9, 0, tzinfo=UTC)
    after_hours = functions_at(datetime(2026, 11, 2, 18, 0, tzinfo=UTC))
    assert parsed(after_hours["end_of_day"]()) == datetime(2026, 11, 3, 17, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="Saturday"):
        fns["next_weekday"]("Saturday")


def test_no_form_field_is_named_like_a_function_expressions_may_call():
    # In an expression such a name means the function, so a field called "hours" (or "max")
    # could never be read by a condition.
    callable_names = script_functions.NAMES | set(expressions.BUILTINS)
    clashes = {(pack.name, h.task_id, f.name) for pack in PACKS.values() for h in pack.handlers.values()
               for f in h.fields if f.name in callable_names}
    assert not clashes


# --- the engine reads the injected clock ------------------------------------------

def test_engine_timer_fires_just_after_its_due_instant_and_not_a_minute_before():
    clock = FakeClock(datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
    engine = Engine(clock, script_functions.build(clock))
    definition = load_definition(ESCALATION, {DIAGRAM.name: DIAGRAM.read_bytes()})
    wf = engine.start(definition)
    [timer] = engine.waiting_timers(wf)
    assert (timer.bpmn_id, timer.due, timer.attached_to) == ("screening_overdue", TUESDAY_10, "screen_contact")

    clock.set(TUESDAY_10 - timedelta(minutes=1))
    wf = engine.restore(definition, engine.serialise(definition, wf))
    engine.fire_timers(wf)
    assert [t.bpmn_id for t in engine.ready_tasks(wf)] == ["screen_contact"]

    clock.set(TUESDAY_10 + timedelta(minutes=1))
    wf = engine.restore(definition, engine.serialise(definition, wf))
    engine.fire_timers(wf)
    engine.fire_timers(wf)
    assert sorted(t.bpmn_id for t in engine.ready_tasks(wf)) == ["chase_screening", "screen_contact"]


# --- due dates on work, through the API -------------------------------------------

@pytest.mark.usefixtures("escalation")
def test_due_date_from_a_timer_expression_shows_on_the_work_item_and_overdue_filters(as_user, clock):
    case_id, _ = start_case(as_user(EH))
    social_worker = as_user(MASH_SW)
    [item] = social_worker.tray(case=case_id)
    assert (item["task_id"], item["due"], item["overdue"]) == ("screen_contact", TUESDAY_10.isoformat(), False)
    assert social_worker.tray(case=case_id, overdue="true") == []
    assert [t["id"] for t in social_worker.tray(case=case_id, overdue="false")] == [item["id"]]

    clock.set(TUESDAY_10 + timedelta(minutes=1))  # past due; no sweep has run yet
    [late] = social_worker.tray(case=case_id, overdue="true")
    assert (late["id"], late["overdue"]) == (item["id"], True)
    assert social_worker.tray(case=case_id, overdue="false") == []
    assert social_worker.get("/api/v1/tasks", query_string={"overdue": "maybe"}).json["fields"] == {
        "overdue": "must be true or false"}


@pytest.mark.usefixtures("escalation")
def test_tray_lists_soonest_deadline_first(as_user, clock):
    eh, social_worker = as_user(EH), as_user(MASH_SW)
    first, _ = start_case(eh, "Fictional Child F")
    clock.advance(hours=2)
    second, _ = start_case(eh, "Fictional Child G")
    tray = [t for t in social_worker.tray() if t["pathway"] == ESCALATION]
    assert [t["case_id"] for t in tray] == [first, second]
    assert tray[0]["due"] < tray[1]["due"]


# --- the timer index --------------------------------------------------------------

@pytest.mark.usefixtures("escalation")
def test_every_waiting_timer_has_an_index_row_listed_for_admins(as_user):
    case_id, instance_id = start_case(as_user(EH))
    listing = as_user(ADMIN).get("/api/v1/admin/timers")
    assert listing.status_code == 200, listing.json
    mine = [t for t in listing.json["timers"] if t["case_id"] == case_id]
    assert [(t["instance_id"], t["timer_id"], t["attached_to"], t["due"], t["status"], t["overdue"])
            for t in mine] == [(instance_id, "screening_overdue", "screen_contact", TUESDAY_10.isoformat(),
                                "waiting", False)]


@pytest.mark.usefixtures("escalation")
def test_finishing_the_task_in_time_cancels_its_timer(as_user, clock):
    case_id, _ = start_case(as_user(EH))
    done = as_user(MASH_SW).complete("screen_contact", case_id, outcome_note="Screened (fictional)")
    assert done.status_code == 200, done.json
    admin = as_user(ADMIN)
    assert [t for t in admin.get("/api/v1/admin/timers").json["timers"] if t["case_id"] == case_id] == []
    clock.set(TUESDAY_10 + timedelta(days=1))
    assert admin.post("/api/v1/admin/timers/run").json["fired"] == []
    assert as_user(MASH_MANAGER).tray(case=case_id) == []


def test_admin_timer_routes_need_an_administrator(app, as_user):
    client = app.test_client()
    assert client.get("/api/v1/admin/timers").status_code == 401
    assert client.post("/api/v1/admin/timers/run").status_code == 401
    worker = as_user(MASH_SW)
    for response in (worker.get("/api/v1/admin/timers"), worker.post("/api/v1/admin/timers/run")):
        assert response.status_code == 403
        assert response.json["error"] == "forbidden"
    bad = as_user(ADMIN).post("/api/v1/admin/timers/run?limit=none")
    assert bad.status_code == 422 and "limit" in bad.json["fields"]


# --- a clock that starts at a recorded moment -------------------------------------

def test_working_days_from_a_recorded_moment_skips_weekends_and_bank_holidays():
    # The clock reads "now" as much later: the deadline runs from the recorded moment, not now.
    fns = functions_at(datetime(2027, 1, 20, 10, 0, tzinfo=UTC))
    # A strategy discussion on Thursday 17 Dec 2026 at 14:30 London: 15 working days skip
    # Christmas Day, the Boxing Day substitute (Mon 28 Dec) and New Year's Day.
    assert parsed(fns["working_days_from"]("2026-12-17T14:30", 15)) == datetime(2027, 1, 12, 14, 30, tzinfo=UTC)
    # An instant handed on with its offset keeps London's wall-clock time across the clock change.
    assert parsed(fns["working_days_from"]("2026-10-23T10:00:00+01:00", 1)) == \
        datetime(2026, 10, 26, 10, 0, tzinfo=UTC)
    # A date alone means "by the end of the day": a referral on Monday 2 Nov, 1 working day.
    assert parsed(fns["working_days_from"]("2026-11-02", 1)) == datetime(2026, 11, 3, 17, 0, tzinfo=UTC)
    # A referral recorded on a Saturday counts from the Monday.
    assert parsed(fns["working_days_from"]("2026-11-07", 1)) == datetime(2026, 11, 10, 17, 0, tzinfo=UTC)
    # 45 working days from Monday 2 Nov 2026 passes three bank holidays: Thursday 7 Jan 2027 is the 45th.
    assert parsed(fns["working_days_from"]("2026-11-02", 45)) == datetime(2027, 1, 7, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize("start, n, message", [
    (None, 15, "has the task that records it been done"),
    ("", 15, "has the task that records it been done"),
    ("next Tuesday", 15, "is not a date or a date and time"),
    (15, 15, "is not a recorded date"),
    ("2026-11-02", -1, "count forward"),
    ("2026-11-02", 7.5, "not a whole number"),
    ("2026-11-02", "15", "not a whole number"),
    ("2026-11-02", 100_000_000, "more than ten years away"),
])
def test_working_days_from_refuses_what_is_not_a_moment_or_a_count(start, n, message):
    with pytest.raises(ValueError, match=message):
        functions_at(TUESDAY_10)["working_days_from"](start, n)
