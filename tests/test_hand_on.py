"""Hand-on between pathways: a step starts the next pathway of the pack in the same transaction.

The escalation example (tests/diagrams) stands in for a pathway whose outcome hands on:
its "Screen the contact" handler is given a hand-on to Camden's Step Up to MASH, as an
agreed step-up starts Appendix 1 in the seed.
"""
import dataclasses

import pytest
from timer_helpers import EH, MASH_SW, history, start_case
from timer_helpers import escalation  # noqa: F401 (a fixture)

from handlers import PACKS
from handlers.forms import Outcome, StartPathway

STEP_UP = "camden/step_up_to_mash"


@pytest.fixture
def screening_hands_on(escalation, monkeypatch):
    """Screening the contact hands the case on to Camden's Step Up to MASH, with the reason agreed."""
    screen = PACKS["camden"].handlers["screen_contact"]

    def hand_on(clean, _context):
        return Outcome(data=dict(clean), starts=(StartPathway("step_up_to_mash", {"agreed_reason": "CP"}),))
    monkeypatch.setitem(PACKS["camden"].handlers, "screen_contact", dataclasses.replace(screen, hand_on=hand_on))


def pathways(actor, case_id):
    return {p["pathway"]: p["status"] for p in actor.get(f"/api/v1/cases/{case_id}").json["pathways"]}


@pytest.mark.usefixtures("screening_hands_on")
def test_a_step_that_hands_on_starts_the_next_pathway_with_its_first_task(as_user):
    eh, social_worker = as_user(EH), as_user(MASH_SW)
    case_id, _instance = start_case(eh)
    done = social_worker.complete("screen_contact", case_id, outcome_note="agreed: step up")
    assert done.status_code == 200, done.json
    assert pathways(eh, case_id)[STEP_UP] == "running"
    # The new pathway's first task is in the Early Help Manager's tray, and the answer says so.
    assert "send_step_up_to_mash" in [t["task_id"] for t in done.json["next_tasks"]]
    assert eh.task("send_step_up_to_mash", case_id)["pathway"] == STEP_UP
    [started] = [e for e in history(eh, case_id, "pathway.started") if STEP_UP in e["summary"]]
    assert "handed on from Screen the contact" in started["summary"]
    assert started["actor"] == MASH_SW


@pytest.mark.usefixtures("screening_hands_on")
def test_a_hand_on_to_a_pathway_already_running_joins_it_rather_than_starting_a_second(as_user):
    eh, social_worker = as_user(EH), as_user(MASH_SW)
    case_id, _instance = start_case(eh)
    first = eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": STEP_UP})
    assert first.status_code == 201
    done = social_worker.complete("screen_contact", case_id, outcome_note="agreed: step up")
    assert done.status_code == 200, done.json
    running = [p for p in eh.get(f"/api/v1/cases/{case_id}").json["pathways"] if p["pathway"] == STEP_UP]
    assert [p["id"] for p in running] == [first.json["id"]]
    [joined] = history(eh, case_id, "pathway.hand_on_joined")
    assert str(first.json["id"]) in joined["summary"]


@pytest.mark.usefixtures("screening_hands_on")
def test_a_hand_on_to_a_pathway_not_deployed_refuses_the_step_and_writes_nothing(as_user, monkeypatch):
    eh, social_worker = as_user(EH), as_user(MASH_SW)
    case_id, _instance = start_case(eh)
    screen = PACKS["camden"].handlers["screen_contact"]
    monkeypatch.setitem(PACKS["camden"].handlers, "screen_contact", dataclasses.replace(
        screen, hand_on=lambda clean, _c: Outcome(data=dict(clean), starts=(StartPathway("no_such_pathway"),))))
    before = history(eh, case_id)
    refused = social_worker.complete("screen_contact", case_id, outcome_note="agreed")
    assert refused.status_code == 409 and "camden/no_such_pathway" in refused.json["message"]
    assert history(eh, case_id) == before
    assert social_worker.task("screen_contact", case_id)["status"] == "open"


def test_a_hand_on_names_a_pathway_within_the_pack():
    with pytest.raises(ValueError):
        StartPathway("camden/step_up_to_mash")
