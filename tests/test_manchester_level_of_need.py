"""Manchester Appendix 1: the Level of Need decides the route; a level-5 phone referral is followed up in writing
within 48 hours (reminder at 24, escalation at 48), through the JSON API with a fake clock."""
from datetime import timedelta

import pytest

from answers import ok, refused

CC = "manchester-contact-centre-worker"
MTM = "manchester-mash-team-manager"
HOS = "manchester-locality-social-work-head-of-service"
COORD = "manchester-mash-early-help-coordinator"
ADMIN = "demo-admin"
PATHWAY = "manchester/level_of_need_decision"


def started(as_user):
    cc = as_user(CC)
    case = cc.post("/api/v1/cases", {"child_name": "Fictional Child A", "date_of_birth": "2016-04-05",
                                     "person_id": "M-100", "family_id": "MF-100", "pack": "manchester"})
    assert case.status_code == 201, case.json
    assert cc.post(f"/api/v1/cases/{case.json['id']}/pathways", {"pathway": PATHWAY}).status_code == 201
    return case.json["id"]


def case_of(actor, case_id):
    return actor.get(f"/api/v1/cases/{case_id}").json


def open_tasks(actor, case_id):
    return sorted(t["task_id"] for t in case_of(actor, case_id)["open_tasks"])


def sweep(as_user):
    return ok(as_user(ADMIN).post("/api/v1/admin/timers/run")).json["fired"]


@pytest.mark.parametrize("level, choice, route, next_tasks", [
    ("1", None, "Universal Services", []),
    ("2", None, "Early Help Hub", ["explore_consent"]),
    ("3", None, "Early Help Hub", ["explore_consent"]),
    ("4", "Early Help Hub", "Early Help Hub", ["explore_consent"]),
    ("4", "MASH", "MASH", []),
    ("5", None, "MASH", []),
])
def test_each_level_follows_its_referral_pathway(as_user, level, choice, route, next_tasks):
    case_id = started(as_user)
    cc = as_user(CC)
    data = {"level_of_need": level, "level_rationale": "Fictional rationale"}
    if choice:
        data["level_4_route"] = choice
    if route == "MASH":
        data["mash_referral_made"] = "In writing"
    ok(cc.complete("decide_level_of_need", case_id, **data))
    case = case_of(cc, case_id)
    assert case["level_of_need"] == int(level)
    assert case["level_of_need_record"]["set_by"] == CC
    assert case["level_of_need_history"][0]["task_id"] == "decide_level_of_need"
    assert sorted(t["task_id"] for t in case["open_tasks"]) == next_tasks
    statuses = {p["pathway"]: p["status"] for p in case["pathways"]}
    assert statuses[PATHWAY] == "complete"
    assert ("manchester/step_down_to_early_help" in statuses) == (route == "Early Help Hub")


def test_level_4_is_a_choice_and_only_mash_referrals_say_how_they_were_made(as_user):
    case_id = started(as_user)
    cc = as_user(CC)
    base = {"level_rationale": "Fictional rationale"}
    refused(cc.complete("decide_level_of_need", case_id, level_of_need="4", **base), "level_4_route")
    refused(cc.complete("decide_level_of_need", case_id, level_of_need="3", level_4_route="MASH", **base),
            "level_4_route")
    refused(cc.complete("decide_level_of_need", case_id, level_of_need="5", **base), "mash_referral_made")
    refused(cc.complete("decide_level_of_need", case_id, level_of_need="2", mash_referral_made="By phone", **base),
            "mash_referral_made")
    refused(cc.complete("decide_level_of_need", case_id, level_of_need="6", **base), "level_of_need")
    assert case_of(cc, case_id)["level_of_need"] is None


def phoned_in(as_user):
    case_id = started(as_user)
    ok(as_user(CC).complete("decide_level_of_need", case_id, level_of_need="5", level_rationale="Fictional",
                            mash_referral_made="By phone"))
    return case_id


def test_a_level_5_phone_referral_is_followed_up_in_writing_within_48_hours(as_user, clock):
    case_id = phoned_in(as_user)
    cc = as_user(CC)
    item = cc.task("record_written_follow_up", case_id)
    assert item["due"] is not None
    refused(cc.complete("record_written_follow_up", case_id, written_follow_up_sent=False,
                        written_follow_up_on="2026-11-02"), "written_follow_up_sent")
    clock.advance(hours=23, minutes=59)
    assert sweep(as_user) == []
    ok(cc.complete("record_written_follow_up", case_id, written_follow_up_sent=True,
                   written_follow_up_on="2026-11-03"))
    clock.advance(days=3)
    assert sweep(as_user) == []
    assert open_tasks(cc, case_id) == []


def test_no_written_follow_up_reminds_at_24_hours_and_escalates_at_48(as_user, clock):
    case_id = phoned_in(as_user)
    clock.advance(hours=24, minutes=1)
    sweep(as_user)
    assert open_tasks(as_user(CC), case_id) == ["record_written_follow_up", "written_follow_up_reminder"]
    as_user(MTM).task("written_follow_up_reminder", case_id)
    clock.advance(hours=24)
    sweep(as_user)
    assert "written_follow_up_overdue" in open_tasks(as_user(CC), case_id)
    as_user(HOS).task("written_follow_up_overdue", case_id)
    actions = [e["action"] for e in as_user(CC).history(case_id)]
    assert actions.count("timer.fired") == 2
    recipients = {r for m in as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
                  if m["case_id"] == case_id for r in m["recipients"]}
    assert "manchester-mash-team-manager@demo.invalid" in recipients
    assert "manchester-locality-social-work-head-of-service@demo.invalid" in recipients


def test_a_phone_referral_in_time_is_never_chased(as_user, clock):
    case_id = phoned_in(as_user)
    clock.advance(hours=47)
    sweep(as_user)
    ok(as_user(CC).complete("record_written_follow_up", case_id, written_follow_up_sent=True,
                            written_follow_up_on="2026-11-03"))
    clock.advance(hours=2)
    sweep(as_user)
    assert "written_follow_up_overdue" not in open_tasks(as_user(CC), case_id)
