"""Benchmark: what recording a read costs a request (GET /api/v1/cases/<id> and the case page).

Times the same read with the read recorded (as in production) and with recording switched
off in this process only, in alternating blocks so drift hits both alike, and prints p50,
p95, their difference and ratio, as elapsed time and as this process's CPU time; then the
same for the "who has looked at this record" list a manager sees on the case page. Numbers, not assertions. The database is emptied first:
point --database-url only at a scratch database.

Usage: python tools/bench_read_audit.py [--reads 2000] [--database-url URL]
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.access import auth
from service.diagrams import catalog
from service import create_app, demo
from service.store import read_audit  # noqa: E402
from service.clock import FakeClock  # noqa: E402
from service.extensions import db  # noqa: E402

EH = "camden-early-help-manager"
BLOCK = 100


def build(database_url):
    """An app on an emptied database with one Camden case on Step Up to MASH; (client, token, case id)."""
    clock = FakeClock(datetime(2026, 11, 2, 10, tzinfo=timezone.utc))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "NOW": clock,
                      "SCHEDULER_ENABLED": False, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASHER_PARAMS": {"time_cost": 1, "memory_cost": 64, "parallelism": 1}})
    with app.app_context():
        db.drop_all()
        db.create_all()
        catalog.sync_shipped(clock())
        demo.seed(app.extensions["stepwise"])
        token = auth.issue_token(auth.find_user(EH), clock())
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    case = client.post("/api/v1/cases", json={"child_name": "Bench child (fictional)", "date_of_birth": "2018-01-01",
                                              "pack": "camden"}, headers=headers).json
    client.post(f"/api/v1/cases/{case['id']}/pathways", json={"pathway": "camden/step_up_to_mash"}, headers=headers)
    browser = app.test_client()
    browser.post("/sign-in", data={"username": EH, "password": demo.DEMO_PASSWORD})
    return app, client, headers, browser, case["id"]


def measure(reads, get, switch):
    """Wall and CPU milliseconds per read with ``switch(True)`` and ``switch(False)``, alternating."""
    timings = {(on, kind): [] for on in (True, False) for kind in ("wall", "cpu")}
    for _ in range(BLOCK):  # warm up caches, pools and parsed diagrams
        get()
    try:
        for block in range(2 * max(1, reads // BLOCK)):
            on = block % 2 == 0
            switch(on)
            for _ in range(BLOCK):
                wall, cpu = time.perf_counter(), time.thread_time()
                response = get()
                timings[on, "cpu"].append((time.thread_time() - cpu) * 1e3)
                timings[on, "wall"].append((time.perf_counter() - wall) * 1e3)
                assert response.status_code == 200, response.status_code
    finally:
        switch(True)
    return timings


def recording(on, _note=read_audit.note):
    """Switch the recording of reads on or off, in this process only."""
    read_audit.note = _note if on else (lambda *args, **kwargs: None)


def who_looked_list(on, _may_see=read_audit.may_see_reads):
    """Show or hide the 'who has looked' list, in this process only."""
    read_audit.may_see_reads = _may_see if on else (lambda user, case: False)


def report(label, timings, what):
    def pct(values, q):
        return statistics.quantiles(values, n=100)[q - 1]
    print(f"{label} ({len(timings[True, 'wall'])} reads each way)")
    for kind, note in (("wall", "elapsed"), ("cpu", "this process's CPU; the database server's not counted")):
        on, off = timings[True, kind], timings[False, kind]
        p50_on, p95_on, p50_off, p95_off = pct(on, 50), pct(on, 95), pct(off, 50), pct(off, 95)
        print(f"  {kind} ({note})")
        print(f"    without {what}: p50 {p50_off:6.2f} ms   p95 {p95_off:6.2f} ms")
        print(f"    with {what}:    p50 {p50_on:6.2f} ms   p95 {p95_on:6.2f} ms")
        print(f"    cost:  p50 {p50_on - p50_off:+6.2f} ms   p95 {p95_on - p95_off:+6.2f} ms"
              f"   ratio p50 {p50_on / p50_off:4.2f}x   p95 {p95_on / p95_off:4.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
        app, client, headers, browser, case_id = build(url)
        print(f"database: {url.split(':')[0]}; load average at start {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs (wall times swell on a busy machine; CPU times less so)")
        report(f"GET /api/v1/cases/{case_id}", measure(args.reads, lambda: client.get(
            f"/api/v1/cases/{case_id}", headers=headers), recording), "recording")
        page = f"/cases/{case_id}"
        report(f"GET {page} (case page, as a manager)",
               measure(args.reads, lambda: browser.get(page), recording), "recording")
        report(f"GET {page} (case page, as a manager: the 'who has looked' list itself)",
               measure(args.reads, lambda: browser.get(page), who_looked_list), "the list")
        with app.app_context():
            print(f"record_reads rows written: {db.session.scalar(db.select(db.func.count()).select_from(read_audit.RecordRead))}")
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
