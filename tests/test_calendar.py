"""Tests for service.calendar: fixed protocol cases plus property tests for the invariants."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.calendar import WorkingCalendar, england

UTC = timezone.utc
LONDON = ZoneInfo("Europe/London")
cal = england


def london(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def utc(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


# -- fixed cases ------------------------------------------------------------------


def test_christmas_2026_substitute_boxing_day():
    assert not cal.is_working_day(date(2026, 12, 25))  # Friday
    assert not cal.is_working_day(date(2026, 12, 28))  # Monday, Boxing Day (substitute)
    assert cal.is_working_day(date(2026, 12, 24))
    assert cal.is_working_day(date(2026, 12, 29))
    result = cal.add_working_days(london(2026, 12, 24, 10), 1)
    assert result == london(2026, 12, 29, 10)
    assert result.tzinfo == UTC and result == utc(2026, 12, 29, 10)


def test_easter_2027():
    assert not cal.is_working_day(date(2027, 3, 26))  # Good Friday
    assert not cal.is_working_day(date(2027, 3, 29))  # Easter Monday
    # Thursday before Easter + 1 working day is the Tuesday after, also across the clock change.
    assert cal.add_working_days(london(2027, 3, 25, 10), 1) == london(2027, 3, 30, 10)
    assert cal.working_days_between(london(2027, 3, 25, 10), london(2027, 3, 30, 10)) == 1


def test_clock_change_preserves_wall_time():
    start = london(2026, 3, 27, 10)  # Friday, GMT
    assert start.utcoffset() == timedelta(0)
    result = cal.add_working_days(start, 1)
    assert result == utc(2026, 3, 30, 9)  # Monday 10:00 BST
    assert result.astimezone(LONDON).hour == 10
    # And back again in October: Friday 10:00 BST -> Monday 10:00 GMT.
    assert cal.add_working_days(london(2026, 10, 23, 10), 1) == utc(2026, 10, 26, 10)


def test_add_working_days_clamping_rule():
    # After hours counts from the next working day's start.
    assert cal.add_working_days(london(2026, 3, 4, 18), 0) == london(2026, 3, 5, 9)
    assert cal.add_working_days(london(2026, 3, 4, 18), 1) == london(2026, 3, 6, 9)
    # Before hours moves to that day's start.
    assert cal.add_working_days(london(2026, 3, 4, 7), 1) == london(2026, 3, 5, 9)
    # Weekend moves to Monday's start; day_end itself is still within hours.
    assert cal.add_working_days(london(2026, 3, 7, 12), 0) == london(2026, 3, 9, 9)
    assert cal.add_working_days(london(2026, 3, 4, 17), 1) == london(2026, 3, 5, 17)
    # Friday 10:00 + 5 working days is the next Friday 10:00.
    assert cal.add_working_days(london(2026, 3, 6, 10), 5) == london(2026, 3, 13, 10)
    with pytest.raises(ValueError):
        cal.add_working_days(london(2026, 3, 4, 10), -1)


def test_knowsley_notice_then_first_wednesday():
    # Request Monday 2 March 2026: 5 working days' notice -> Mon 9 Mar -> Wednesday 11 Mar.
    notice = cal.add_working_days(london(2026, 3, 2, 10), 5)
    assert notice == london(2026, 3, 9, 10)
    assert cal.next_weekday_on_or_after(notice, 2) == london(2026, 3, 11, 9)
    # Notice landing on a Wednesday gives that same Wednesday.
    assert cal.next_weekday_on_or_after(london(2026, 3, 11, 15), 2) == london(2026, 3, 11, 9)
    # Christmas Day and New Year's Day 2024/25 are both Wednesdays: skip to 8 January.
    assert cal.next_weekday_on_or_after(london(2024, 12, 23, 10), 2) == london(2025, 1, 8, 9)


def test_end_of_working_day():
    assert cal.end_of_working_day(london(2026, 3, 4, 10)) == london(2026, 3, 4, 17)
    assert cal.end_of_working_day(london(2026, 3, 4, 17)) == london(2026, 3, 4, 17)
    assert cal.end_of_working_day(london(2026, 3, 4, 17, 1)) == london(2026, 3, 5, 17)
    assert cal.end_of_working_day(london(2026, 12, 24, 18)) == london(2026, 12, 29, 17)


def test_working_days_between_signs_and_dates():
    a, b = london(2026, 12, 24, 16), london(2026, 12, 29, 9)
    assert cal.working_days_between(a, b) == 1
    assert cal.working_days_between(b, a) == -1
    assert cal.working_days_between(a, a) == 0
    # Judged by London date: 23:30 UTC on 31 May 2026 is already 1 June in London.
    assert cal.working_days_between(utc(2026, 5, 29, 12), utc(2026, 5, 31, 23, 30)) == 1


def test_add_hours_is_elapsed_time():
    start = london(2026, 3, 28, 12)  # Saturday before the clocks go forward
    assert cal.add_hours(start, 24) == utc(2026, 3, 29, 12)
    assert cal.add_hours(start, 24).astimezone(LONDON).hour == 13
    assert cal.add_hours(start, 4).tzinfo == UTC


def test_holidays_between():
    got = cal.holidays_between(date(2026, 12, 1), london(2027, 1, 31))
    assert [d for d, _ in got] == [date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28), date(2027, 1, 1)]
    assert all(isinstance(name, str) and name for _, name in got)
    assert cal.holidays_between(date(2026, 6, 1), date(2026, 6, 30)) == []


def test_scotland_subdivision():
    sct = WorkingCalendar(subdiv="SCT")
    assert not sct.is_working_day(date(2026, 1, 2))  # 2 January is a Scottish bank holiday
    assert cal.is_working_day(date(2026, 1, 2))


def test_configurable_hours_and_zone():
    c = WorkingCalendar(tz="UTC", day_start=time(8, 30), day_end=time(16))
    assert c.add_working_days(utc(2026, 3, 4, 16, 30), 0) == utc(2026, 3, 5, 8, 30)
    with pytest.raises(ValueError):
        WorkingCalendar(day_start=time(17), day_end=time(9))


@pytest.mark.parametrize("call", [
    lambda t: cal.is_working_day(t),
    lambda t: cal.add_working_days(t, 1),
    lambda t: cal.working_days_between(t, t),
    lambda t: cal.end_of_working_day(t),
    lambda t: cal.next_weekday_on_or_after(t, 2),
    lambda t: cal.add_hours(t, 4),
    lambda t: cal.holidays_between(t, t),
])
def test_naive_input_rejected(call):
    with pytest.raises(ValueError):
        call(datetime(2026, 3, 4, 10))


def test_weekend_weekday_rejected():
    with pytest.raises(ValueError):
        cal.next_weekday_on_or_after(london(2026, 3, 4), 5)


# -- properties -------------------------------------------------------------------

ZONES = st.sampled_from([UTC, LONDON, ZoneInfo("America/New_York"), timezone(timedelta(hours=5, minutes=30))])
instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=ZONES, allow_imaginary=False
)
working_dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)).filter(cal.is_working_day)
business_times = st.times(min_value=time(9), max_value=time(17))
in_hours = st.builds(lambda d, t: datetime.combine(d, t, tzinfo=LONDON), working_dates, business_times)
counts = st.integers(min_value=0, max_value=40)
PROPS = settings(max_examples=100, deadline=None)


def local_time(t):
    return t.astimezone(LONDON).timetz().replace(tzinfo=None)


@PROPS
@given(instants, counts)
def test_add_working_days_lands_in_business_hours(start, n):
    result = cal.add_working_days(start, n)
    assert result.tzinfo == UTC
    assert cal.is_working_day(result)
    assert time(9) <= local_time(result) <= time(17)
    assert result >= start


@PROPS
@given(in_hours, counts)
def test_add_then_count_round_trips(start, n):
    result = cal.add_working_days(start, n)
    assert cal.working_days_between(start, result) == n
    assert cal.working_days_between(result, start) == -n
    assert local_time(result) == local_time(start)  # wall time kept, whatever the offset


@PROPS
@given(instants, counts)
def test_add_working_days_strictly_monotonic(start, n):
    assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)


@PROPS
@given(instants, counts, counts)
def test_add_working_days_composes(start, m, n):
    assert cal.add_working_days(cal.add_working_days(start, m), n) == cal.add_working_days(start, m + n)


@PROPS
@given(instants)
def test_end_of_working_day_is_the_first_business_close_on_or_after(t):
    end = cal.end_of_working_day(t)
    assert end >= t and end.tzinfo == UTC
    assert cal.is_working_day(end) and local_time(end) == time(17)
    # It is the first such end: no working day strictly between t's date and end's date.
    assert cal.working_days_between(t, end) <= 1


@PROPS
@given(instants, st.integers(min_value=0, max_value=4))
def test_next_weekday_on_or_after(t, weekday):
    result = cal.next_weekday_on_or_after(t, weekday)
    d, start_date = result.astimezone(LONDON).date(), t.astimezone(LONDON).date()
    assert result.tzinfo == UTC and local_time(result) == time(9)
    assert d.weekday() == weekday and d >= start_date and cal.is_working_day(d)
    # Every earlier candidate with that weekday was skipped only because it was a holiday.
    skipped = [start_date + timedelta(days=i) for i in range((d - start_date).days)]
    assert all(not cal.is_working_day(x) for x in skipped if x.weekday() == weekday)
    assert (d - start_date).days < 7 * (1 + len([x for x in skipped if x.weekday() == weekday]))


@PROPS
@given(instants, instants)
def test_working_days_between_antisymmetric(a, b):
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)


@PROPS
@given(instants, st.floats(min_value=0, max_value=200, allow_nan=False))
def test_add_hours_is_elapsed(t, hours):
    result = cal.add_hours(t, hours)
    assert result.tzinfo == UTC and result - t == timedelta(hours=hours)


# -- against a plain day-by-day walk ---------------------------------------------------------
# The calendar counts whole weeks and bisects a holiday table; these walk one day at a time
# over the library's own table, as the first version did, and must agree everywhere.

import holidays as holiday_tables  # noqa: E402

REFERENCE_HOLIDAYS = holiday_tables.country_holidays("GB", subdiv="ENG")


def walk_is_working(d):
    return d.weekday() < 5 and d not in REFERENCE_HOLIDAYS


def walk_next_working(d):
    d += timedelta(days=1)
    while not walk_is_working(d):
        d += timedelta(days=1)
    return d


def walk_add_working_days(start, n):
    local = start.astimezone(LONDON)
    d, wall = local.date(), local.time().replace(tzinfo=None)
    if walk_is_working(d) and wall <= time(17):
        wall = max(wall, time(9))
    else:
        d, wall = walk_next_working(d), time(9)
    for _ in range(n):
        d = walk_next_working(d)
    return datetime.combine(d, wall, tzinfo=LONDON).astimezone(UTC)


def walk_between(a, b):
    da, db = a.astimezone(LONDON).date(), b.astimezone(LONDON).date()
    lo, hi = sorted((da, db))
    count = sum(walk_is_working(lo + timedelta(days=i)) for i in range(1, (hi - lo).days + 1))
    return count if db >= da else -count


# Around the end of the library's table (2100) too, where holidays stop.
wide_instants = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2110, 12, 31),
                             timezones=ZONES, allow_imaginary=False)
WALK = settings(max_examples=300, deadline=None)


@WALK
@given(wide_instants, st.integers(min_value=0, max_value=600))
def test_add_working_days_agrees_with_a_day_by_day_walk(start, n):
    assert cal.add_working_days(start, n) == walk_add_working_days(start, n)


@WALK
@given(wide_instants, st.integers(min_value=-900, max_value=900))
def test_working_days_between_agrees_with_a_day_by_day_walk(a, days):
    b = a + timedelta(days=days)
    if b.year > 2110:
        return
    assert cal.working_days_between(a, b) == walk_between(a, b)


@WALK
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2110, 12, 31)))
def test_working_day_and_holidays_agree_with_the_library(d):
    assert cal.is_working_day(d) == walk_is_working(d)
    month_later = d + timedelta(days=31)
    table = holiday_tables.country_holidays("GB", subdiv="ENG", years=range(d.year, month_later.year + 1))
    expected = [(h, table[h]) for h in sorted(table.keys()) if d <= h <= month_later]
    assert cal.holidays_between(d, month_later) == expected


def test_far_dates_are_answered_exactly():
    # Year 9999 is answered exactly (the first version walked ~2.9 million days to get there).
    start, end = london(2026, 11, 2, 10), london(9999, 12, 31, 12)
    weeks, extra = divmod((end.date() - start.date()).days, 7)
    table = holiday_tables.country_holidays("GB", subdiv="ENG", years=range(2026, 10000))
    weekday_holidays = [h for h in table.keys() if h > start.date() and h.weekday() < 5]
    # Monday 2 November 2026 to Friday 31 December 9999: whole weeks, then Tuesday to Friday.
    assert start.weekday() == 0 and end.weekday() == 4 and extra == 4
    between = cal.working_days_between(start, end)
    assert between == 5 * weeks + 4 - len(weekday_holidays)
    assert cal.add_working_days(start, between) == datetime.combine(end.date(), time(10), tzinfo=LONDON)
    assert cal.working_days_between(end, start) == -between
