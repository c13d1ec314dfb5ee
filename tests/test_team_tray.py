"""Team trays and allocation by a manager (issue 9, items 7 and 9).

A team's tray lists every open task of one role, claimed or not, a page at a time in the
order of My work; the role's holders and their managers (a higher tier of the pack's
escalation ladder) may read it. A manager allocates a task to a named colleague holding
its role: the colleague finds it in their work as theirs, the chronology says who gave it
to whom, and the colleague is e-mailed without the child's name.
"""
import lxml.html
import pytest
from answers import ok, refused
from conftest import Actor
from smtp_helpers import outbox
from test_races import api_outcome, race
from test_ui import Browser

from service.access import auth
from service.demo import DEMO_PASSWORD
from service.extensions import db

ROLE = "Early Help Manager"  # tier 2 of Camden's ladder
TEAM = {"pack": "camden", "role": ROLE}
WORKER, COLLEAGUE = "team-eh-one", "team-eh-two"
MANAGER = "team-eh-service-manager"  # Early Help Service Manager: tier 3
FAMILY_WORKER = "team-family-worker"  # tier 1: below the role, manages nobody
MASH_SW = "team-mash-sw"  # tier 2 too, but another role: no team of theirs


@pytest.fixture
def team(app, as_user):
    with app.app_context():
        auth.add_user(WORKER, "Fictional Worker One", DEMO_PASSWORD, [("camden", ROLE)], email="one@camden.example")
        auth.add_user(COLLEAGUE, "Fictional Worker Two", DEMO_PASSWORD, [("camden", ROLE)])
        auth.add_user(MANAGER, "Fictional Service Manager", DEMO_PASSWORD,
                      [("camden", "Early Help Service Manager")])
        auth.add_user(FAMILY_WORKER, "Fictional Family Worker", DEMO_PASSWORD, [("camden", "Family Worker")])
        auth.add_user(MASH_SW, "Fictional MASH Worker", DEMO_PASSWORD, [("camden", "MASH Social Worker")])
        db.session.commit()
    return as_user


def meeting_task(actor, name):
    """A Camden case at the daily discussion meeting: one open task for the Early Help Manager."""
    case = actor.post("/api/v1/cases", {"child_name": name, "date_of_birth": "2017-03-02", "pack": "camden"})
    assert case.status_code == 201, case.json
    started = actor.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": "camden/daily_discussion_meeting"})
    assert started.status_code == 201, started.json
    [task] = started.json["open_tasks"]
    return case.json["id"], task["id"]


def signed_in(app, username):
    browser = Browser(app)
    assert browser.sign_in(username).status_code == 302
    return browser


def team_rows(actor, **params):
    return actor.every("/api/v1/team-tasks", "tasks", **TEAM, **params)


def test_the_team_tray_shows_every_open_task_of_the_role_claimed_or_not_a_page_at_a_time(team):
    worker, manager = team(WORKER), team(MANAGER)
    ids = [meeting_task(worker, f"Fictional Team Child {n}")[1] for n in range(5)]
    ok(team(COLLEAGUE).post(f"/api/v1/tasks/{ids[1]}/claim"))
    # Paged one at a time, the team tray gives every task once, in the order of My work.
    for reader in (worker, manager):
        rows = team_rows(reader, limit=2)
        mine = [r["id"] for r in rows if r["id"] in ids]
        assert mine == sorted(mine, key=[t["id"] for t in worker.tray(limit=200)].index) and set(mine) == set(ids)
        assert {r["id"]: r["assignee"] for r in rows}[ids[1]] == COLLEAGUE
        assert {r["role"] for r in rows} == {ROLE}
    first = ok(worker.get("/api/v1/team-tasks", query_string={**TEAM, "limit": 2})).json
    assert len(first["tasks"]) == 2 and first["next"]
    # A My work cursor is not a team tray cursor.
    my_next = ok(worker.get("/api/v1/tasks", query_string={"limit": 1})).json["next"]
    refused(worker.get("/api/v1/team-tasks", query_string={**TEAM, "after": my_next}), "after")


def test_only_the_role_and_its_managers_read_its_team_tray(team):
    meeting_task(team(WORKER), "Fictional Team Child")
    for outsider in (FAMILY_WORKER, MASH_SW):
        assert team(outsider).get("/api/v1/team-tasks", query_string=TEAM).status_code == 403
    assert team(MANAGER).get("/api/v1/team-tasks", query_string={"pack": "camden", "role": "No such role"}
                             ).status_code == 404
    refused(team(MANAGER).get("/api/v1/team-tasks", query_string={"pack": "camden"}), "role")


def test_a_manager_allocates_a_task_and_the_worker_finds_it_in_their_work(team):
    worker, manager = team(WORKER), team(MANAGER)
    case_id, item_id = meeting_task(team(COLLEAGUE), "Fictional Allocated Child")
    allocated = ok(manager.post(f"/api/v1/tasks/{item_id}/allocate", {"assignee": WORKER})).json
    assert allocated["assignee"] == WORKER
    [mine] = [t for t in worker.tray(case=case_id)]
    assert mine["id"] == item_id and mine["assignee"] == WORKER
    # Held by the worker: a colleague in the role can no longer take it or complete it.
    assert team(COLLEAGUE).post(f"/api/v1/tasks/{item_id}/claim").status_code == 409
    [event] = [e for e in worker.history(case_id) if e["action"] == "task.allocated"]
    assert event["summary"] == "Allocated to Fictional Worker One by Fictional Service Manager"
    assert event["actor"] == MANAGER and event["work_item_id"] == item_id
    [mail] = [m for m in outbox(team) if m["to"] == [f"user:{WORKER}"]]
    assert mail["recipients"] == ["one@camden.example"] and "allocated to you" in mail["subject"]
    assert "Fictional Allocated Child" not in mail["subject"]
    with worker.app.app_context():
        from service.mail.outbox_model import OutboxMessage
        body = db.session.get(OutboxMessage, mail["id"]).body
    assert "Fictional Allocated Child" not in body and "Fictional Service Manager" in body
    # Re-allocated to a colleague, naming the holder replaced, then given back to the team: each on the record.
    held = manager.post(f"/api/v1/tasks/{item_id}/allocate", {"assignee": COLLEAGUE})
    assert held.status_code == 409 and "Fictional Worker One holds this task" in held.json["message"]
    assert ok(manager.post(f"/api/v1/tasks/{item_id}/allocate",
                           {"assignee": COLLEAGUE, "replacing": WORKER})).json["assignee"] == COLLEAGUE
    assert ok(manager.post(f"/api/v1/tasks/{item_id}/allocate",
                           {"assignee": None, "replacing": COLLEAGUE})).json["assignee"] is None
    summaries = [e["summary"] for e in worker.history(case_id) if e["action"].startswith("task.")]
    assert "Allocated to Fictional Worker Two by Fictional Service Manager" in summaries
    assert f"Given back to the {ROLE} team by Fictional Service Manager" in summaries
    ok(worker.post(f"/api/v1/tasks/{item_id}/claim"))


def test_a_non_manager_cannot_allocate(team):
    _case, item_id = meeting_task(team(WORKER), "Fictional Child")
    for who in (WORKER, FAMILY_WORKER, MASH_SW):  # the role itself, a lower tier, a peer tier
        assert team(who).post(f"/api/v1/tasks/{item_id}/allocate", {"assignee": WORKER}).status_code == 403
    assert team(WORKER).tray()[0]["assignee"] is None


def test_the_worker_must_hold_the_tasks_role(team):
    _case, item_id = meeting_task(team(WORKER), "Fictional Child")
    manager = team(MANAGER)
    for someone in (MASH_SW, MANAGER, "nobody-at-all"):
        assert "Early Help Manager" in refused(manager.post(f"/api/v1/tasks/{item_id}/allocate",
                                                            {"assignee": someone}), "assignee")
    refused(manager.post(f"/api/v1/tasks/{item_id}/allocate", {}), "assignee")
    refused(manager.post(f"/api/v1/tasks/{item_id}/allocate", {"assignee": 7}), "assignee")


def test_an_allocation_and_a_claim_at_once_one_wins(app, team):
    worker = team(WORKER)
    manager, colleague = Actor(app, MANAGER), Actor(app, COLLEAGUE)
    outcomes = []
    for n in range(10):
        _case, item_id = meeting_task(worker, f"Fictional Race Child {n}")
        results = race(lambda: manager.post(f"/api/v1/tasks/{item_id}/allocate", {"assignee": WORKER}),
                       lambda: colleague.post(f"/api/v1/tasks/{item_id}/claim"))
        got = sorted(api_outcome(r) for r in results)
        outcomes.append(got)
        holder = ok(worker.get(f"/api/v1/tasks/{item_id}")).json["assignee"]
        winner = WORKER if api_outcome(results[0]) == "200" else COLLEAGUE
        assert holder == winner
    assert all(got == ["200", "409"] for got in outcomes), outcomes


def test_a_claim_made_after_the_manager_looked_is_not_overridden(team):
    case_id, item_id = meeting_task(team(WORKER), "Fictional Child")
    ok(team(COLLEAGUE).post(f"/api/v1/tasks/{item_id}/claim"))
    late = team(MANAGER).post(f"/api/v1/tasks/{item_id}/allocate", {"assignee": WORKER})
    assert late.status_code == 409
    assert team(WORKER).tray(case=case_id)[0]["assignee"] == COLLEAGUE
    assert not [e for e in team(WORKER).history(case_id) if e["action"] == "task.allocated"]
    assert not [m for m in outbox(team) if m["to"] == [f"user:{WORKER}"]]


def test_the_team_work_page_lists_the_role_and_allocates(app, team):
    case_id, item_id = meeting_task(team(WORKER), "Fictional Page Child")
    browser = signed_in(app, MANAGER)
    page = browser.get("/team?pack=camden&role=Early+Help+Manager")
    assert page.status_code == 200
    html = lxml.html.fromstring(page.get_data(as_text=True))
    [row] = [r for r in html.xpath('//table[@id="team-tasks"]/tbody/tr') if "Fictional Page Child" in r.text_content()]
    options = [o.get("value") for o in row.xpath('.//select[@name="assignee"]/option')]
    assert WORKER in options and COLLEAGUE in options and MASH_SW not in options
    done = browser.post(f"/tasks/{item_id}/allocate", data={"assignee": WORKER, "team": f"camden|{ROLE}"})
    assert done.status_code == 302
    assert team(WORKER).tray(case=case_id)[0]["assignee"] == WORKER
    wrong = browser.post(f"/tasks/{item_id}/allocate", data={"assignee": MASH_SW, "team": f"camden|{ROLE}",
                                                             "replacing": WORKER})
    assert wrong.status_code == 422 and "govuk-error-summary" in wrong.get_data(as_text=True)
    # The page sends the holder it showed: re-allocating from it replaces them.
    html = lxml.html.fromstring(browser.get(f"/team?pack=camden&role={ROLE}").get_data(as_text=True))
    [form] = [f for f in html.xpath('//form[@class="app-allocate"]') if f.get("action") == f"/tasks/{item_id}/allocate"]
    assert form.xpath('.//input[@name="replacing"]/@value')[0] == WORKER
    again = browser.post(f"/tasks/{item_id}/allocate", data={"assignee": COLLEAGUE, "replacing": WORKER})
    assert again.status_code == 302 and team(WORKER).tray(case=case_id)[0]["assignee"] == COLLEAGUE
    # The worker sees the team page too, without the allocate column.
    mine = signed_in(app, WORKER).get("/team").get_data(as_text=True)
    assert "Fictional Page Child" in mine and "Allocate" not in mine
    assert signed_in(app, FAMILY_WORKER).post(f"/tasks/{item_id}/allocate", data={"assignee": WORKER}).status_code == 403
