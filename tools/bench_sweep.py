"""Benchmark: how fast sweeps fire a council-wide morning of due timers, each exactly once.

Creates N cases, each running a one-task pathway whose task carries a non-interrupting
``working_days(1)`` deadline (the escalation pattern): one through the service
(``instances.create``), the rest copied from it with bulk inserts into the same tables.
Then moves the clock past the deadline and lets S sweepers (processes by default, or
threads) run ``fire_due_timers`` at once: claim in batches, then per instance lock, load,
fire, save (state, work items, timer index), audit, commit.

Prints timers/s (target: 10,000 in <= 10 s, i.e. >= 1,000/s, with 4 sweepers on
PostgreSQL), the longest any due timer waited from the sweep's start to its firing
(target: within one sweep interval, SWEEP_SECONDS), and checks exactly-once: every timer
fired by exactly one sweeper, one ``timer.fired`` event each, one chase task each, and a
second sweep fires nothing. Numbers, not assertions (beyond the exactly-once check).

Usage: python tools/bench_sweep.py [--timers 10000] [--runs 1] [--sweepers 4] [--threads]
                                   [--batch 100] [--database-url URL]   # default: SQLite file
A --database-url must name an empty, throwaway database: the tables are created, then dropped.
"""
import argparse
import multiprocessing
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

from service.diagrams import catalog
from service import create_app
from service.work import instances
from service.deadlines import sweep  # noqa: E402
from service.clock import FakeClock  # noqa: E402
from service.extensions import db  # noqa: E402
from service.store.models import AuditEvent, Case, ProcessInstance, WorkItem  # noqa: E402
from service.deadlines.timer_index import Timer  # noqa: E402

START = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)  # a Monday morning
FIRE_AT = datetime(2026, 11, 3, 10, 1, tzinfo=timezone.utc)  # one working day and a minute later
SWEEP_SECONDS = 30  # the scheduler's default interval (STEPWISE_SWEEP_SECONDS)
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
    """``count`` fictional cases, each with a waiting deadline: one made by the service, the rest copies."""
    rt = app.extensions["stepwise"]
    version, _ = catalog.add_version(PATHWAY, {"bench_deadline.bpmn": render(DIAGRAM).encode()}, rt.now())
    db.session.commit()
    case = Case(child_name="Fictional Bench Child 0", pack="camden", created_at=rt.now())
    db.session.add(case)
    db.session.flush()
    template = instances.create(rt, case, version, actor=None)
    db.session.commit()
    item = db.session.scalars(db.select(WorkItem).where(WorkItem.instance_id == template.id)).one()
    timer = db.session.scalars(db.select(Timer).where(Timer.instance_id == template.id)).one()
    columns = {t: [c.name for c in t.columns if c.name != "id"]
               for t in (Case.__table__, ProcessInstance.__table__, WorkItem.__table__, Timer.__table__)}

    def row(obj, table, **changes):
        return {**{name: getattr(obj, name) for name in columns[table]}, **changes}

    conn = db.session.connection()
    for start in range(1, count, 1000):
        numbers = range(start, min(start + 1000, count))
        case_ids = conn.execute(db.insert(Case.__table__).returning(Case.__table__.c.id),
                                [row(case, Case.__table__, child_name=f"Fictional Bench Child {n}")
                                 for n in numbers]).scalars().all()
        instance_ids = conn.execute(db.insert(ProcessInstance.__table__).returning(ProcessInstance.__table__.c.id),
                                    [row(template, ProcessInstance.__table__, case_id=c, runs_alone=False)
                                     for c in case_ids]).scalars().all()
        pairs = list(zip(case_ids, instance_ids))
        conn.execute(db.insert(WorkItem.__table__), [row(item, WorkItem.__table__, case_id=c, instance_id=i)
                                                     for c, i in pairs])
        conn.execute(db.insert(Timer.__table__), [row(timer, Timer.__table__, case_id=c, instance_id=i)
                                                  for c, i in pairs])
    db.session.commit()


def sweeper(url, batch, ready, go, results):
    """One sweeper (its own app, session and connection): wait for the start, sweep, report."""
    app = build_app(url, FakeClock(FIRE_AT))
    with app.app_context():
        db.session.execute(db.select(1))  # connect before the start line
        db.session.commit()
        ready.wait()
        go.wait()
        fired = sweep.fire_due_timers(app.extensions["stepwise"], batch=batch)
        finished = time.perf_counter()
        db.session.remove()
        db.engine.dispose()
    results.put(([f["id"] for f in fired], finished))


def one_run(url, count, sweepers, batch, use_threads):
    app = build_app(url, FakeClock(START))
    with app.app_context():
        db.drop_all()
        db.create_all()
        populate(app, count)
        db.session.remove()
        db.engine.dispose()
    if use_threads:
        ready, go, results = threading.Barrier(sweepers + 1), threading.Event(), _ListQueue()
        workers = [threading.Thread(target=sweeper, args=(url, batch, ready, go, results)) for _ in range(sweepers)]
    else:
        ctx = multiprocessing.get_context("spawn")  # each sweeper a fresh process, as gunicorn workers are
        ready, go, results = ctx.Barrier(sweepers + 1), ctx.Event(), ctx.Queue()
        workers = [ctx.Process(target=sweeper, args=(url, batch, ready, go, results)) for _ in range(sweepers)]
    for worker in workers:
        worker.start()
    ready.wait()  # every sweeper has its app and connection
    started = time.perf_counter()
    go.set()
    outcomes = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = max(finished for _, finished in outcomes) - started
    fired = [timer_id for ids, _ in outcomes for timer_id in ids]
    per_sweeper = [len(ids) for ids, _ in outcomes]
    clock = FakeClock(FIRE_AT)
    app = build_app(url, clock)
    with app.app_context():
        again = sweep.fire_due_timers(app.extensions["stepwise"])
        chases = db.session.scalar(db.select(db.func.count()).select_from(WorkItem)
                                   .where(WorkItem.bpmn_id == "chase", WorkItem.status == "open"))
        events = db.session.execute(db.select(AuditEvent.instance_id, db.func.count())
                                    .where(AuditEvent.action == "timer.fired")
                                    .group_by(AuditEvent.instance_id)).all()
        rows_fired = db.session.scalar(db.select(db.func.count()).select_from(Timer).where(Timer.status == "fired"))
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    once = (len(fired) == len(set(fired)) == count == chases == len(events) == rows_fired
            and all(n == 1 for _, n in events) and again == [])
    assert once, dict(fired=len(fired), distinct=len(set(fired)), chases=chases, events=len(events),
                      rows_fired=rows_fired, again=len(again))
    return elapsed, per_sweeper


class _ListQueue:
    """A thread-safe stand-in for a process queue."""

    def __init__(self):
        self.items, self.ready = [], threading.Semaphore(0)

    def put(self, item):
        self.items.append(item)
        self.ready.release()

    def get(self):
        self.ready.acquire()
        return self.items.pop(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timers", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sweepers", type=int, default=4, help="sweeps racing at once (exactly-once check)")
    parser.add_argument("--threads", action="store_true", help="sweepers as threads of one process")
    parser.add_argument("--batch", type=int, default=sweep.BATCH, help="timers claimed per statement")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        kind = url.split(":", 1)[0].split("+")[0]
        times = []
        for run in range(args.runs):
            elapsed, per_sweeper = one_run(url, args.timers, args.sweepers, args.batch, args.threads)
            times.append(elapsed)
            print(f"run {run + 1}: {elapsed:.2f} s, {args.timers / elapsed:.0f} timers/s; "
                  f"fired per sweeper {per_sweeper}", flush=True)
    median = statistics.median(times)
    how = "threads" if args.threads else "processes"
    rate = args.timers / median
    print(f"{kind}, {args.sweepers} sweeper {how}, batches of {args.batch}: {args.timers} due timers fired in "
          f"{median:.2f} s (median of {args.runs}; runs {min(times):.2f}-{max(times):.2f} s) = "
          f"{rate:.0f} timers/s   target >= 1000/s: {'met' if rate >= 1000 else 'MISSED'}")
    print(f"  longest wait from the sweep's start to a firing: {max(times):.2f} s   "
          f"target <= one sweep interval ({SWEEP_SECONDS} s): {'met' if max(times) <= SWEEP_SECONDS else 'MISSED'}")
    print("  exactly once: every timer fired by one sweeper, one timer.fired event and one chase task each; "
          "a second sweep fired nothing")


if __name__ == "__main__":
    main()
