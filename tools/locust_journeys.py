"""Locust users for tools/bench_throughput.py: each one runs Camden CP journeys through the JSON API.

Not run on its own: the benchmark writes a plan (tokens per user, answers per task, the task
order) to the file named by BENCH_JOURNEY_PLAN and reads back, from BENCH_COMPLETED_FILE, the
work items whose completion the server acknowledged, to check exactly-once against the database.
"""
import json
import os

from locust import FastHttpUser, events, task

PLAN = json.loads(open(os.environ["BENCH_JOURNEY_PLAN"]).read())
COMPLETED = []  # work item ids the server answered 200 for


class Practitioner(FastHttpUser):
    """One worker's client: a new Camden case, its step-up to MASH, then each task in turn."""

    def headers(self, task_id_or_user):
        user = PLAN["users"].get(task_id_or_user, task_id_or_user)
        return {"Authorization": f"Bearer {PLAN['tokens'][user]}"}

    @task
    def journey(self):
        first = PLAN["order"][0]
        case = self.client.post("/api/v1/cases", json=PLAN["case"], headers=self.headers(first), name="create case")
        if case.status_code != 201:
            return
        case_id = case.json()["id"]
        started = self.client.post(f"/api/v1/cases/{case_id}/pathways", json={"pathway": PLAN["pathway"]},
                                   headers=self.headers(first), name="start pathway")
        if started.status_code != 201:
            return
        for task_id in PLAN["order"]:
            tray = self.client.get(f"/api/v1/tasks?case={case_id}", headers=self.headers(task_id),
                                   name="tasks of the case")
            if tray.status_code != 200:
                return
            items = [t for t in tray.json()["tasks"] if t["task_id"] == task_id]
            if not items:
                tray.failure(f"{task_id} is not open on case {case_id}")
                return
            item_id = items[0]["id"]
            with self.client.post(f"/api/v1/tasks/{item_id}/complete", json={"data": PLAN["answers"][task_id]},
                                  headers=self.headers(task_id), name="complete", catch_response=True) as answer:
                if answer.status_code != 200:
                    answer.failure(f"complete answered {answer.status_code}")
                    return
                COMPLETED.append(item_id)


@events.quitting.add_listener
def write_completed(**_kwargs):
    with open(os.environ["BENCH_COMPLETED_FILE"], "w") as out:
        json.dump(COMPLETED, out)
