"""Benchmark: the Camden CP journey through the JSON API versus the bare engine.

Runs the same six-task CP journey N times
  1. through the API (Flask test client, SQLite file database, bearer tokens), and
  2. through the bare engine with a serialise + restore around every task, both with
     SpiffWorkflow's stock serializer (spec embedded in every instance) and with
     Stepwise's spec-less instance storage,
and prints the per-task cost of each and their ratio. Numbers, not assertions.

Usage: python tools/bench_journey.py [--journeys 200] [--database-url URL]
"""
import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer  # noqa: E402
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG  # noqa: E402

from service.clock import FakeClock  # noqa: E402
from service.engine import Engine, load_definition  # noqa: E402
from service.engine.serialise import _config_for  # noqa: E402

DIAGRAM = Path(__file__).resolve().parent.parent / "bpmn" / "camden" / "step_up_to_mash.bpmn"
TASK_DATA = {
    "send_step_up_to_mash": dict(reason="CP", information_for_cssw="Fictional benchmark text",
                                 risk_of_significant_harm="Yes", why_eh_cannot_meet_needs="x",
                                 discussed_with_family="Yes"),
    "mash_contact_and_referral": dict(contact_type="Request for services", already_known="No",
                                      eha_previously_completed="No", further_details="x"),
    "write_summary": dict(household_details="x", screening_findings="x", recommended_decision="CP"),
    "mash_manager_decision": dict(authorised=True, next_actions="CP", receiving_team="Duty team",
                                  decision_rationale="x"),
    "strategy_discussion": dict(held_at="2026-11-03T10:00", attendees="x", section_47_enquiry="Yes",
                                strategy_outcome="x"),
    "child_and_family_assessment": dict(allocated_team="x", allocated_social_worker="x",
                                        assessment_start_date="2026-11-03"),
}
ORDER = list(TASK_DATA)
USERS = {"send_step_up_to_mash": "camden-early-help-manager",
         "mash_contact_and_referral": "camden-mash-manager", "write_summary": "camden-mash-social-worker",
         "mash_manager_decision": "camden-mash-manager", "strategy_discussion": "camden-mash-manager",
         "child_and_family_assessment": "camden-duty-manager-of-the-receiving-team"}


def bare_engine(journeys, stock):
    """Seconds per user task: complete, then serialise and restore, as a naive service would."""
    clock = FakeClock(datetime(2026, 11, 2, 10, tzinfo=timezone.utc))
    definition = load_definition("camden/step_up_to_mash", {DIAGRAM.name: DIAGRAM.read_bytes()})
    engine = Engine(clock)
    if stock:
        serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(_stock_config()))
        dump, load = serializer.serialize_json, serializer.deserialize_json
    else:
        dump, load = definition.serialiser.dumps, definition.serialiser.loads
    tasks, sizes = 0, []
    started = time.perf_counter()
    for _ in range(journeys):
        wf = engine.start(definition)
        state = dump(wf)
        while True:
            wf = load(state)
            wf.script_engine = engine.script_engine
            ready = engine.ready_tasks(wf)
            if not ready:
                break
            task = ready[0]
            engine.complete(wf, task.task_uuid, TASK_DATA[task.bpmn_id])
            state = dump(wf)
            sizes.append(len(state))
            tasks += 1
    return (time.perf_counter() - started) / tasks, statistics.median(sizes)


def _stock_config():
    # The stock config plus our clocked timer classes (the diagram has none, but be fair).
    config = dict(SPIFF_CONFIG)
    shared = _config_for(None, {})
    for key, value in shared.items():
        if key not in config:
            config[key] = value
    return config


def through_api(journeys, database_url):
    """Seconds per user task through the JSON API, including HTTP handling and SQL."""
    from service import catalog, create_app, demo
    from service.extensions import db
    from service import auth
    clock = FakeClock(datetime(2026, 11, 2, 10, tzinfo=timezone.utc))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "NOW": clock,
                      "SCHEDULER_ENABLED": False,
                      "PASSWORD_HASHER_PARAMS": {"time_cost": 1, "memory_cost": 64, "parallelism": 1}})
    with app.app_context():
        db.drop_all()
        db.create_all()
        catalog.sync_shipped(clock())
        demo.seed(app.extensions["stepwise"])
        tokens = {u: auth.issue_token(auth.find_user(u), clock()) for u in set(USERS.values())}
        db.session.commit()
    client = app.test_client()

    def call(method, url, user, body=None):
        response = getattr(client, method)(url, json=body, headers={"Authorization": f"Bearer {tokens[user]}"})
        assert response.status_code < 300, (url, response.json)
        return response.json

    eh = USERS["send_step_up_to_mash"]
    tasks, elapsed = 0, 0.0
    for n in range(journeys):
        case = call("post", "/api/v1/cases", eh, {"child_name": f"Bench child {n} (fictional)",
                                                  "date_of_birth": "2018-01-01", "pack": "camden"})
        call("post", f"/api/v1/cases/{case['id']}/pathways", eh, {"pathway": "camden/step_up_to_mash"})
        for task_id in ORDER:
            user = USERS[task_id]
            items = [t for t in call("get", f"/api/v1/tasks?case={case['id']}", user)["tasks"]
                     if t["task_id"] == task_id]
            started = time.perf_counter()
            call("post", f"/api/v1/tasks/{items[0]['id']}/complete", user, {"data": TASK_DATA[task_id]})
            elapsed += time.perf_counter() - started
            tasks += 1
    return elapsed / tasks


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite"
        api = through_api(args.journeys, url)
    stock, stock_size = bare_engine(args.journeys, stock=True)
    shared, shared_size = bare_engine(args.journeys, stock=False)
    print(f"CP journey x {args.journeys} ({len(ORDER)} user tasks each)")
    print(f"  API complete (test client, {url.split(':')[0]}):     {api * 1e3:7.2f} ms per task")
    print(f"  bare engine, stock serializer:       {stock * 1e3:7.2f} ms per task"
          f"   (instance {stock_size / 1024:.1f} KB)")
    print(f"  bare engine, spec-less storage:      {shared * 1e3:7.2f} ms per task"
          f"   (instance {shared_size / 1024:.1f} KB)")
    print(f"  ratio API / bare engine (stock):     {api / stock:7.2f}x   (target <= 2x)")
    print(f"  ratio API / bare engine (spec-less): {api / shared:7.2f}x")


if __name__ == "__main__":
    main()
