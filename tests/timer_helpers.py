"""Shared by the timer, sweep and escalation tests: the test-only escalation pathway.

``tests/diagrams/escalation_example.bpmn`` (drawn by tools/draw_bpmn.py from the .py
beside it) is deployed into the Camden pack so its lanes are Camden roles:
"Screen the contact" (MASH Social Worker) carries a non-interrupting ``working_days(1)``
timer that opens "Chase" for the MASH Manager, whose own ``hours(4)`` timer opens an
escalation for the Duty Manager of the Receiving Team.
"""
from pathlib import Path

import pytest

from handlers import PACKS
from handlers.forms import Field, Handler
from service.diagrams import catalog
from service.extensions import db

ESCALATION = "camden/escalation_example"
DIAGRAM = Path(__file__).parent / "diagrams" / "escalation_example.bpmn"

EH = "camden-early-help-manager"
MASH_SW = "camden-mash-social-worker"
MASH_MANAGER = "camden-mash-manager"
DUTY = "camden-duty-manager-of-the-receiving-team"
ADMIN = "demo-admin"

HANDLERS = {
    task_id: Handler(task_id=task_id, title=title, fields=(Field("outcome_note", "Outcome", "textarea"),))
    for task_id, title in (("screen_contact", "Screen the contact"), ("chase_screening", "Chase"),
                           ("escalate_screening", "Escalation"))
}


@pytest.fixture
def escalation(app, monkeypatch):
    """Deploy the escalation example and give its tasks (test-only) handlers."""
    for task_id, handler in HANDLERS.items():
        monkeypatch.setitem(PACKS["camden"].handlers, task_id, handler)
    with app.app_context():
        catalog.add_version(ESCALATION, {DIAGRAM.name: DIAGRAM.read_bytes()}, app.extensions["stepwise"].now())
        db.session.commit()
    return ESCALATION


def start_case(actor, name="Fictional Child E"):
    """A new Camden case on the escalation pathway: (case id, instance id)."""
    case = actor.post("/api/v1/cases", {"child_name": name, "date_of_birth": "2017-03-02", "pack": "camden",
                                        "person_id": "P-E", "family_id": "F-E"})
    assert case.status_code == 201, case.json
    started = actor.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": ESCALATION})
    assert started.status_code == 201, started.json
    return case.json["id"], started.json["id"]


def task_ids(actor, case_id):
    """BPMN ids of the case's tasks in this actor's tray."""
    return sorted(t["task_id"] for t in actor.tray(case=case_id))


def history(actor, case_id, action=None):
    events = actor.history(case_id)
    return [e for e in events if action is None or e["action"] == action]
