"""Benchmark: throughput of a production-shaped Stepwise under concurrent workers, on PostgreSQL.

Starts gunicorn with W sync workers (the README's recommended server) and one timer
scheduler process (``flask scheduler``) on an empty, throwaway PostgreSQL database, then lets
locust run C concurrent clients for S seconds, each looping the six-task Camden CP journey
(create a case, start the step-up to MASH, then for each task: read the case's open tasks,
complete the task as the user whose role owns it). Loopback only.

Prints completes per second, p50/p95/p99 of a complete and of every request, the error count,
and checks exactly-once against the database: every complete the server acknowledged is one
``task.completed`` event in the chronology (none lost), no work item was completed twice (none
doubled), and no completion exists that no client saw acknowledged. Numbers, not assertions.

Usage: python tools/bench_throughput.py --database-url URL [--workers 4] [--clients 50] [--seconds 60]
The database must be empty and throwaway: the tables are created, then dropped.
Needs the bench extra (``pip install -e '.[bench]'``: locust).
"""
import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from bench_journey import ORDER, USERS, Gunicorn, prepare, task_data  # noqa: E402

from service.clock import system_clock  # noqa: E402

PATHWAY = "camden/step_up_to_mash"


def start_scheduler(url, log):
    """The timer sweep as its own process, as the README runs it beside the web workers."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), "STEPWISE_SWEEP_SECONDS": "5"}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "service", "scheduler"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def run_locust(port, clients, seconds, plan_path, completed_path, csv_prefix, log):
    env = {**os.environ, "BENCH_JOURNEY_PLAN": str(plan_path), "BENCH_COMPLETED_FILE": str(completed_path)}
    # --stop-timeout lets a journey's request in flight finish, so an acknowledged complete is not lost
    # to the test's end (that would show as a completion no client saw).
    subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "tools" / "locust_journeys.py"), "--headless",
                    "--users", str(clients), "--spawn-rate", str(clients), "--run-time", f"{seconds}s",
                    "--stop-timeout", "60", "--host", f"http://127.0.0.1:{port}", "--csv", str(csv_prefix),
                    "--only-summary", "--loglevel", "WARNING"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                   check=False)


def read_stats(csv_prefix):
    """{request name: row} from locust's stats CSV ("Aggregated" is every request)."""
    with open(f"{csv_prefix}_stats.csv") as rows:
        return {row["Name"]: row for row in csv.DictReader(rows)}


def exactly_once(url, acknowledged):
    """(lost, doubled, unseen): acknowledged completes missing from the chronology, work items completed more
    than once, completions no client saw acknowledged."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT work_item_id, count(*) FROM audit_events WHERE action = 'task.completed' "
                                 "GROUP BY work_item_id")).all()
    engine.dispose()
    recorded = {item: count for item, count in rows}
    seen = set(acknowledged)
    lost = len(seen - set(recorded))
    doubled = sum(1 for count in recorded.values() if count > 1) + (len(acknowledged) - len(seen))
    unseen = len(set(recorded) - seen)
    return lost, doubled, unseen, sum(recorded.values())


def drop_tables(url):
    from service import create_app
    from service.extensions import db
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def figure(row, key):
    return float(row[key]) if row and row.get(key) not in (None, "", "N/A") else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="an empty, throwaway PostgreSQL database")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    url = args.database_url
    tokens = prepare(url)
    answers = task_data(system_clock().date())
    plan = {"tokens": tokens, "users": USERS, "order": ORDER, "answers": answers, "pathway": PATHWAY,
            "case": {"child_name": "Fictional Bench Child", "date_of_birth": "2018-01-01", "pack": "camden"}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plan_path, completed_path = tmp / "plan.json", tmp / "completed.json"
        plan_path.write_text(json.dumps(plan))
        server = Gunicorn(url, args.workers, "sync", tmp / "gunicorn.log")
        scheduler_log = open(tmp / "scheduler.log", "w")
        scheduler = start_scheduler(url, scheduler_log)
        try:
            time.sleep(2)  # let the workers import the app before the clients arrive
            with open(tmp / "locust.log", "w") as log:
                run_locust(server.port, args.clients, args.seconds, plan_path, completed_path, tmp / "stats", log)
            stats = read_stats(tmp / "stats")
            acknowledged = json.loads(completed_path.read_text()) if completed_path.exists() else []
        finally:
            scheduler.terminate()
            scheduler.wait(timeout=30)
            scheduler_log.close()
            server.stop()
        errors_in_log = (tmp / "gunicorn.log").read_text().count("Traceback")
    lost, doubled, unseen, recorded = exactly_once(url, acknowledged)
    drop_tables(url)

    complete, every = stats.get("complete"), stats.get("Aggregated")
    failures = int(figure(every, "Failure Count")) if every else -1
    print(f"Camden CP journeys: {args.clients} concurrent clients for {args.seconds} s; gunicorn {args.workers} sync "
          f"workers + 1 scheduler process; PostgreSQL; loopback")
    print(f"  completes: {int(figure(complete, 'Request Count'))} acknowledged, "
          f"{figure(complete, 'Requests/s'):.1f} per second")
    for name, row in (("complete", complete), ("every request", every)):
        print(f"  {name:>13}: p50 {figure(row, '50%'):.0f} ms, p95 {figure(row, '95%'):.0f} ms, "
              f"p99 {figure(row, '99%'):.0f} ms, {figure(row, 'Requests/s'):.1f} requests/s")
    print(f"  errors: {failures} failed requests, {errors_in_log} server tracebacks   target 0: "
          f"{'met' if failures == 0 and errors_in_log == 0 else 'MISSED'}")
    print(f"  exactly-once: {recorded} completions recorded; {lost} lost, {doubled} doubled, {unseen} not "
          f"acknowledged to any client   target 0/0: {'met' if lost == 0 and doubled == 0 else 'MISSED'}")


if __name__ == "__main__":
    main()
