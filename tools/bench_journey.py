"""Benchmark: completing a task over HTTP against the bare engine's floor, in one run.

Runs the six-task Camden CP journey, in interleaved rounds so that a busy machine slows
both sides alike:
  - the engine floor: the bare engine completing each task with Stepwise's spec-less save
    and restore around it (what any persistent service must at least do);
  - the API: ``POST /api/v1/tasks/<id>/complete`` over HTTP to a real gunicorn server
    (its own process, a free loopback port, one client on one connection, keep-alive
    when the worker honours it), on a fresh SQLite file;
and prints each one's median per task, the API's p95, and the ratio API / floor, with the
targets (median <= 5 ms, ratio <= 4x). A last pass through Flask's test client, in this
process, counts the SQL statements of each complete (an event listener on the engine) and
times complete and floor in CPU seconds, which a busy machine disturbs less than wall time.
Numbers, not assertions; on a shared machine, read the ranges across rounds.

Usage: python tools/bench_journey.py [--rounds 5] [--journeys 40] [--workers 1]
                                     [--worker-class sync|gthread] [--server gunicorn|test-client]
"""
import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from service.clock import FakeClock, system_clock  # noqa: E402
from service.engine import Engine, load_definition  # noqa: E402

DIAGRAM = ROOT / "bpmn" / "camden" / "step_up_to_mash.bpmn"
TARGET_MS, TARGET_RATIO = 5.0, 4.0


def task_data(today):
    """Each task's answers; dates near ``today``, which the forms check against the service's clock."""
    return {
        "send_step_up_to_mash": dict(reason="CP", information_for_cssw="Fictional benchmark text",
                                     risk_of_significant_harm="Yes", why_eh_cannot_meet_needs="x",
                                     discussed_with_family="Yes"),
        "mash_contact_and_referral": dict(contact_type="Request for services", already_known="No",
                                          eha_previously_completed="No", further_details="x"),
        "write_summary": dict(household_details="x", screening_findings="x", recommended_decision="CP"),
        "mash_manager_decision": dict(authorised=True, next_actions="CP", receiving_team="Duty team",
                                      decision_rationale="x"),
        # Held yesterday: a meeting that has happened cannot be dated in the future.
        "strategy_discussion": dict(held_at=f"{(today - timedelta(days=1)).isoformat()}T10:00", attendees="x",
                                    section_47_enquiry="Yes",
                                    strategy_outcome="x"),
        "child_and_family_assessment": dict(allocated_team="x", allocated_social_worker="camden-mash-social-worker",
                                            assessment_start_date=today.isoformat()),
    }


USERS = {"send_step_up_to_mash": "camden-early-help-manager",
         "mash_contact_and_referral": "camden-mash-manager", "write_summary": "camden-mash-social-worker",
         "mash_manager_decision": "camden-mash-manager", "strategy_discussion": "camden-mash-manager",
         "child_and_family_assessment": "camden-duty-manager-of-the-receiving-team"}
ORDER = list(USERS)


# --- The engine floor ------------------------------------------------------------------------

def engine_floor(journeys, timer=time.perf_counter):
    """Seconds per user task (each one timed by ``timer``): restore, complete, save, spec-less storage."""
    clock = FakeClock(datetime(2026, 11, 2, 10, tzinfo=timezone.utc))
    data = task_data(clock().date())
    definition = load_definition("camden/step_up_to_mash", {DIAGRAM.name: DIAGRAM.read_bytes()})
    engine = Engine(clock)
    dump, load = definition.serialiser.dumps, definition.serialiser.loads
    times = []
    for _ in range(journeys):
        state = dump(engine.start(definition))
        while True:
            started = timer()
            wf = load(state)
            wf.script_engine = engine.script_engine
            ready = engine.ready_tasks(wf)
            if not ready:
                break
            engine.complete(wf, ready[0].task_uuid, data[ready[0].bpmn_id])
            state = dump(wf)
            times.append(timer() - started)
    return times


# --- A database with demo users and their tokens --------------------------------------------

def prepare(url):
    """Create the tables, deploy the shipped diagrams, add the demo users; {username: token}."""
    from service.access import auth
    from service.diagrams import catalog
    from service import create_app, demo
    from service.extensions import db
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False,
                      "PASSWORD_HASHER_PARAMS": {"time_cost": 1, "memory_cost": 64, "parallelism": 1}})
    with app.app_context():
        db.create_all()
        now = system_clock()
        catalog.sync_shipped(now)
        demo.seed(app.extensions["stepwise"])
        tokens = {u: auth.issue_token(auth.find_user(u), now) for u in set(USERS.values())}
        db.session.commit()
        db.engine.dispose()
    return tokens


# --- Clients: real HTTP, or Flask's test client --------------------------------------------------

class HttpClient:
    """One connection to the server, reused while the server keeps it open."""

    def __init__(self, port, tokens):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.tokens = tokens

    def call(self, method, url, user, body=None):
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method.upper(), url, body=payload, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        if response.will_close:
            self.conn.close()  # a sync worker answers Connection: close; the next call reconnects
        assert response.status < 300, (url, response.status, data[:300])
        return json.loads(data)


class TestClient:
    """Flask's test client on an app in this process (no server, no sockets)."""

    def __init__(self, app, tokens):
        self.client, self.tokens = app.test_client(), tokens

    def call(self, method, url, user, body=None):
        response = getattr(self.client, method)(url, json=body,
                                                headers={"Authorization": f"Bearer {self.tokens[user]}"})
        assert response.status_code < 300, (url, response.json)
        return response.json


def journeys_through(client, count, data, on_complete=None, timer=time.perf_counter):
    """Run ``count`` journeys; the seconds (by ``timer``) each complete took, request sent to answer read."""
    times = []
    eh = USERS["send_step_up_to_mash"]
    for n in range(count):
        case = client.call("post", "/api/v1/cases", eh, {"child_name": f"Bench child {n} (fictional)",
                                                         "date_of_birth": "2018-01-01", "pack": "camden"})
        client.call("post", f"/api/v1/cases/{case['id']}/pathways", eh, {"pathway": "camden/step_up_to_mash"})
        for task_id in ORDER:
            user = USERS[task_id]
            [item] = [t for t in client.call("get", f"/api/v1/tasks?case={case['id']}", user)["tasks"]
                      if t["task_id"] == task_id]
            if on_complete:
                on_complete("start")
            started = timer()
            client.call("post", f"/api/v1/tasks/{item['id']}/complete", user, {"data": data[task_id]})
            times.append(timer() - started)
            if on_complete:
                on_complete("end")
    return times


class Gunicorn:
    """gunicorn serving the app on a socket this process opened (so no waiting for it to bind)."""

    def __init__(self, url, workers, worker_class, log_path):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32), "STEPWISE_SCHEDULER": "off"}
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", worker_class,
             "--bind", f"fd://{self.sock.fileno()}", "service:create_app()"],
            cwd=ROOT, env=env, pass_fds=[self.sock.fileno()], stdout=self.log, stderr=subprocess.STDOUT)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.sock.close()
        self.log.close()


# --- Statements per complete -------------------------------------------------------------------

def statements_per_complete(url, tokens, journeys, data):
    """(SQL statements of each complete, CPU seconds each took) through the test client, in this process."""
    from service import create_app
    from service.extensions import db
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False,
                      "SECRET_KEY": secrets.token_hex(32)})
    counts, counting = [], [False]

    def count(*_args):
        if counting[0]:
            counts[-1] += 1

    def on_complete(moment):
        if moment == "start":
            counts.append(0)
        counting[0] = moment == "start"

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        times = journeys_through(TestClient(app, tokens), journeys, data, on_complete, timer=time.process_time)
    finally:
        event.remove(engine, "before_cursor_execute", count)
        engine.dispose()
    return counts, times


def ms(seconds):
    return seconds * 1e3


def p95(values):
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--journeys", type=int, default=40, help="journeys per round (6 completes each)")
    parser.add_argument("--server", choices=["gunicorn", "test-client"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--worker-class", default="sync")
    args = parser.parse_args()
    data = task_data(system_clock().date())
    floor_rounds, api_rounds = [], []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        tokens = prepare(url)
        server = None
        if args.server == "gunicorn":
            server = Gunicorn(url, args.workers, args.worker_class, Path(tmp) / "gunicorn.log")
            client = HttpClient(server.port, tokens)
            described = f"gunicorn, {args.workers} {args.worker_class} worker(s), HTTP on loopback"
        else:
            from service import create_app
            app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SCHEDULER_ENABLED": False,
                              "SECRET_KEY": secrets.token_hex(32)})
            client = TestClient(app, tokens)
            described = "Flask test client, in process (no server)"
        try:
            journeys_through(client, 2, data)  # warm up: parse the diagram, fill caches
            for _ in range(args.rounds):
                floor_rounds.append(engine_floor(args.journeys))
                api_rounds.append(journeys_through(client, args.journeys, data))
        finally:
            if server:
                server.stop()
        counts, cpu_api = statements_per_complete(url, tokens, max(3, args.journeys // 2), data)
    cpu_floor = engine_floor(max(3, args.journeys // 2), timer=time.process_time)

    floors = [statistics.median(r) for r in floor_rounds]
    apis = [statistics.median(r) for r in api_rounds]
    ratios = [a / f for a, f in zip(apis, floors)]
    all_api = [t for r in api_rounds for t in r]
    floor, api, ratio = statistics.median(floors), statistics.median(apis), statistics.median(ratios)
    print(f"Camden CP journey, {args.rounds} interleaved rounds x {args.journeys} journeys x {len(ORDER)} completes;"
          f" SQLite file")
    print(f"  engine floor (bare engine + spec-less save/restore): median {ms(floor):6.2f} ms per task"
          f"   (rounds {ms(min(floors)):.2f}-{ms(max(floors)):.2f})")
    print(f"  API complete ({described}):")
    print(f"      median {ms(api):6.2f} ms  (rounds {ms(min(apis)):.2f}-{ms(max(apis)):.2f}), "
          f"p95 {ms(p95(all_api)):.2f} ms     target median <= {TARGET_MS:.0f} ms: "
          f"{'met' if ms(api) <= TARGET_MS else 'MISSED'}")
    print(f"  ratio API / engine floor: median {ratio:5.2f}x  (rounds {min(ratios):.2f}-{max(ratios):.2f})"
          f"     target <= {TARGET_RATIO:.0f}x: {'met' if ratio <= TARGET_RATIO else 'MISSED'}")
    cpu_ratio = statistics.median(cpu_api) / statistics.median(cpu_floor)
    print(f"  CPU time, less sensitive to a busy machine (Flask test client in this process): complete median "
          f"{ms(statistics.median(cpu_api)):.2f} ms, engine floor {ms(statistics.median(cpu_floor)):.2f} ms, "
          f"ratio {cpu_ratio:.2f}x")
    print(f"  SQL statements per complete ({len(counts)} completes): median "
          f"{statistics.median(counts):.0f}, range {min(counts)}-{max(counts)}")


if __name__ == "__main__":
    main()
