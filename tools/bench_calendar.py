"""Benchmark: working-day arithmetic near and far (numbers, not assertions).

Times ``add_working_days`` and ``working_days_between`` from a fixed Monday to a date a
week, a year, a century and ~8,000 years away (year 9999), median of --runs calls each.
The first call of a process builds the holiday table once; it is timed separately.

Usage: python tools/bench_calendar.py [--runs 200]
"""
import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.calendar import WorkingCalendar  # noqa: E402

LONDON = ZoneInfo("Europe/London")


def median_us(call, runs):
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1e6)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    cal = WorkingCalendar()
    start = datetime(2026, 11, 2, 10, tzinfo=LONDON)
    began = time.perf_counter()
    cal.is_working_day(start)
    print(f"holiday table built on first use: {(time.perf_counter() - began) * 1e3:.1f} ms")
    print(f"{'to':>12} {'working days':>13} {'between (µs)':>13} {'add (µs)':>9}")
    for label, end in (("a week", datetime(2026, 11, 9, 10, tzinfo=LONDON)),
                       ("a year", datetime(2027, 11, 2, 10, tzinfo=LONDON)),
                       ("a century", datetime(2126, 11, 2, 10, tzinfo=LONDON)),
                       ("year 9999", datetime(9999, 12, 31, 10, tzinfo=LONDON))):
        n = cal.working_days_between(start, end)
        between = median_us(lambda: cal.working_days_between(start, end), args.runs)
        add = median_us(lambda: cal.add_working_days(start, n), args.runs)
        print(f"{label:>12} {n:>13,} {between:>13.1f} {add:>9.1f}")


if __name__ == "__main__":
    main()
