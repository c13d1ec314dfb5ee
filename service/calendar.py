"""Working-day arithmetic for protocol deadlines ("within 5 working days", "next Wednesday").

Pure date logic: no Flask, no database, no engine, and it never reads the real time --
callers pass the instant they mean (usually from service.clock). Every method takes
timezone-aware datetimes and returns aware UTC instants, so results can be stored and
compared directly; wall-clock reasoning (business hours, which day it is) happens in the
calendar's local zone, because "Friday 10:00" means 10:00 in Knowsley, not in UTC.

Working days are Monday-Friday less the bank holidays of one UK subdivision, taken from
the `holidays` library (England by default; a protocol pack for Scotland passes "SCT").
Business hours are the closed interval [day_start, day_end] in local time.

Every answer costs about the same for any date, near or far: working days are counted
as whole weeks by arithmetic, less the weekday bank holidays in the span, found by
bisection in a table the library fills once for all the years it knows.
"""
import threading
from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays

UTC = timezone.utc
# Far more than any run of consecutive non-working days; only guards against a loop
# that could never end (e.g. a misconfigured holiday table).
_SEARCH_LIMIT_DAYS = 3700


def _weekdays_up_to(ordinal):
    """Monday-Friday days among ordinals 1..ordinal (day 1, 1 January of year 1, was a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _kth_weekday(k):
    """The ordinal of the k-th Monday-Friday day counted from ordinal 1 (k >= 1)."""
    weeks, rest = divmod(k - 1, 5)
    return 7 * weeks + rest + 1


class _HolidayTable:
    """Every bank holiday the library knows for one subdivision, as sorted ordinals."""

    def __init__(self, subdiv):
        probe = holidays.country_holidays("GB", subdiv=subdiv)
        # Outside [start_year, end_year] the library has no holidays, so this is all of them.
        self.names = holidays.country_holidays("GB", subdiv=subdiv,
                                               years=range(probe.start_year, probe.end_year + 1))
        self.dates = sorted(self.names)
        self.all = frozenset(d.toordinal() for d in self.dates)
        self.weekdays = [d.toordinal() for d in self.dates if d.weekday() < 5]

    def weekday_holidays_between(self, lo, hi):
        """Weekday holidays with ordinal in (lo, hi]."""
        return bisect_right(self.weekdays, hi) - bisect_right(self.weekdays, lo)


class WorkingCalendar:
    """Working days and business hours for one UK subdivision and time zone."""

    def __init__(self, subdiv="ENG", tz="Europe/London", day_start=time(9), day_end=time(17)):
        if day_start.tzinfo is not None or day_end.tzinfo is not None:
            raise ValueError("day_start and day_end are local wall-clock times; pass naive times")
        if not day_start < day_end:
            raise ValueError("day_start must be before day_end")
        self.subdiv = subdiv
        self.tz = ZoneInfo(tz)
        self.day_start = day_start
        self.day_end = day_end
        # Built on first use (a few tens of milliseconds), then only read; APScheduler jobs
        # and web requests share one instance, so the build is guarded.
        self._table = None
        self._lock = threading.Lock()

    # -- helpers -----------------------------------------------------------------

    def _local(self, t):
        """An aware datetime converted to this calendar's zone; naive input is refused."""
        if not isinstance(t, datetime):
            raise TypeError(f"expected an aware datetime, got {type(t).__name__}")
        if t.tzinfo is None or t.utcoffset() is None:
            raise ValueError("naive datetime: pass a timezone-aware datetime")
        return t.astimezone(self.tz)

    def _local_date(self, d):
        """The local calendar date of a date or an aware datetime."""
        # datetime is a subclass of date, so test for it first.
        return self._local(d).date() if isinstance(d, datetime) else d

    def _utc(self, d, wall):
        """Local date + wall-clock time, as an aware UTC instant."""
        # fold=0: in the October repeated hour take the first (BST) occurrence; a time in
        # the March gap maps forward an hour. Neither occurs for 09:00-17:00 in the UK.
        return datetime.combine(d, wall, tzinfo=self.tz).astimezone(UTC)

    def _holidays(self):
        if self._table is None:
            with self._lock:
                if self._table is None:
                    self._table = _HolidayTable(self.subdiv)
        return self._table

    def _is_holiday(self, d):
        """True if local date d is a bank holiday (weekend ones included)."""
        return d.toordinal() in self._holidays().all

    def _working_days_after(self, lo, hi):
        """Working days with ordinal in (lo, hi], for lo <= hi: weekdays less weekday holidays."""
        return _weekdays_up_to(hi) - _weekdays_up_to(lo) - self._holidays().weekday_holidays_between(lo, hi)

    def _nth_working_day_after(self, d, n):
        """The n-th working day strictly after date d (n >= 1)."""
        start = d.toordinal()
        base, table = _weekdays_up_to(start), self._holidays()
        # The n-th working day is the k-th weekday after d for the least k with
        # k = n + (weekday holidays up to it); k only grows towards it, a holiday cluster a step.
        k = n
        while True:
            candidate = _kth_weekday(base + k)
            needed = n + table.weekday_holidays_between(start, candidate)
            if needed == k:
                return date.fromordinal(candidate)
            k = needed

    def _next_working_day(self, d):
        """The first working day strictly after date d."""
        return self._nth_working_day_after(d, 1)

    def _business_instant(self, t):
        """The first local (date, wall time) on or after t that lies within business hours."""
        local = self._local(t)
        d, wall = local.date(), local.time()
        if self.is_working_day(d):
            if wall < self.day_start:
                return d, self.day_start
            if wall <= self.day_end:
                return d, wall
        return self._next_working_day(d), self.day_start

    # -- public API --------------------------------------------------------------

    def is_working_day(self, d):
        """True if d (a date, or an aware datetime judged by its local date) is a working day."""
        d = self._local_date(d)
        return d.weekday() < 5 and not self._is_holiday(d)

    def add_working_days(self, start, n):
        """The instant n working days after start, at the same local wall-clock time.

        Rule: start is first moved to the next business instant on or after it -- kept
        as is if it falls on a working day within [day_start, day_end]; moved to day_start
        if earlier that working day; otherwise to day_start of the next working day. Then
        n working days are stepped over, keeping that local wall-clock time, so 10:00 GMT
        on a Friday plus one working day is 10:00 BST on the Monday after the clocks
        change (an elapsed 71 hours, not 72). n=0 gives the business instant itself.
        n must be >= 0.
        """
        if n < 0:
            raise ValueError("n must be a non-negative number of working days")
        d, wall = self._business_instant(start)
        if n:
            d = self._nth_working_day_after(d, n)
        return self._utc(d, wall)

    def working_days_between(self, a, b):
        """Working days after a's local date up to and including b's; negative if b is earlier."""
        da, db = self._local_date(a), self._local_date(b)
        if db < da:
            return -self._working_days_after(db.toordinal(), da.toordinal())
        return self._working_days_after(da.toordinal(), db.toordinal())

    def end_of_working_day(self, t):
        """day_end on t's local day if that is a working day not yet past day_end, else on the next working day."""
        local = self._local(t)
        d = local.date()
        if not (self.is_working_day(d) and local.time() <= self.day_end):
            d = self._next_working_day(d)
        return self._utc(d, self.day_end)

    def next_weekday_on_or_after(self, t, weekday):
        """day_start on the first working day with this weekday (0=Monday) on or after t's local date.

        Date-based: a Wednesday t after day_start still returns that Wednesday's day_start.
        A bank holiday on that weekday moves the answer to the following week.
        """
        if not 0 <= weekday <= 4:
            raise ValueError("weekday must be 0 (Monday) to 4 (Friday); weekends are never working days")
        d = self._local(t).date()
        d += timedelta(days=(weekday - d.weekday()) % 7)
        for _ in range(_SEARCH_LIMIT_DAYS // 7):
            if self.is_working_day(d):
                return self._utc(d, self.day_start)
            d += timedelta(days=7)
        raise RuntimeError(f"no working weekday {weekday} found after {t}")

    def add_hours(self, t, hours):
        """t plus plain elapsed hours, as aware UTC (protocols' 4 h / 24 h / 48 h windows ignore working days)."""
        return self._local(t).astimezone(UTC) + timedelta(hours=hours)

    def holidays_between(self, a, b):
        """Sorted (date, name) bank holidays from a's local date to b's, both inclusive (weekend ones too)."""
        da, db = self._local_date(a), self._local_date(b)
        table = self._holidays()
        found = table.dates[bisect_left(table.dates, da):bisect_right(table.dates, db)]
        return [(d, table.names[d]) for d in found]


england = WorkingCalendar()
