"""Benchmark: how long one sweep takes to fire 1,000 due timers.

Creates N cases, each running a one-task pathway whose task carries a non-interrupting
``working_days(1)`` deadline (the escalation pattern), moves the clock past the deadline
and times one ``fire_due_timers`` sweep: claim, load, fire, save (state, work items,
timer index), audit, commit -- once per timer. Then checks that every timer fired once
and that a second sweep fires nothing. Numbers, not assertions.

Usage: python tools/bench_sweep.py [--timers 1000] [--runs 3] [--sweepers 1]
                                   [--database-url URL]   # default: SQLite file in a temp dir
A --database-url must name an empty, throwaway database: the tables are created, then dropped.
"""
import argparse
import secrets
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from draw_bpmn import render  # noqa: E402

from service import catalog, create_app, instances, sweep  # noqa: E402
from service.clock import FakeClock  # noqa: E402
from service.extensions import db  # noqa: E402
from service.models import Case, WorkItem  # noqa: E402

START = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)  # a Monday morning
PATHWAY = "camden/bench_deadline"
DIAGRAM = {
    "PROCESS": ("camden_bench_deadline", "Deadline benchmark"),
    "LANES": ["MASH Social Worker", "MASH Manager"],
    "NODES": [("received", "startEvent", "Received", 0, 0, 0), ("screen", "userTask", "Screen", 0, 1, 0),
              ("screened", "endEvent", "Screened", 0, 3, 0), ("chase", "userTask", "Chase", 1, 2, 0),
              ("chased", "endEvent", "Chased", 1, 3, 0)],
    "TIMERS": [("screen_overdue", "1 working day", "screen", "timeDate", "working_days(1)", False)],
    "FLOWS": [("f1", "received", "screen", None, None, False), ("f2", "screen", "screened", None, None, False),
              ("f3", "screen_overdue", "chase", None, None, False), ("f4", "chase", "chased", None, None, False)],
}


def build_app(url, clock):
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "NOW": clock, "SCHEDULER_ENABLED": False,
                       "SECRET_KEY": secrets.token_hex(32)})


def populate(app, count):
    """``count`` fictional cases, each with a waiting deadline; committed in batches."""
    rt = app.extensions["stepwise"]
    version, _ = catalog.add_version(PATHWAY, {"bench_deadline.bpmn": render(DIAGRAM).encode()}, rt.now())
    db.session.commit()
    for i in range(count):
        case = Case(child_name=f"Fictional Bench Child {i}", pack="camden", created_at=rt.now())
        db.session.add(case)
        db.session.flush()
        instances.create(rt, case, version, actor=None)
        if i % 100 == 99:
            db.session.commit()
    db.session.commit()


def one_run(url, count, sweepers):
    clock = FakeClock(START)
    app = build_app(url, clock)
    with app.app_context():
        db.drop_all()
        db.create_all()
        populate(app, count)
    clock.advance(days=1, minutes=1)
    results = [[] for _ in range(sweepers)]
    barrier = threading.Barrier(sweepers)

    def sweeper(slot):
        with app.app_context():
            barrier.wait()
            results[slot] = sweep.fire_due_timers(app.extensions["stepwise"])

    threads = [threading.Thread(target=sweeper, args=(slot,)) for slot in range(sweepers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    fired = [f["instance_id"] for r in results for f in r]
    with app.app_context():
        again = sweep.fire_due_timers(app.extensions["stepwise"])
        chases = db.session.scalar(db.select(db.func.count()).select_from(WorkItem)
                                   .where(WorkItem.bpmn_id == "chase", WorkItem.status == "open"))
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    assert len(fired) == len(set(fired)) == count == chases, (len(fired), len(set(fired)), chases)
    assert again == []
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sweepers", type=int, default=1, help="sweeps racing in threads (exactly-once check)")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        kind = url.split(":", 1)[0]
        times = []
        for run in range(args.runs):
            times.append(one_run(url, args.timers, args.sweepers))
            print(f"run {run + 1}: {times[-1]:.2f} s", flush=True)
    median = statistics.median(times)
    print(f"{kind}, {args.sweepers} sweeper(s): one sweep fired {args.timers} due timers in "
          f"{median:.2f} s (median of {args.runs}) = {median / args.timers * 1000:.2f} ms per timer, "
          f"{args.timers / median:.0f} timers/s; each fired exactly once")


if __name__ == "__main__":
    main()
