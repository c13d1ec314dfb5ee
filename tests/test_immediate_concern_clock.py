"""An immediate safeguarding concern is a referral: MASH decides within 1 working day, or it escalates."""
from datetime import datetime, timedelta, timezone

import pytest

from answers import ok
from test_safeguarding import CONCERN, new_case, raise_concern

ADMIN = "demo-admin"
# Raised on Monday 2 November 2026 at 10:00 (the fake clock). The decision is due within the pack's
# [safeguarding] decision_within (1 hour unless the pack says otherwise): it is urgent. The statutory
# referral clock still stands behind it: with no decision by Tuesday at 10:00, it escalates.
URGENT_DUE = datetime(2026, 11, 2, 11, 0, tzinfo=timezone.utc)
DUE = datetime(2026, 11, 3, 10, 0, tzinfo=timezone.utc)
PACKS = {  # pack: (raised by, decided by, escalated to)
    "camden": ("camden-early-help-manager", "camden-mash-manager", "camden-cssw-service-manager"),
    "knowsley": ("knowsley-lead-practitioner", "knowsley-mash-social-worker", "knowsley-mash-team-manager"),
}


def sweep(as_user, case_id):
    response = as_user(ADMIN).post("/api/v1/admin/timers/run")
    assert response.status_code == 200, response.json
    return [f["timer_id"] for f in response.json["fired"] if f["case_id"] == case_id]


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_no_decision_within_one_working_day_escalates_and_the_decision_stays_open(as_user, clock, pack):
    raiser, decider, escalated_to = (as_user(u) for u in PACKS[pack])
    case_id = new_case(raiser, pack=pack)
    assert raise_concern(raiser, case_id).status_code == 201
    assert decider.task("immediate_concern_mash_decision", case_id)["due"] == URGENT_DUE.isoformat()
    clock.set(DUE - timedelta(minutes=1))
    assert sweep(as_user, case_id) == []
    clock.set(DUE + timedelta(minutes=1))
    assert sweep(as_user, case_id) == ["decision_due_in_one_working_day"]
    escalation = escalated_to.task("immediate_concern_decision_overdue", case_id)
    outbox = as_user(ADMIN).get("/api/v1/admin/outbox").json["messages"]
    assert [m["recipients"] for m in outbox if m["case_id"] == case_id
            and m["reason"] == "immediate_concern_decision_overdue opened"] == [[f"{PACKS[pack][2]}@demo.invalid"]]
    assert decider.task("immediate_concern_mash_decision", case_id)["overdue"] is True
    ok(escalated_to.post(f"/api/v1/tasks/{escalation['id']}/complete", {"data": {
        "child_safety_checked": "Yes, for now", "action_taken": "Fictional: phoned the duty team"}}))


def test_a_decision_in_time_means_no_escalation(as_user, clock):
    raiser, decider, _ = (as_user(u) for u in PACKS["camden"])
    case_id = new_case(raiser)
    assert raise_concern(raiser, case_id).status_code == 201
    ok(decider.complete("immediate_concern_mash_decision", case_id, concern_as_raised=CONCERN["immediate_risk"],
                        mash_decision="Strategy discussion / s47", mash_decision_rationale="Fictional"))
    clock.set(DUE + timedelta(days=2))
    assert sweep(as_user, case_id) == []
