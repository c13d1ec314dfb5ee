"""Crash test: a real gunicorn server under load, killed with SIGKILL again and again.

Users, tokens and cases are seeded in this process through the service's own functions;
then ``gunicorn -w 2 'service:create_app()'`` serves them on PostgreSQL, with its timer
sweep on every second. Client threads walk Camden and Knowsley journeys over HTTP with
bearer tokens and start pathways whose deadlines fall due seconds later, while this
thread kills the whole server process group at random points (after a random number of
acknowledged completions) and starts it again. At the end: every completion answered 200
is kept, with exactly one audit event; nothing was applied twice; and work items, timer
rows and the stored workflows agree (tests/consistency.py).

PostgreSQL only: the point is several server processes and real connections dying mid-
transaction. The only waiting on time is this process polling the port while the server
starts; the server itself runs on its real clock.
"""
import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from consistency import problems

from service.access import auth
from service.work import cases
from service.diagrams import catalog
from service.extensions import db
from service.store.models import AuditEvent, WorkItem

pytestmark = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                reason="the crash test runs the server on PostgreSQL (DATABASE_URL)")

ROOT = Path(__file__).resolve().parent.parent
QUICK = "camden/quick_deadlines"
DIAGRAM = Path(__file__).parent / "diagrams" / "quick_deadlines.bpmn"
KILLS = 5
CLIENTS = 4
JOURNEYS_PER_CLIENT = 4  # alternately Camden and Knowsley
LOAD_SECONDS = 75         # the whole load phase stops by then, whatever is left undone
BOOT_SECONDS = 30

EH, MASH_MANAGER, MASH_SW, DUTY = ("camden-early-help-manager", "camden-mash-manager",
                                   "camden-mash-social-worker", "camden-duty-manager-of-the-receiving-team")
LP, FF_TM, BUSINESS_SUPPORT, K_MASH_SW = ("knowsley-lead-practitioner", "knowsley-family-first-team-manager",
                                          "knowsley-mash-business-support", "knowsley-mash-social-worker")
ADMIN = "demo-admin"
# The server under test reads the real clock (it is a separate process); dates entered must be its today.
_LONDON_NOW = datetime.now(ZoneInfo("Europe/London"))
TODAY, NOW_LOCAL = _LONDON_NOW.date().isoformat(), _LONDON_NOW.strftime("%Y-%m-%dT%H:%M")

# Task id -> (who does it, what they enter). Values the form pre-fills (the meeting time the
# Knowsley calendar suggests, the minutes' session date) are taken from the form itself.
STEPS = {
    "send_step_up_to_mash": (EH, {"reason": "CP", "information_for_cssw": "Fictional: bruising at nursery",
                                  "risk_of_significant_harm": "Yes", "why_eh_cannot_meet_needs": "Fictional",
                                  "discussed_with_family": "Yes"}),
    "mash_contact_and_referral": (MASH_MANAGER, {"contact_type": "Request for services", "already_known": "No",
                                                 "eha_previously_completed": "Yes"}),
    "write_summary": (MASH_SW, {"household_details": "Fictional household", "screening_findings": "Checks done",
                                "recommended_decision": "CP"}),
    "mash_manager_decision": (MASH_MANAGER, {"authorised": True, "next_actions": "CP",
                                             "receiving_team": "Children with Disability Team",
                                             "decision_rationale": "Threshold met"}),
    "strategy_discussion": (MASH_MANAGER, {"held_at": NOW_LOCAL, "attendees": "Police, health, CSC",
                                           "section_47_enquiry": "Yes", "strategy_outcome": "s47 enquiries"}),
    "child_and_family_assessment": (DUTY, {"allocated_team": "CwD", "allocated_social_worker": "camden-mash-social-worker",
                                           "assessment_start_date": "2026-11-03"}),
    "discuss_with_team_manager": (LP, {"concerns_for_discussion": "Fictional concerns",
                                       "discussed_on": "2026-11-02"}),
    "management_oversight": (FF_TM, {"team_manager_name": "Demo Team Manager", "management_agrees": "Yes",
                                     "oversight_comments": "Agreed"}),
    "step_up_request": (LP, {
        "ehm_case_id": "EHM-DEMO-42", "recently_closed_to_csc": "No", "engagement_level": "Medium",
        "engaging_families_policy_followed": "Yes", "recent_taf_minutes_attached": "Yes",
        "concern_types": ["Domestic abuse"], "current_concerns": "Fictional", "past_harm": "Fictional",
        "complicating_factors": "Fictional", "existing_strengths": "Fictional", "existing_safety": "Fictional",
        "goals": "Fictional", "next_steps": "C&F assessment", "scaling_question": "0 to 10", "scaling_score": 3,
        "police_information": "Fictional", "line_manager_agreement": True, "line_manager_name": "Demo TM",
        "contingency_plan": "Fictional", "c_and_f_already_recommended": "No"}),
    "book_step_up_meeting": (LP, {"meeting_length_minutes": 60, "meeting_location": "Microsoft Teams",
                                  "taf_member_emails": "school.nurse@demo.invalid\n"}),
    "record_step_up_meeting": (BUSINESS_SUPPORT, {
        "case_holder": "Demo Lead Practitioner", "facilitator": "Demo MASH SW", "critical_issues_summary": "x",
        "working_well_questions": "x", "worried_about_questions": "x", "danger_worry_statements": "x",
        "safety_goals": "x",
        # The server's clock is real: the session is recorded as held now, not at the booked (future) time.
        "session_held_at": NOW_LOCAL}),
    "approve_minutes_and_decide": (K_MASH_SW, {"minutes_approved": True, "step_up_agreed": "Yes",
                                               "decision_rationale": "Fictional rationale"}),
    "initiate_transfer": (LP, {"transferred_to_ics": True, "documents_provided": "Early Help Assessment",
                               "step_up_meeting_held_at": NOW_LOCAL}),
    # The statutory clocks' closing steps: the server runs on the real clock, so "today" is London's.
    "conclude_child_and_family_assessment": (DUTY, {
        "assessment_concluded_on": TODAY, "assessment_outcome": "Child protection plan",
        "assessment_summary": "Fictional summary"}),
    "section_47_enquiry_outcome": (DUTY, {"enquiries_concluded_on": TODAY, "enquiry_findings": "Fictional findings",
                                          "conference_needed": "Yes"}),
    "initial_child_protection_conference": (DUTY, {"conference_held_at": NOW_LOCAL, "child_protection_plan": "Yes",
                                                   "conference_outcome": "Fictional outcome"}),
    "c_and_f_assessment_concluded": (LP, {"assessment_concluded_on": TODAY, "assessment_outcome": "Child in need plan",
                                          "family_first_involvement_ended": "Fictional: closed on EHM"}),
}
PATHWAYS = {"camden": ("camden/step_up_to_mash", EH), "knowsley": ("knowsley/step_up", LP)}


def free_port():
    """A port nobody listens on now (gunicorn cannot bind port 0 and tell us which it got)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the app in its own process group, so one signal reaches every worker."""

    def __init__(self, port, log_path):
        self.port, self.log_path, self.process = port, log_path, None
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith("FLASK_")},
                    "DATABASE_URL": os.environ["DATABASE_URL"], "SECRET_KEY": secrets.token_hex(32),
                    "STEPWISE_SCHEDULER": "on", "STEPWISE_SWEEP_SECONDS": "1"}

    def start(self, token):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{self.port}",
             "--timeout", "60", "service:create_app()"],
            cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True)
        log.close()
        deadline = time.monotonic() + BOOT_SECONDS
        while time.monotonic() < deadline:  # waiting for a process to listen: I/O, not a timing test
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited with {self.process.returncode}: {self.log_tail()}")
            answer = request(self.port, "GET", "/api/v1/tasks", token, timeout=5)
            if answer is not None and answer[0] == 200:
                return
            time.sleep(0.1)
        raise AssertionError(f"gunicorn did not answer within {BOOT_SECONDS} s: {self.log_tail()}")

    def kill(self):
        """SIGKILL the master and every worker at once, as a power cut would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def log_tail(self):
        return self.log_path.read_text(errors="replace")[-3000:]


def request(port, method, path, token, body=None, timeout=20):
    """One HTTP request: (status, JSON body), or None when the connection failed (server down)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Authorization": f"Bearer {token}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        raw = response.read()
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()
    try:
        return response.status, json.loads(raw) if raw else None
    except ValueError:
        return response.status, {"not_json": raw[:200].decode(errors="replace")}


class Load:
    """The client side: journeys over HTTP, and what the server acknowledged."""

    def __init__(self, port, tokens):
        self.port, self.tokens = port, tokens
        self.up, self.stop = threading.Event(), threading.Event()
        self.progress = threading.Condition()
        self.acked = []           # work item ids whose completion was answered 200
        self.counts = Counter()   # in doubt (connection lost), 409s, timer pathways started
        self.anomalies = []       # 5xx or an answer the journey did not expect

    def call(self, method, path, who, body=None):
        """Like request(), but after a failed connection wait until the server is back."""
        answer = request(self.port, method, path, self.tokens[who], body)
        if answer is None:
            self.up.wait(timeout=BOOT_SECONDS * 2)
        elif answer[0] >= 500:
            self.anomalies.append(f"{method} {path}: {answer[0]} {answer[1]}")
        return answer

    def read(self, path, who):
        """A GET that is retried until the server answers it."""
        while not self.stop.is_set():
            answer = self.call("GET", path, who)
            if answer is not None:
                return answer
        return None

    def run(self, case_ids, timer_case_ids):
        try:
            for case_id, timer_case_id in zip(case_ids, timer_case_ids):
                self.start_once(timer_case_id, QUICK, EH)  # deadlines for the server's sweep
                self.counts["timer pathways"] += 1
                self.journey(case_id)
                if self.stop.is_set():
                    return
        except Exception as exc:  # surfaced by the test: a thread's exception would otherwise vanish
            self.anomalies.append(f"client crashed: {exc!r}")

    def start_once(self, case_id, pathway, who):
        """Start ``pathway`` on the case unless a start (perhaps unanswered) already took."""
        while not self.stop.is_set():
            case = self.read(f"/api/v1/cases/{case_id}", who)
            if case is None or case[1]["pathways"]:
                return
            answer = self.call("POST", f"/api/v1/cases/{case_id}/pathways", who, {"pathway": pathway})
            if answer is not None and answer[0] != 201:
                self.anomalies.append(f"start {pathway} on case {case_id}: {answer}")
                return

    def journey(self, case_id):
        """Walk a case's pathway to its end, one open task at a time, surviving restarts."""
        case = self.read(f"/api/v1/cases/{case_id}", ADMIN)
        if case is None:
            return
        pathway, owner = PATHWAYS[case[1]["pack"]]
        self.start_once(case_id, pathway, owner)
        while not self.stop.is_set():
            answer = self.read(f"/api/v1/cases/{case_id}", owner)
            # Escalations a deadline opened (e.g. the end of the day passing mid-run) are not part of
            # the walk: the journey goes on with the pathway's own steps.
            steps = [t for t in answer[1]["open_tasks"] if t["task_id"] in STEPS] if answer else []
            if not steps:
                return
            task = steps[0]
            who, entered = STEPS[task["task_id"]]
            form = self.read(f"/api/v1/tasks/{task['id']}", who)
            if form is None or form[0] != 200:
                continue  # completed meanwhile (by an unanswered earlier try): read the case again
            prefilled = {k: v for k, v in form[1]["form"]["prefilled"].items() if v is not None}
            done = self.call("POST", f"/api/v1/tasks/{task['id']}/complete", who,
                             {"data": {**prefilled, **entered}})
            if done is None:
                self.counts["completions in doubt"] += 1
            elif done[0] == 200:
                with self.progress:
                    self.acked.append(task["id"])
                    self.progress.notify_all()
            elif done[0] == 409:
                self.counts["409 answers"] += 1
            else:
                self.anomalies.append(f"complete {task['task_id']} on case {case_id}: {done}")
                return

    def wait_for_acks(self, count, timeout):
        with self.progress:
            return self.progress.wait_for(lambda: len(self.acked) >= count, timeout=timeout)


@pytest.fixture
def seeded(app):
    """Tokens for every actor, the Camden and Knowsley cases, and the quick-deadline pathway."""
    rt = app.extensions["stepwise"]
    with app.app_context():
        users = {name: auth.find_user(name) for name in
                 (EH, MASH_MANAGER, MASH_SW, DUTY, LP, FF_TM, BUSINESS_SUPPORT, K_MASH_SW, ADMIN)}
        tokens = {name: auth.issue_token(user, rt.now(), label="crash test") for name, user in users.items()}
        catalog.add_version(QUICK, {DIAGRAM.name: DIAGRAM.read_bytes()}, rt.now())
        db.session.commit()
        plan = []
        for client in range(CLIENTS):
            journeys, timed = [], []
            for n in range(JOURNEYS_PER_CLIENT):
                pack = ("camden", "knowsley")[(client + n) % 2]
                owner = users[PATHWAYS[pack][1]]
                journeys.append(cases.create_case(rt, owner, {
                    "child_name": f"Fictional Crash Child {client}-{n}", "date_of_birth": "2017-03-09",
                    "person_id": f"CR-{client}-{n}", "pack": pack}).id)
                timed.append(cases.create_case(rt, users[EH], {
                    "child_name": f"Fictional Timer Child {client}-{n}", "date_of_birth": "2016-01-01",
                    "pack": "camden"}).id)
            plan.append((journeys, timed))
    return tokens, plan


def test_kill_9_under_load_loses_nothing_acknowledged_and_doubles_nothing(app, seeded, tmp_path, capsys):
    tokens, plan = seeded
    rng = random.Random(secrets.randbits(32))
    server = Server(free_port(), tmp_path / "gunicorn.log")
    load = Load(server.port, tokens)
    kills, clients, swept = 0, [], None
    started = time.monotonic()
    try:
        server.start(tokens[ADMIN])
        load.up.set()
        clients = [threading.Thread(target=load.run, args=journey_plan) for journey_plan in plan]
        for client in clients:
            client.start()
        for _ in range(KILLS):
            # A random point in the stream of work: after 3 to 12 more acknowledged completions.
            if not load.wait_for_acks(len(load.acked) + rng.randint(3, 12), timeout=20):
                break  # the journeys ran out of work: no point killing an idle server
            load.up.clear()
            server.kill()
            kills += 1
            server.start(tokens[ADMIN])
            load.up.set()
        for client in clients:
            client.join(timeout=max(1, LOAD_SECONDS - (time.monotonic() - started)))
        load.stop.set()
        for client in clients:
            client.join(timeout=30)
        # One sweep on demand, so deadlines that fell due during the last seconds are judged too.
        swept = load.call("POST", "/api/v1/admin/timers/run", ADMIN)
    finally:
        load.stop.set()
        load.up.set()
        if server.process is not None and server.process.poll() is None:
            server.kill()
    found = problems(app) + load.anomalies
    if swept is None or swept[0] != 200:
        found.append(f"the closing sweep answered {swept}")
    with app.app_context():
        items = {i.id: i.status for i in db.session.scalars(db.select(WorkItem).where(WorkItem.id.in_(load.acked)))}
        events = Counter(db.session.scalars(db.select(AuditEvent.work_item_id).where(
            AuditEvent.action == "task.completed", AuditEvent.work_item_id.in_(load.acked))).all())
        fired = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                                  .where(AuditEvent.action == "timer.fired"))
        db.session.rollback()
    lost = [i for i in load.acked if items.get(i) != "completed" or events[i] != 1]
    found += [f"acknowledged completion of work item {i} is {items.get(i)} with {events[i]} events" for i in lost]
    if len(set(load.acked)) != len(load.acked):
        found.append("a work item was acknowledged as completed twice")
    with capsys.disabled():
        print(f"\n[crash] {kills} SIGKILLs of gunicorn (2 workers) under {CLIENTS} clients: "
              f"{len(load.acked)} completions acknowledged, {load.counts['completions in doubt']} in doubt, "
              f"{load.counts['409 answers']} 409s, {load.counts['timer pathways']} timer pathways, "
              f"{fired} timers fired in the server, anomalies {len(found)}")
    assert found == [], found[:10]
    assert kills == KILLS, f"only {kills} kills: the load ran out first"
    assert fired > 0, "no deadline fired in the server's own sweep"
