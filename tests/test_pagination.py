"""Every list comes a page at a time: order, cursors that survive inserts, limits, bad cursors, counts.

Through the JSON API and the HTML pages. The tray's order is the reader's: tasks with a
deadline first, soonest first; then those without one; each then oldest received first,
then id.
"""
import base64
import json
import lxml.html
import pytest
from test_ui import Browser
from timer_helpers import ADMIN, EH, ESCALATION, MASH_SW, start_case
from timer_helpers import escalation  # noqa: F401 (a fixture)

from service.access import auth
from service.demo import DEMO_PASSWORD
from service.extensions import db

BOTH = "fictional-two-role-worker"  # Early Help Manager and MASH Social Worker in Camden
KNOWSLEY_LP = "knowsley-lead-practitioner"
CHILD = {"date_of_birth": "2017-03-02", "pack": "camden"}


@pytest.fixture
def worker(app, as_user):
    """A Camden worker in two roles: step-ups (no deadline) and screenings (a deadline) reach them."""
    with app.app_context():
        auth.add_user(BOTH, "Fictional Two-Role Worker", DEMO_PASSWORD,
                      [("camden", "Early Help Manager"), ("camden", "MASH Social Worker")])
        db.session.commit()
    return as_user(BOTH)


def step_up(actor, name):
    """A Camden case brought to the daily discussion meeting: one open task for the Early Help Manager,
    with no deadline (presenting the family has none; Step Up to MASH itself is due by the end of the day)."""
    case = actor.post("/api/v1/cases", {"child_name": name, **CHILD})
    assert case.status_code == 201, case.json
    started = actor.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": "camden/daily_discussion_meeting"})
    assert started.status_code == 201, started.json
    [task] = started.json["open_tasks"]
    return task["id"]


def screening(actor, name):
    """A case on the escalation pathway: one screening task for the MASH Social Worker, due in a working day."""
    case_id, _ = start_case(actor, name)
    [task] = [t for t in actor.tray(case=case_id, limit=200)]
    return task["id"]


@pytest.fixture
def mixed_tray(worker, clock, escalation):
    """Tasks whose reader order is neither the order they arrived in nor their ids' order.

    Undated step-ups arrive first; then screenings, one of them received after the others but
    (the clock set back) due sooner, and two received at the same instant (same deadline).
    Returns the ids in the order the tray must give them.
    """
    undated = [step_up(worker, f"Fictional Undated {n}") for n in range(3)]
    clock.advance(hours=1)
    d1 = screening(worker, "Fictional Dated One")
    clock.advance(minutes=30)
    d2a = screening(worker, "Fictional Dated Two A")
    d2b = screening(worker, "Fictional Dated Two B")  # same instant: the id decides
    clock.advance(minutes=-120)
    d0 = screening(worker, "Fictional Dated Zero")  # arrived last, due first
    clock.advance(minutes=120)
    later_undated = step_up(worker, "Fictional Undated Late")
    return [d0, d1, d2a, d2b] + undated + [later_undated]


def walk(actor, url="/api/v1/tasks", key="tasks", **params):
    """Every page of a list, following ``next``: (all rows, the pages' sizes)."""
    rows, sizes, after = [], [], None
    while True:
        response = actor.get(url, query_string={**params, **({"after": after} if after else {})})
        assert response.status_code == 200, response.json
        rows += response.json[key]
        sizes.append(len(response.json[key]))
        after = response.json["next"]
        if after is None:
            return rows, sizes
        assert len(sizes) < 100, "the pages never end"


# -- the tray, through the API ----------------------------------------------------------------------

def test_tray_pages_come_in_the_readers_order(worker, mixed_tray):
    rows, sizes = walk(worker, limit=3)
    assert [r["id"] for r in rows] == mixed_tray
    assert sizes == [3, 3, 2]
    dated = [r for r in rows if r["due"]]
    assert [r["id"] for r in dated] == mixed_tray[:4] and rows[4]["due"] is None
    # One page of 50 (the default) holds them all, in the same order, and says there is no more.
    whole = worker.get("/api/v1/tasks").json
    assert [r["id"] for r in whole["tasks"]] == mixed_tray and whole["next"] is None


def test_a_cursor_holds_its_place_while_tasks_arrive_and_close(worker, mixed_tray, clock):
    first = worker.get("/api/v1/tasks", query_string={"limit": 3}).json
    assert [r["id"] for r in first["tasks"]] == mixed_tray[:3]
    # Meanwhile: a task due sooner than any on that page arrives (it belongs before the cursor),
    # a step-up arrives (it belongs at the end), and a task already read is completed.
    clock.advance(hours=-3)
    sooner = screening(worker, "Fictional Dated Sooner")
    clock.advance(hours=3)
    newest = step_up(worker, "Fictional Undated Newest")
    done = worker.post(f"/api/v1/tasks/{mixed_tray[0]}/complete", {"data": {"outcome_note": "Screened."}})
    assert done.status_code == 200, done.json
    rest, _ = walk(worker, limit=3, after=first["next"])
    # Nothing read is repeated, nothing waiting is skipped; the newcomer before the cursor is not
    # pulled into later pages, the one after it is.
    assert [r["id"] for r in rest] == mixed_tray[3:] + [newest]
    assert sooner not in [r["id"] for r in rest]
    assert worker.tray(limit=1)[0]["id"] == sooner


def test_overdue_filter_pages_and_the_counts_agree(worker, mixed_tray, clock):
    counts = worker.get("/api/v1/tasks/counts")
    assert counts.status_code == 200 and counts.json == {"total": 8, "overdue": 0}
    # One working day on, the screenings due by now are overdue; the rest are not.
    clock.advance(days=1, minutes=5)
    late, sizes = walk(worker, limit=2, overdue="true")
    assert [r["id"] for r in late] == mixed_tray[:4] and all(r["overdue"] for r in late) and sizes == [2, 2]
    on_time, _ = walk(worker, limit=2, overdue="false")
    assert [r["id"] for r in on_time] == mixed_tray[4:] and not any(r["overdue"] for r in on_time)
    assert worker.get("/api/v1/tasks/counts").json == {"total": 8, "overdue": 4}
    assert worker.get("/api/v1/tasks/counts", query_string={"pathway": ESCALATION}).json == {"total": 4,
                                                                                              "overdue": 4}
    case_id = late[0]["case_id"]
    assert worker.get("/api/v1/tasks/counts", query_string={"case": case_id}).json == {"total": 1, "overdue": 1}
    # Filters and pages combine.
    rows, _ = walk(worker, limit=1, pathway="camden/daily_discussion_meeting")
    assert [r["id"] for r in rows] == mixed_tray[4:]


def test_each_person_pages_through_their_own_roles_only(worker, mixed_tray, as_user):
    social_worker, manager = as_user(MASH_SW), as_user(EH)
    assert [r["id"] for r in walk(social_worker, limit=2)[0]] == mixed_tray[:4]
    assert [r["id"] for r in walk(manager, limit=2)[0]] == mixed_tray[4:]
    assert social_worker.get("/api/v1/tasks/counts").json["total"] == 4
    assert as_user(KNOWSLEY_LP).get("/api/v1/tasks/counts").json == {"total": 0, "overdue": 0}


def test_the_default_page_is_50_and_at_most_200_may_be_asked_for(worker, escalation):
    ids = [step_up(worker, f"Fictional Many {n}") for n in range(51)]
    first = worker.get("/api/v1/tasks").json
    assert len(first["tasks"]) == 50 and first["next"]
    second = worker.get("/api/v1/tasks", query_string={"after": first["next"]}).json
    assert [r["id"] for r in first["tasks"] + second["tasks"]] == ids and second["next"] is None
    assert len(worker.tray(limit=200)) == 51
    for limit in ("201", "0", "-1", "ten", "1.5"):
        refused = worker.get("/api/v1/tasks", query_string={"limit": limit})
        assert refused.status_code == 422 and set(refused.json["fields"]) == {"limit"}, (limit, refused.json)


# -- bad cursors ---------------------------------------------------------------------------------------

def forged(*values):
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode().rstrip("=")


BAD_CURSORS = [
    "not-a-cursor", "a" * 401, "abc$", forged("tray", True, None),
    forged("tray", False, "2026-11-02T10:00:00+00:00", "2026-11-02T10:00:00+00:00", 2 ** 31),
    forged("tray", False, "2026-11-02T10:00:00", "2026-11-02T10:00:00", 1),  # no time zone
    forged("tray", False, "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00+14:00", 1),  # before year 1 in UTC
    forged("tray", "yes", None, "2026-11-02T10:00:00+00:00", 1), forged("cases", 1), base64.b64encode(b"\xff\xfe").decode(),
]


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_a_cursor_the_tray_never_gave_is_a_422_naming_after(worker, cursor):
    refused = worker.get("/api/v1/tasks", query_string={"after": cursor})
    assert refused.status_code == 422, refused.json
    assert set(refused.json) == {"error", "message", "fields"} and set(refused.json["fields"]) == {"after"}


def test_every_list_refuses_another_lists_cursor(worker, as_user, mixed_tray):
    tray_cursor = worker.get("/api/v1/tasks", query_string={"limit": 1}).json["next"]
    case_id = worker.tray(limit=1)[0]["case_id"]
    admin = as_user(ADMIN)
    for actor, url in ((worker, "/api/v1/cases"), (worker, f"/api/v1/cases/{case_id}/history"),
                       (admin, "/api/v1/admin/outbox"), (admin, "/api/v1/admin/timers")):
        refused = actor.get(url, query_string={"after": tray_cursor})
        assert refused.status_code == 422 and set(refused.json["fields"]) == {"after"}, (url, refused.json)
    cases_cursor = worker.get("/api/v1/cases", query_string={"limit": 1}).json["next"]
    assert worker.get("/api/v1/tasks", query_string={"after": cases_cursor}).status_code == 422


# -- the other lists -------------------------------------------------------------------------------

def test_cases_come_newest_first_and_the_search_finds_the_start_of_a_name_or_id(worker, as_user):
    made = []
    for name, person, family in (("Fictional Alba Stone", "P-7001", "F-90"), ("Fictional Albert Ray", "P-7002", "F-91"),
                                 ("Fictional Bea Long", "X-7003", "F-90"), ("fictional albany 50%", "P-8001", "F_92")):
        case = worker.post("/api/v1/cases", {"child_name": name, "person_id": person, "family_id": family, **CHILD})
        made.append(case.json["id"])
    listed, sizes = walk(worker, url="/api/v1/cases", key="cases", limit=2)
    ids = [c["id"] for c in listed]
    assert ids == sorted(ids, reverse=True) and ids[:4] == made[::-1] and sizes[0] == 2

    def found(q, **params):
        return [c["id"] for c in walk(worker, url="/api/v1/cases", key="cases", q=q, **params)[0]]

    assert found("fictional alb", limit=1) == [made[3], made[1], made[0]]  # any case, newest first
    assert found("FICTIONAL ALBE") == [made[1]]
    assert found("P-70") == [made[1], made[0]] and found("X-") == [made[2]]
    assert found("F-90") == [made[2], made[0]]
    # Wildcards are plain characters: "F_" is not "F" and any one character.
    assert found("F_") == [made[3]] and found("fictional albany 50%") == [made[3]]
    assert found("%") == [] and found("nobody") == []
    # Another pack's worker finds none of them.
    theirs = walk(as_user(KNOWSLEY_LP), url="/api/v1/cases", key="cases", q="Fictional")[0]
    assert {c["pack"] for c in theirs} <= {"knowsley"} and not set(made) & {c["id"] for c in theirs}


def test_history_pages_run_oldest_first(worker, mixed_tray):
    case_id = worker.tray(limit=1)[0]["case_id"]
    done = worker.post(f"/api/v1/tasks/{mixed_tray[0]}/complete", {"data": {"outcome_note": "Screened."}})
    assert done.status_code == 200
    events, sizes = walk(worker, url=f"/api/v1/cases/{case_id}/history", key="events", limit=1)
    assert [e["action"] for e in events][:3] == ["case.created", "pathway.started", "task.completed"]
    assert set(sizes) == {1} and len(sizes) == len(events)
    stamps = [(e["at"], e["id"]) for e in events]
    assert stamps == sorted(stamps)
    assert events == worker.get(f"/api/v1/cases/{case_id}/history").json["events"]  # one page of 50 holds them


CONCERN = {"immediate_risk": "Fictional: an immediate risk", "child_safe_now": "No",
           "mash_or_police_phoned": "Yes, MASH and police", "action_taken": "Fictional: stayed on the line."}


def test_outbox_and_timers_come_a_page_at_a_time(worker, mixed_tray, as_user):
    admin = as_user(ADMIN)
    # Three immediate safeguarding concerns queue three urgent e-mails, and each MASH decision carries
    # the referral clock (1 working day): three timers beside the four escalation ones.
    for case_id in [r["case_id"] for r in worker.tray(limit=200)][4:7]:
        raised = worker.post(f"/api/v1/cases/{case_id}/safeguarding-concern", {"data": CONCERN})
        assert raised.status_code == 201, raised.json
    whole = admin.get("/api/v1/admin/outbox", query_string={"limit": 200}).json
    messages, _ = walk(admin, url="/api/v1/admin/outbox", key="messages", limit=1)
    assert len(messages) >= 3
    assert [m["id"] for m in messages] == [m["id"] for m in whole["messages"]]
    ids = [m["id"] for m in messages]
    assert ids == sorted(ids, reverse=True)
    timers, sizes = walk(admin, url="/api/v1/admin/timers", key="timers", limit=2)
    assert len(timers) == 7 and sizes == [2, 2, 2, 1]
    order = [(t["due"], t["id"]) for t in timers]
    assert order == sorted(order)
    concern_timers = [t for t in timers if t["attached_to"] == "immediate_concern_mash_decision"]
    assert len(concern_timers) == 3
    assert {t["case_id"] for t in timers if t not in concern_timers} == \
        {r["case_id"] for r in worker.tray(pathway=ESCALATION)}


# -- the HTML pages ----------------------------------------------------------------------------------

def browse(app, username):
    browser = Browser(app)
    assert browser.sign_in(username).status_code == 302
    return browser


def by_class(page, tag, name):
    return page.xpath(f'//{tag}[contains(concat(" ", normalize-space(@class), " "), " {name} ")]')


def page_rows(browser, url):
    """(task ids in the table, the next page's address, the counts line) of one tray page."""
    page = browser.page(url)
    ids = [int(a.get("href").rsplit("/", 1)[1]) for a in by_class(page, "a", "task-link")]
    nxt = by_class(page, "a", "pager-next")
    counts = page.xpath('//*[@id="tray-counts"]')
    return ids, nxt[0].get("href") if nxt else None, " ".join(counts[0].text_content().split()) if counts else None


def test_the_tray_page_pages_in_the_same_order_and_shows_the_counts(app, worker, mixed_tray, clock):
    clock.advance(days=1, minutes=5)
    browser = browse(app, BOTH)
    seen, url, pages = [], "/?limit=3", 0
    while url:
        ids, url, counts = page_rows(browser, url)
        seen += ids
        pages += 1
        assert counts == "8 open tasks, 4 overdue."
    assert seen == mixed_tray and pages == 3
    late, url = [], "/?overdue=yes&limit=2"
    while url:
        ids, url, _ = page_rows(browser, url)
        late += ids
    assert late == mixed_tray[:4]
    assert page_rows(browser, "/")[0] == mixed_tray  # a page of 50 by default


def test_the_pages_refuse_a_made_up_cursor_with_a_422(app, worker, as_user):
    assert as_user(BOTH).get("/api/v1/tasks").status_code == 200
    browser = browse(app, BOTH)
    for url in ("/?after=not-a-cursor", "/cases?after=" + forged("tray", 1), "/?limit=500"):
        response = browser.get(url)
        assert response.status_code == 422, url
    admin = browse(app, ADMIN)
    assert admin.get("/admin/outbox/?after=zzz").status_code == 422


def test_the_cases_page_searches_and_pages(app, worker):
    for n in range(3):
        worker.post("/api/v1/cases", {"child_name": f"Fictional Page Child {n}", "person_id": f"P-55{n}", **CHILD})
    browser = browse(app, BOTH)
    page = browser.page("/cases?q=fictional+page&limit=2")
    names = [" ".join(a.text_content().split()) for a in page.xpath("//table//a")]
    assert names == ["Fictional Page Child 2", "Fictional Page Child 1"]
    page = lxml.html.fromstring(browser.get(by_class(page, "a", "pager-next")[0].get("href")).data)
    assert [" ".join(a.text_content().split()) for a in page.xpath("//table//a")] == ["Fictional Page Child 0"]
    assert not by_class(page, "a", "pager-next")
    assert "P-551" in browser.get("/cases?q=P-551").get_data(as_text=True)
    assert "Fictional Page Child 0" not in browser.get("/cases?q=P-551").get_data(as_text=True)

