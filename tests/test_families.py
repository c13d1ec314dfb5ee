"""Families: one daily discussion meeting for siblings (Camden §3 "EH presents families"),
with each child's own outcome, through the public API and the pages, on the fake clock."""
import re
from datetime import datetime, timedelta, timezone

from answers import ok, refused
from bpmn_variants import signed_in
from test_camden_step_up_decision import (EH, FAMILY_WORKER, MASH_MANAGER, MEETING, STEP_UP, new_case, pathways,
                                          run_timer_sweep)

FAMILY = "F-300"
NOT_MET = "Threshold not met: stays with Early Help"
STEPPED_UP = "Step up to MASH"
REVIEW_OPENS = datetime(2026, 11, 16, 9, 0, tzinfo=timezone.utc)  # 09:00 London (GMT) on the review date


def family_of_two(as_user, family=FAMILY):
    worker = as_user(FAMILY_WORKER)
    older = new_case(worker, child_name="Fictional Child A", person_id="P-301", family_id=family)
    younger = new_case(worker, child_name="Fictional Child B", date_of_birth="2021-03-01", person_id="P-302",
                       family_id=family)
    return older, younger


def start_for_family(actor, body=None, family=FAMILY):
    return actor.post(f"/api/v1/families/{family}/pathways", {"pathway": MEETING, **(body or {})})


def presentation(a, b):
    return {"presented_by": "Demo Family Worker", "reasons_for_escalation": "Fictional reasons",
            "evidence_concerns_increased": "Fictional evidence",
            "voice_of_child_direct": {str(a): "A said she is scared (fictional)",
                                      str(b): "B drew the house (fictional)"}}


def decision(a_outcome, b_outcome, **changes):
    return {"chaired_by": "Demo MASH Manager", "lived_experience_considered": True,
            "early_help_stays_involved": "Yes", "early_help_role": "Family worker continues (fictional)",
            "meeting_minutes": "Fictional minutes", **a_outcome, **changes} | _merge(a_outcome, b_outcome)


def _merge(*per_child):
    merged = {}
    for answers in per_child:
        for name, value in answers.items():
            merged.setdefault(name, {}).update(value)
    return merged


def meeting_held(as_user):
    """Two siblings presented together; the decision waits for the chair."""
    a, b = family_of_two(as_user)
    started = start_for_family(as_user(EH))
    assert started.status_code == 201, started.json
    assert started.json["case_ids"] == [a, b]
    ok(as_user(EH).complete("present_at_daily_meeting", a, **presentation(a, b)))
    return a, b


def open_task_ids(actor, case_id):
    return [(t["task_id"], t["instance_id"]) for t in actor.get(f"/api/v1/cases/{case_id}").json["open_tasks"]]


def test_one_meeting_for_two_children_with_different_outcomes(as_user, clock):
    a, b = meeting_held(as_user)
    chair = as_user(MASH_MANAGER)
    ok(chair.complete("daily_meeting_decision", b, **decision(
        {"meeting_outcome": {str(a): STEPPED_UP}, "reason": {str(a): "CP"}},
        {"meeting_outcome": {str(b): NOT_MET}, "early_help_actions": {str(b): "Nursery place (fictional)"},
         "review_date": {str(b): "2026-11-16"}})))
    eh = as_user(EH)
    # The child stepped up goes on in their own Step Up to MASH; the sibling does not.
    assert pathways(eh, a)[STEP_UP] == "running"
    assert STEP_UP not in pathways(eh, b)
    assert [t["task_id"] for t in eh.tray(case=a)] == ["send_step_up_to_mash"]
    assert eh.tray(case=b) == []
    # Each child's chronology has the family decision with their own outcome.
    [for_a] = [e for e in eh.history(a) if e["task_id"] == "daily_meeting_decision"]
    [for_b] = [e for e in eh.history(b) if e["task_id"] == "daily_meeting_decision"]
    assert (for_a["data"]["meeting_outcome"], for_a["data"]["reason"]) == (STEPPED_UP, "CP")
    assert (for_b["data"]["meeting_outcome"], for_b["data"]["review_date"]) == (NOT_MET, "2026-11-16")
    assert for_a["data"]["chaired_by"] == for_b["data"]["chaired_by"] == "Demo MASH Manager"
    # The review opens on its date for the child who stays with Early Help, and only for them.
    clock.set(REVIEW_OPENS - timedelta(minutes=1))
    assert "review_date_reached" not in run_timer_sweep(as_user)  # (A's step-up episode escalates meanwhile)
    assert eh.tray(case=b) == []
    clock.set(REVIEW_OPENS + timedelta(minutes=1))
    assert run_timer_sweep(as_user) == ["review_date_reached"]
    [review] = eh.tray(case=b)
    assert review["task_id"] == "review_after_daily_meeting" and review["case_id"] == b
    assert "review_after_daily_meeting" not in [t["task_id"] for t in eh.tray(case=a)]
    form = eh.get(f"/api/v1/tasks/{review['id']}").json["form"]
    assert form["prefilled"]["agreed_actions_noted"] == "Fictional Child B: Nursery place (fictional)"
    assert any(e["action"] == "family.left" for e in eh.history(a))
    [run] = eh.get(f"/api/v1/cases/{b}").json["family_runs"]
    assert [(c["case_id"], c["left_because"]) for c in run["children"]] == [(a, "stepped up to MASH"), (b, None)]


def test_the_family_task_shows_on_each_childs_case_once_in_the_tray_and_is_done_once(as_user):
    a, b = family_of_two(as_user)
    eh = as_user(EH)
    started = start_for_family(eh)
    run = started.json["id"]
    assert open_task_ids(eh, a) == open_task_ids(eh, b) == [("present_at_daily_meeting", run)]
    assert len(eh.tray(pathway=MEETING)) == 1
    assert run in [p["id"] for p in eh.get(f"/api/v1/cases/{b}").json["pathways"]]
    form = eh.get(f"/api/v1/tasks/{eh.task('present_at_daily_meeting', b)['id']}").json["form"]
    assert form["children"] == [{"case_id": a, "child_name": "Fictional Child A"},
                                {"case_id": b, "child_name": "Fictional Child B"}]
    ok(eh.complete("present_at_daily_meeting", b, **presentation(a, b)))
    assert open_task_ids(eh, a) == open_task_ids(eh, b) == [("daily_meeting_decision", run)]
    assert len(as_user(MASH_MANAGER).tray(pathway=MEETING)) == 1
    for child in (a, b):
        assert [e["task_id"] for e in eh.history(child)].count("present_at_daily_meeting") == 1
    # A second copy for either child is refused while the family's runs.
    again = eh.post(f"/api/v1/cases/{a}/pathways", {"pathway": MEETING})
    assert again.status_code == 409, again.json


def test_each_childs_answer_is_checked_and_named(as_user):
    a, b = meeting_held(as_user)
    chair = as_user(MASH_MANAGER)
    only_a = decision({"meeting_outcome": {str(a): NOT_MET}, "early_help_actions": {str(a): "Fictional"}}, {})
    refused(chair.complete("daily_meeting_decision", a, **only_a), f"meeting_outcome.{b}")
    no_reason = decision({"meeting_outcome": {str(a): NOT_MET}, "early_help_actions": {str(a): "Fictional"}},
                         {"meeting_outcome": {str(b): STEPPED_UP}})
    refused(chair.complete("daily_meeting_decision", a, **no_reason), f"reason.{b}")
    two_dates = decision(*({"meeting_outcome": {str(child): NOT_MET}, "early_help_actions": {str(child): "F"},
                            "review_date": {str(child): day}} for child, day in ((a, "2026-11-16"), (b, "2026-11-20"))))
    refused(chair.complete("daily_meeting_decision", a, **two_dates), f"review_date.{b}")
    stranger = decision({"meeting_outcome": {str(a): NOT_MET, "999": NOT_MET}}, {})
    refused(chair.complete("daily_meeting_decision", a, **stranger), "meeting_outcome.999")


def test_only_the_familys_children_in_the_pathways_pack(as_user):
    a, b = family_of_two(as_user)
    other = new_case(as_user(FAMILY_WORKER), child_name="Fictional Child C", family_id="F-999")
    eh = as_user(EH)
    refused(start_for_family(eh, {"case_ids": [a, other]}), "case_ids")
    refused(start_for_family(eh, {"case_ids": []}), "case_ids")
    assert start_for_family(eh, family="F-NOBODY").status_code == 404
    assert start_for_family(eh, {"pathway": "knowsley/step_up"}).status_code == 403  # not their pack
    refused(start_for_family(eh, {"pathway": "camden/no_such_pathway"}), "pathway")
    subset = start_for_family(eh, {"case_ids": [b]})
    assert subset.status_code == 201 and subset.json["case_ids"] == [b]
    assert open_task_ids(eh, a) == []
    # A child already in a running meeting cannot be put in a second one.
    assert start_for_family(eh).status_code == 409


def _page_inputs(html):
    return set(re.findall(r'name="([^"]+)"', html))


def test_the_family_meeting_works_through_the_pages(app, as_user):
    a, b = meeting_held(as_user)
    item = as_user(MASH_MANAGER).task("daily_meeting_decision", a)
    browser = signed_in(app, MASH_MANAGER)
    page = browser.get(f"/tasks/{item['id']}").get_data(as_text=True)
    assert {f"meeting_outcome.{a}", f"meeting_outcome.{b}", "chaired_by"} <= _page_inputs(page)
    assert "Fictional Child A" in page and "Fictional Child B" in page
    form = {"chaired_by": "Demo MASH Manager", "lived_experience_considered": "true",
            "early_help_stays_involved": "Yes", "early_help_role": "Fictional", "meeting_minutes": "Fictional",
            f"meeting_outcome.{a}": NOT_MET, f"early_help_actions.{a}": "Fictional actions",
            f"meeting_outcome.{b}": STEPPED_UP}
    refusal = browser.post(f"/tasks/{item['id']}", data=form)
    assert refusal.status_code == 422
    assert f'id="f-reason.{b}-error"' in refusal.get_data(as_text=True)
    assert "Choose CIN or CP for the step-up (Fictional Child B)" in refusal.get_data(as_text=True)
    done = browser.post(f"/tasks/{item['id']}", data={**form, f"reason.{b}": "CIN", "action": "confirm"})  # past the check
    assert done.status_code == 302, done.get_data(as_text=True)
    eh = as_user(EH)
    assert pathways(eh, b)[STEP_UP] == "running" and STEP_UP not in pathways(eh, a)
    case_page = signed_in(app, EH).get(f"/cases/{a}").get_data(as_text=True)
    assert "Fictional Child B" in case_page  # the family section names the sibling


def test_starting_for_the_family_from_the_case_page(app, as_user):
    a, b = family_of_two(as_user)
    browser = signed_in(app, EH)
    page = browser.get(f"/cases/{a}").get_data(as_text=True)
    assert "Start for the family" in page
    started = browser.post(f"/cases/{a}/family-pathways", data={"pathway": MEETING, "case_ids": [str(a), str(b)]})
    assert started.status_code == 302
    eh = as_user(EH)
    assert open_task_ids(eh, a) == open_task_ids(eh, b) != []


def test_reading_a_family_task_is_recorded_for_each_child(app, as_user):
    a, b = meeting_held(as_user)
    chair = as_user(MASH_MANAGER)
    item = chair.task("daily_meeting_decision", a)
    ok(chair.get(f"/api/v1/tasks/{item['id']}"))
    from service.extensions import db
    from service.store.read_audit import RecordRead
    with app.app_context():
        read = {r.case_id for r in db.session.scalars(db.select(RecordRead).where(RecordRead.what == "task",
                                                                                  RecordRead.item_id == item["id"]))}
    assert read == {a, b}


def test_one_childs_meeting_is_as_before(as_user):
    worker = as_user(FAMILY_WORKER)
    only = new_case(worker, family_id="F-400")
    started = worker.post(f"/api/v1/cases/{only}/pathways", {"pathway": MEETING})
    assert started.status_code == 201
    form = as_user(EH).get(f"/api/v1/tasks/{started.json['open_tasks'][0]['id']}").json["form"]
    assert "children" not in form


def test_the_family_forms_carry_the_csrf_token(app, as_user, clock):
    from service import create_app
    a, _b = family_of_two(as_user)
    guarded = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                          "NOW": clock, "SCHEDULER_ENABLED": False, "SECRET_KEY": "test",
                          "PASSWORD_HASHER_PARAMS": {"time_cost": 1, "memory_cost": 64, "parallelism": 1}})
    from service.demo import DEMO_PASSWORD
    browser = guarded.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/sign-in").get_data(as_text=True))[1]
    assert browser.post("/sign-in", data={"username": EH, "password": DEMO_PASSWORD, "csrf_token": token}
                        ).status_code == 302
    assert browser.post(f"/cases/{a}/family-pathways", data={"pathway": MEETING}).status_code == 400
    page = browser.get(f"/cases/{a}").get_data(as_text=True)
    form = page[page.index(f'action="/cases/{a}/family-pathways"'):]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    started = browser.post(f"/cases/{a}/family-pathways",
                           data={"pathway": MEETING, "case_ids": [str(a), str(_b)], "csrf_token": token})
    assert started.status_code == 302
    assert open_task_ids(as_user(EH), a) != []


def test_a_retried_family_start_gets_the_first_answer(as_user):
    a, b = family_of_two(as_user)
    eh = as_user(EH)
    headers = {**eh._headers(), "Idempotency-Key": "family-start-1"}
    first = eh.client.post(f"/api/v1/families/{FAMILY}/pathways", json={"pathway": MEETING}, headers=headers)
    again = eh.client.post(f"/api/v1/families/{FAMILY}/pathways", json={"pathway": MEETING}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json == again.json
    assert len(eh.tray(pathway=MEETING)) == 1
