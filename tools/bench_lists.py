"""Benchmark: the tray, the overdue filter, case search and counts with many cases (PostgreSQL).

Empties the database at DATABASE_URL (or --database-url; point it only at a scratch
database), runs one real Camden CP journey and one start of every other pack's pathway
through the JSON API (their rows are the templates, and the journey's rows give the bytes a
case costs), then bulk-loads N open cases spread over every pack, each with a running
instance and one open work item in one of the pack's roles (60 % with a deadline, about a
third of those past it), and M closed cases (a finished instance, two completed work
items), each with its chronology's first event. PostgreSQL is loaded with COPY, SQLite
with Core inserts, into the same models' tables. Then, over HTTP (Flask test client),
times: the tray (first page, a page deep among dated tasks, a page among undated ones),
the overdue filter, the counts, the tray page in HTML, the case list and case search,
for a worker in one role and for one holding every role of every pack; and prints p50,
p95, rows per page, response bytes, each target with its ratio, the bytes per case, the
peak Python memory of one request and this process's RSS. Numbers, not assertions.

Usage: DATABASE_URL=postgresql://… python tools/bench_lists.py [--open 100000] [--closed 1000000] [--reuse]
"""
import argparse
import gc
import json
import os
import random
import resource
import statistics
import sys
import time
import tracemalloc
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from bench_journey import ORDER, TASK_DATA, USERS  # noqa: E402  (the CP journey's answers)

from handlers import PACKS  # noqa: E402
from service.access import auth
from service.diagrams import catalog
from service import create_app, demo  # noqa: E402
from service.clock import FakeClock  # noqa: E402
from service.extensions import db  # noqa: E402
from sqlalchemy import func  # noqa: E402

from service.store.models import AuditEvent, Case, ProcessInstance, WorkItem  # noqa: E402

NOW = datetime(2026, 11, 2, 10, tzinfo=timezone.utc)
TARGETS = {"tray": 50.0, "overdue": 50.0, "search": 100.0}  # p95, milliseconds
FIRST = ["Alice", "Amir", "Bella", "Bilal", "Chloe", "Daniel", "Ella", "Faisal", "Grace", "Harry", "Isla", "Jack",
         "Kai", "Leah", "Mason", "Nia", "Oliver", "Priya", "Quinn", "Ruby", "Sami", "Tara", "Umar", "Violet",
         "Wren", "Yusuf", "Zara", "Aaron", "Maya", "Theo"]
LAST = ["Smith", "Jones", "Khan", "Taylor", "Brown", "Patel", "Wilson", "Evans", "Ahmed", "Walker", "Wright",
        "Okafor", "Hughes", "Green", "Hall", "Wood", "Clarke", "Begum", "Murphy", "Ali"]
BATCH = 20_000
CPU = []  # this process's CPU milliseconds per request, since the last report


def build(url, empty=True):
    clock = FakeClock(NOW)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "NOW": clock, "SCHEDULER_ENABLED": False,
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASHER_PARAMS": {"time_cost": 1, "memory_cost": 64, "parallelism": 1}})
    if not empty:
        return app
    with app.app_context():
        db.drop_all()
        db.create_all()
        catalog.sync_shipped(clock())
        demo.seed(app.extensions["stepwise"])
        db.session.commit()
    return app


def token(app, username):
    with app.app_context():
        value = auth.issue_token(auth.find_user(username), NOW)
        db.session.commit()
    return {"Authorization": f"Bearer {value}"}


def templates(app):
    """Real rows to copy: one finished CP journey (camden) and a fresh start of every pack's main pathway."""
    client = app.test_client()
    heads = {u: token(app, u) for u in set(USERS.values())}

    def call(method, url, user, body=None, headers=None):
        response = getattr(client, method)(url, json=body, headers=headers or heads[user])
        assert response.status_code < 300, (url, response.json)
        return response.json

    eh = USERS["send_step_up_to_mash"]
    journey = call("post", "/api/v1/cases", eh, {"child_name": "Bench Journey Child", "date_of_birth": "2018-01-01",
                                                 "pack": "camden", "person_id": "P-J", "family_id": "F-J"})
    call("post", f"/api/v1/cases/{journey['id']}/pathways", eh, {"pathway": "camden/step_up_to_mash"})
    for task_id in ORDER:
        user = USERS[task_id]
        [item] = [t for t in call("get", f"/api/v1/tasks?case={journey['id']}", user)["tasks"]
                  if t["task_id"] == task_id]
        call("post", f"/api/v1/tasks/{item['id']}/complete", user, {"data": TASK_DATA[task_id]})
    started = {}
    for pack in sorted(PACKS):
        role = sorted(PACKS[pack].roles)[0]
        user = demo.demo_username(pack, role)
        headers = token(app, user)
        with app.app_context():
            pathway = next(p for p in catalog.pathway_names() if p.startswith(pack + "/")
                           and "safeguarding" not in p)
        case = call("post", "/api/v1/cases", None, {"child_name": "Bench Template Child", "pack": pack,
                                                    "date_of_birth": "2018-01-01"}, headers)
        run = call("post", f"/api/v1/cases/{case['id']}/pathways", None, {"pathway": pathway}, headers)
        started[pack] = run["id"]
    with app.app_context():
        done = db.session.scalars(db.select(ProcessInstance).where(ProcessInstance.case_id == journey["id"])).first()
        out = {"closed_state": (done.state, done.serializer_version, done.status), "journey_case": journey["id"],
               "open": {}}
        for pack, instance_id in started.items():
            inst = db.session.get(ProcessInstance, instance_id)
            item = db.session.scalars(db.select(WorkItem).where(WorkItem.instance_id == instance_id)).first()
            out["open"][pack] = {"state": inst.state, "serializer_version": inst.serializer_version,
                                 "pathway": inst.pathway, "version_id": inst.version_id,
                                 "bpmn_id": item.bpmn_id, "name": item.name, "roles": sorted(PACKS[pack].roles)}
    return out


def case_bytes(app, case_id):
    """Bytes one case's rows take: its instance state, and its rows across tables (PostgreSQL)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            state = db.session.scalar(db.select(db.func.sum(db.func.length(ProcessInstance.state)))
                                      .where(ProcessInstance.case_id == case_id))
            return {"state text": state}
        sizes = {}
        for table in ("cases", "process_instances", "work_items", "audit_events", "timers", "outbox_messages"):
            where = "id" if table == "cases" else "case_id"
            sizes[table] = db.session.execute(db.text(
                f"SELECT coalesce(sum(pg_column_size(t.*)), 0), count(*) FROM {table} t WHERE {where} = :c"),
                {"c": case_id}).one()
        sizes["state text"] = (db.session.scalar(db.text(
            "SELECT sum(octet_length(state)) FROM process_instances WHERE case_id = :c"), {"c": case_id}), 1)
        sizes["state stored"] = (db.session.scalar(db.text(
            "SELECT sum(pg_column_size(state)) FROM process_instances WHERE case_id = :c"), {"c": case_id}), 1)
        return sizes


# -- loading ------------------------------------------------------------------------------------------

def load(app, tpl, n_open, n_closed, seed=11):
    """Bulk-insert the cases; returns seconds taken."""
    rng = random.Random(seed)
    packs = sorted(tpl["open"])
    started = time.perf_counter()
    with app.app_context():
        base = {t: (db.session.scalar(db.text(f"SELECT coalesce(max(id), 0) FROM {t}")) or 0) + 1
                for t in ("cases", "process_instances", "work_items", "audit_events")}
        writer = _copy_writer() if db.engine.dialect.name == "postgresql" else _insert_writer()
        naive = NOW.replace(tzinfo=None)
        closed_state, closed_version, _ = tpl["closed_state"]
        case_id, inst_id, item_id, event_id = base["cases"], base["process_instances"], base["work_items"], \
            base["audit_events"]
        total = n_open + n_closed
        for start in range(0, total, BATCH):
            rows = {"cases": [], "process_instances": [], "work_items": [], "audit_events": []}
            for n in range(start, min(total, start + BATCH)):
                is_open = n < n_open
                pack = packs[n % len(packs)]
                t = tpl["open"][pack]
                created = naive - timedelta(minutes=rng.randrange(1, 60 * 24 * 400 if not is_open else 60 * 24 * 60))
                name = f"{FIRST[rng.randrange(len(FIRST))]} {LAST[rng.randrange(len(LAST))]}"
                rows["cases"].append((case_id, name, datetime(2012 + n % 12, 1 + n % 12, 1 + n % 28).date(), None,
                                      f"P-{n:07d}", f"F-{n // 2:07d}", pack, "EH", "Bench Lead", created, None))
                state, serial = (t["state"], t["serializer_version"]) if is_open else (closed_state, closed_version)
                rows["process_instances"].append((inst_id, case_id, t["version_id"], t["pathway"],
                                                  "running" if is_open else "complete", state, serial, 1,
                                                  created, created, None, True))
                rows["audit_events"].append((event_id, created, None, "case.created", case_id, None, None, None,
                                             "Case opened", None))
                event_id += 1
                if is_open:
                    role = t["roles"][rng.randrange(len(t["roles"]))]
                    due = None
                    if rng.random() < 0.6:  # a deadline; about a third of them already past
                        due = naive + timedelta(minutes=rng.randrange(-60 * 24 * 10, 60 * 24 * 20))
                    rows["work_items"].append((item_id, inst_id, case_id, t["pathway"], pack, str(uuid.UUID(
                        int=rng.getrandbits(128))), t["bpmn_id"], t["name"], role, None, "open", created, due,
                        None, None))
                    item_id += 1
                else:
                    for k in range(2):
                        role = t["roles"][k % len(t["roles"])]
                        rows["work_items"].append((item_id, inst_id, case_id, t["pathway"], pack, str(uuid.UUID(
                            int=rng.getrandbits(128))), t["bpmn_id"], t["name"], role, None, "completed", created,
                            None, created + timedelta(days=k + 1), None))
                        item_id += 1
                case_id += 1
                inst_id += 1
            writer(rows)
            done = min(total, start + BATCH)
            if done % 100_000 == 0 or done == total:
                print(f"  loaded {done:,} / {total:,} cases ({time.perf_counter() - started:.0f} s)", flush=True)
        _after_load()
    return time.perf_counter() - started


COLUMNS = {
    "cases": ("id", "child_name", "date_of_birth", "expected_date", "person_id", "family_id", "pack",
              "current_service", "lead_professional", "created_at", "created_by"),
    "process_instances": ("id", "case_id", "version_id", "pathway", "status", "state", "serializer_version",
                          "lock_version", "started_at", "updated_at", "started_by", "runs_alone"),
    "work_items": ("id", "instance_id", "case_id", "pathway", "pack", "task_uuid", "bpmn_id", "name", "role",
                   "assignee_id", "status", "created_at", "due_at", "completed_at", "completed_by"),
    "audit_events": ("id", "at", "actor_id", "action", "case_id", "instance_id", "work_item_id", "task_bpmn_id",
                     "summary", "data"),
}


def _copy_writer():
    raw = db.engine.raw_connection()

    def write(rows):
        with raw.cursor() as cur:
            for table in ("cases", "process_instances", "work_items", "audit_events"):
                with cur.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
        raw.commit()
    return write


def _insert_writer():
    tables = {"cases": Case.__table__, "process_instances": ProcessInstance.__table__,
              "work_items": WorkItem.__table__, "audit_events": AuditEvent.__table__}

    def write(rows):
        with db.engine.begin() as conn:
            for table in ("cases", "process_instances", "work_items", "audit_events"):
                names = COLUMNS[table]
                # Through the UTC type: it wants aware datetimes.
                conn.execute(tables[table].insert(), [
                    {k: (v.replace(tzinfo=timezone.utc) if isinstance(v, datetime) else v)
                     for k, v in zip(names, row)} for row in rows[table]])
    return write


def _after_load():
    """Sequences past the loaded ids, and fresh statistics (PostgreSQL: visibility too, for index-only counts)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in COLUMNS:
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT max(id) FROM {table}))")
            for table in COLUMNS:
                conn.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
    else:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")


# -- measuring ----------------------------------------------------------------------------------------

def timed(client, url, headers, repeat):
    """Milliseconds of ``repeat`` GETs (after warming up), with the last answer."""
    for _ in range(5):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, (url, response.status_code, response.get_data()[:300])
    times = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1e3)
        CPU.append((time.process_time() - cpu) * 1e3)
    return times, response


def p(times, q):
    return statistics.quantiles(times, n=100)[q - 1] if len(times) > 1 else times[0]


def report(label, times, response, key=None, target=None):
    rows = len(response.json[key]) if key else "-"
    cpu = statistics.median(CPU[-len(times):])
    CPU.clear()
    line = (f"  {label:44} p50 {p(times, 50):7.2f} ms  p95 {p(times, 95):7.2f} ms  (cpu p50 {cpu:5.2f} ms)  "
            f"rows {rows!s:>4}  {len(response.get_data()):>7,} bytes")
    if target:
        line += f"  target p95 <= {target:.0f} ms: {p(times, 95) / target:5.2f}x of target"
    print(line, flush=True)


def deep_cursor(client, url, headers, pages):
    """The cursor ``pages`` pages into a list (None if it ends sooner)."""
    after = None
    for _ in range(pages):
        body = client.get(url + (("&" if "?" in url else "?") + f"after={after}" if after else ""),
                          headers=headers).json
        after = body["next"]
        if after is None:
            return None
    return after


def undated_cursor(client, headers):
    """A cursor among the tray's undated tasks: walk 200-row pages until the first undated row."""
    after = None
    while True:
        body = client.get("/api/v1/tasks?limit=200" + (f"&after={after}" if after else ""), headers=headers).json
        if any(t["due"] is None for t in body["tasks"]) or body["next"] is None:
            return body["next"]
        after = body["next"]


def peak_kib(client, url, headers):
    """Peak Python allocation (KiB) while answering one request."""
    gc.collect()
    tracemalloc.start()
    client.get(url, headers=headers)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def measure(app, repeat):
    client = app.test_client()
    one_role = demo.demo_username("camden", "MASH Manager")
    everyone = "bench-every-role"
    with app.app_context():
        if auth.find_user(everyone) is None:
            auth.add_user(everyone, "Bench Every Role", demo.DEMO_PASSWORD,
                          [(pack, role) for pack in sorted(PACKS) for role in PACKS[pack].roles])
            db.session.commit()
    results = {}
    for label, user in (("one role (camden MASH Manager)", one_role),
                        (f"every role of every pack ({sum(len(PACKS[p].roles) for p in PACKS)})", everyone)):
        headers = token(app, user)
        counts = client.get("/api/v1/tasks/counts", headers=headers).json
        print(f"\n{label}: {counts['total']:,} open tasks, {counts['overdue']:,} overdue")
        times, r = timed(client, "/api/v1/tasks", headers, repeat)
        report("tray, first page", times, r, "tasks", TARGETS["tray"])
        results.setdefault("tray", []).extend(times)
        deep = deep_cursor(client, "/api/v1/tasks", headers, 40)
        if deep:
            times, r = timed(client, f"/api/v1/tasks?after={deep}", headers, repeat)
            report("tray, page 41 (cursor)", times, r, "tasks", TARGETS["tray"])
            results["tray"].extend(times)
        undated = undated_cursor(client, headers)
        if undated:
            times, r = timed(client, f"/api/v1/tasks?after={undated}", headers, repeat)
            report("tray, a page among undated tasks (cursor)", times, r, "tasks", TARGETS["tray"])
            results["tray"].extend(times)
        times, r = timed(client, "/api/v1/tasks?overdue=true", headers, repeat)
        report("overdue=true, first page", times, r, "tasks", TARGETS["overdue"])
        results.setdefault("overdue", []).extend(times)
        deep = deep_cursor(client, "/api/v1/tasks?overdue=true", headers, 20)
        if deep:
            times, r = timed(client, f"/api/v1/tasks?overdue=true&after={deep}", headers, repeat)
            report("overdue=true, page 21 (cursor)", times, r, "tasks", TARGETS["overdue"])
            results["overdue"].extend(times)
        times, r = timed(client, "/api/v1/tasks?limit=200", headers, repeat)
        report("tray, limit=200", times, r, "tasks")
        times, r = timed(client, "/api/v1/tasks/counts", headers, repeat)
        report("counts (total, overdue)", times, r)
        times, r = timed(client, "/api/v1/cases", headers, repeat)
        report("cases, first page", times, r, "cases")
        searches = ["ali", "Grace", "kai w", "theo al", "P-00012", "P-0999", "F-00400", "F-0123456", "zzz", "m"]
        times = []
        for q in searches:
            t, r = timed(client, f"/api/v1/cases?q={q.replace(' ', '+')}", headers, max(1, repeat // len(searches)))
            times += t
        report(f"case search ({len(searches)} queries)", times, r, "cases", TARGETS["search"])
        results.setdefault("search", []).extend(times)
        browser = app.test_client()
        browser.post("/sign-in", data={"username": user, "password": demo.DEMO_PASSWORD})
        times, r = timed(browser, "/", {}, repeat)
        report("tray page (HTML), first page", times, r)
        print(f"  peak Python memory of one request: tray {peak_kib(client, '/api/v1/tasks', headers):,.0f} KiB, "
              f"tray limit=200 {peak_kib(client, '/api/v1/tasks?limit=200', headers):,.0f} KiB, "
              f"search {peak_kib(client, '/api/v1/cases?q=ali', headers):,.0f} KiB")
    return results


def rss_mib():
    with open("/proc/self/status") as status:
        current = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
    return current / 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000, help="open cases (default 100,000)")
    parser.add_argument("--closed", type=int, default=1_000_000, help="closed cases (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=200, help="requests per figure")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--reuse", action="store_true",
                        help="measure the database an earlier run of this tool loaded, without emptying it")
    args = parser.parse_args()
    if not args.database_url:
        sys.exit("set DATABASE_URL (a scratch PostgreSQL database: it is emptied)")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    app = build(args.database_url, empty=not args.reuse)
    if args.reuse:
        with app.app_context():
            journey_case = db.session.scalar(db.select(Case.id).where(Case.child_name == "Bench Journey Child"))
            n_open, n_closed = (db.session.scalar(db.select(func.count()).where(ProcessInstance.status == status))
                                for status in ("running", "complete"))
        print(f"database: {args.database_url.split(':')[0]}, as loaded before: {n_open:,} running and "
              f"{n_closed:,} finished instances over packs {', '.join(sorted(PACKS))}")
        journey = case_bytes(app, journey_case)
    else:
        tpl = templates(app)
        print(f"database: {args.database_url.split(':')[0]}; {args.open:,} open and {args.closed:,} closed cases "
              f"over packs {', '.join(sorted(PACKS))}")
        journey = case_bytes(app, tpl["journey_case"])
        seconds = load(app, tpl, args.open, args.closed)
        print(f"loaded in {seconds:.0f} s")
    results = measure(app, args.repeat)
    print("\nall figures together (both users):")
    for name, target in TARGETS.items():
        print(f"  {name:8} p50 {p(results[name], 50):7.2f} ms  p95 {p(results[name], 95):7.2f} ms   "
              f"target p95 <= {target:.0f} ms: {p(results[name], 95) / target:.2f}x of target")
    print("\nbytes per case:")
    print("  one finished CP journey (6 tasks), its rows:")
    for table, (size, count) in journey.items():
        print(f"    {table:20} {int(size or 0):>8,} bytes in {count} row(s)")
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            cases = db.session.scalar(db.text("SELECT count(*) FROM cases"))
            for table in ("cases", "process_instances", "work_items", "audit_events"):
                total = db.session.scalar(db.text(f"SELECT pg_total_relation_size('{table}')"))
                print(f"  {table:20} {total / 2 ** 20:9,.0f} MiB with indexes = {total / cases:7,.0f} bytes per case")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs "
          "(other work on the machine inflates wall times; cpu is this process's own time per request)")
    now, peak = rss_mib()
    print(f"\nprocess RSS after the run: {now:,.0f} MiB (peak {peak:,.0f} MiB, including the bulk load)")


if __name__ == "__main__":
    main()
