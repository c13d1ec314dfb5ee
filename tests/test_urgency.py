"""An immediate safeguarding concern looks urgent: a deadline in hours, an Urgent tag, first in every
tray, flagged on every page of the case until MASH decide; "not safe, nobody phoned" stops the worker."""
from datetime import datetime, timedelta, timezone

import pytest

from service.work import safeguarding
from service.extensions import db
from service.store.models import WorkItem
from test_safeguarding import CONCERN, EH, MASH_MANAGER, mid_step_up, new_case, raise_concern
from test_ui import Browser, doc, text

NOT_SAFE_NOT_PHONED = {**CONCERN, "child_safe_now": "No", "mash_or_police_phoned": "No, not yet"}


def browser(app, username):
    b = Browser(app)
    assert b.sign_in(username).status_code == 302
    return b


def decision_item(app, case_id):
    with app.app_context():
        return db.session.scalar(db.select(WorkItem).where(
            WorkItem.case_id == case_id, WorkItem.status == "open",
            WorkItem.pathway.like("%/immediate_safeguarding_concern")))


def test_the_decision_is_due_within_the_packs_hours_default_one_hour(app, as_user, clock):
    camden_case = new_case(as_user(EH))
    assert raise_concern(as_user(EH), camden_case).status_code == 201
    assert decision_item(app, camden_case).due_at.replace(tzinfo=None) == \
        (clock() + timedelta(hours=1)).replace(tzinfo=None)
    worker = "blackburn-early-help-practitioner"
    blackburn_case = new_case(as_user(worker), pack="blackburn")
    assert raise_concern(as_user(worker), blackburn_case).status_code == 201
    assert decision_item(app, blackburn_case).due_at.replace(tzinfo=None) == \
        (clock() + timedelta(hours=4)).replace(tzinfo=None)  # Blackburn's seed: a 4-hour response


def test_decision_within_reads_hours_or_minutes_and_refuses_anything_else():
    assert safeguarding.within("4 hours") == timedelta(hours=4)
    assert safeguarding.within("1 hour") == timedelta(hours=1)
    assert safeguarding.within("30 minutes") == timedelta(minutes=30)
    for bad in ("soon", "2 working days", "0 hours", "-1 hour", ""):
        with pytest.raises(ValueError):
            safeguarding.within(bad)


def test_the_concern_is_first_in_the_tray_on_every_page_with_an_urgent_tag(app, as_user):
    # Two step-ups already with the MASH Manager, one long overdue: the concern still comes first.
    first, second = mid_step_up(as_user), mid_step_up(as_user)
    with app.app_context():
        for item in db.session.scalars(db.select(WorkItem).where(WorkItem.status == "open")).all():
            item.due_at = datetime(2026, 10, 1, 9, tzinfo=timezone.utc)
        db.session.commit()
    assert raise_concern(as_user(EH), second).status_code == 201
    mash = browser(app, MASH_MANAGER)
    for url in ("/?limit=1", None):
        page = mash.page(url or "/")
        urgent = page.get_element_by_id("urgent-tasks")
        tables = page.find_class("govuk-table")
        assert tables[0] is urgent  # above the rest
        rows = urgent.findall(".//tbody/tr")
        assert len(rows) == 1 and "Urgent" in text(rows[0]) and "MASH decision" in text(rows[0])
        assert "due today, in 1 hour" in text(rows[0])
        others = [text(tr) for t in tables[1:] for tr in t.findall(".//tbody/tr")]
        assert all("MASH decision" not in row for row in others)  # shown once, at the top
    # Keyset paging of the rest is untouched: page by page, both step-ups, each once, then the end.
    seen, url = [], "/?limit=1"
    while url:
        page = mash.page(url)
        assert page.get_element_by_id("urgent-tasks") is not None  # on every page
        seen += [text(tr) for tr in page.find_class("govuk-table")[1].findall(".//tbody/tr")] \
            if len(page.find_class("govuk-table")) > 1 else []
        nxt = page.find_class("pager-next")
        url = nxt[0].get("href") if nxt else None
    assert len(seen) == 2 and all("MASH contact and referral" in row for row in seen)
    assert first != second


def test_the_api_flags_the_concern_and_pins_it_on_every_page_of_the_tray_whatever_the_filters(app, as_user):
    first, second = mid_step_up(as_user), mid_step_up(as_user)
    with app.app_context():
        for item in db.session.scalars(db.select(WorkItem).where(WorkItem.status == "open")).all():
            item.due_at = datetime(2026, 10, 1, 9, tzinfo=timezone.utc)  # long overdue: due before the concern
        db.session.commit()
    assert raise_concern(as_user(EH), second).status_code == 201
    concern = decision_item(app, second)
    mash = as_user(MASH_MANAGER)
    pages, url = [], "/api/v1/tasks?limit=1"
    while url:
        body = mash.get(url).get_json()
        pages.append(body)
        url = f"/api/v1/tasks?limit=1&after={body['next']}" if body["next"] else None
    for body in pages:  # pinned on every page, flagged
        assert [t["id"] for t in body["urgent"]] == [concern.id]
        assert body["urgent"][0]["urgent"] is True and body["urgent"][0]["due"]
    listed = [t for body in pages for t in body["tasks"]]
    assert sorted(t["id"] for t in listed if t["urgent"]) == [concern.id]  # in the list too, once, flagged
    assert [t["urgent"] for t in listed].count(False) == 2  # the two step-ups are not urgent
    # A filter on another pathway hides the step-ups' rows but never the concern.
    filtered = mash.get("/api/v1/tasks?pathway=camden/step_up_to_mash").get_json()
    assert [t["id"] for t in filtered["urgent"]] == [concern.id]
    assert all(not t["urgent"] for t in filtered["tasks"])
    # The task itself says so; a worker without MASH's role has no urgent list.
    assert mash.get(f"/api/v1/tasks/{concern.id}").get_json()["urgent"] is True
    assert as_user(EH).get("/api/v1/tasks").get_json()["urgent"] == []
    assert first != second


def test_the_case_is_flagged_on_every_page_until_mash_decide(app, as_user):
    case_id = mid_step_up(as_user)
    assert raise_concern(as_user(EH), case_id).status_code == 201
    eh = browser(app, EH)
    step_up_task = [i for i in as_user(MASH_MANAGER).tray(case=case_id) if i["task_id"] != "immediate_concern_mash_decision"]
    pages = [f"/cases/{case_id}", f"/cases/{case_id}/safeguarding-concern"]
    mash = browser(app, MASH_MANAGER)
    for who, url in [(eh, u) for u in pages] + [(mash, f"/tasks/{step_up_task[0]['id']}")]:
        banner = who.page(url).find_class("app-urgent-banner")
        assert banner and "waiting for the MASH decision" in text(banner[0]), url
    item = decision_item(app, case_id)
    task_page = mash.page(f"/tasks/{item.id}")
    assert "Urgent" in text(task_page.find(".//h1"))
    case_page = eh.page(f"/cases/{case_id}")
    assert "Urgent" in text(case_page.find_class("govuk-task-list")[0])

    done = as_user(MASH_MANAGER).complete("immediate_concern_mash_decision", case_id,
                                         concern_as_raised="Fictional: as raised", mash_decision="No further action",
                                         mash_decision_rationale="Fictional: police attended, child safe with relative")
    assert done.status_code == 200, done.json
    assert not eh.page(f"/cases/{case_id}").find_class("app-urgent-banner")


def test_not_safe_and_nobody_phoned_stops_the_worker_with_the_mash_number(app, as_user):
    case_id = new_case(as_user(EH))
    refused = raise_concern(as_user(EH), case_id, NOT_SAFE_NOT_PHONED)
    assert refused.status_code == 422 and "mash_or_police_phoned" in refused.json["fields"]
    assert "020 7946 0999" in refused.json["fields"]["mash_or_police_phoned"]
    eh = browser(app, EH)
    response = eh.post(f"/cases/{case_id}/safeguarding-concern", NOT_SAFE_NOT_PHONED)
    assert response.status_code == 422
    page = doc(response)
    stop = page.get_element_by_id("phone-first")
    assert stop.xpath(".//a[@href='tel:02079460999']")
    assert "Phone first" in text(stop)
    assert decision_item(app, case_id) is None  # nothing sent, nothing opened
    # "Not safe" and already phoned: recorded as before.
    assert raise_concern(as_user(EH), case_id, {**NOT_SAFE_NOT_PHONED, "mash_or_police_phoned": "Yes, MASH"}).status_code == 201
