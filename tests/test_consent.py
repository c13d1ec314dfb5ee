"""Consent on the case: steps record it, the case shows it, overrides need a reason and a manager."""
import lxml.html
import pytest

from handlers import PACKS
from handlers.consent import ConsentRecord
from handlers.forms import CONSENT_KEY, Field, Handler, Outcome
from tests.bpmn_variants import signed_in
from tests.test_blackburn_step_up import (CIN, EHP, MM, OVERSIGHT, agreed, case_of, consent_given, history, ok,
                                          refused, screened)


def test_a_step_records_who_consented_to_what_how_and_when_on_the_case(as_user):
    case_id = agreed(as_user)
    ok(as_user(EHP).complete("seek_consent", case_id, **consent_given("Given")))
    consent = case_of(as_user, case_id)["consent"]
    assert [(c["given_by"], c["scope"], c["decision"], c["how"], c["when"]) for c in consent] == [
        ("Parents / carers", "sharing", "given", "In person", "2026-11-02"),
        ("Child / young person", "sharing", "not sought", "", None)]
    assert consent[1]["note"] == "Not age appropriate"
    assert {c["recorded_by"] for c in consent} == {EHP}
    assert consent[0]["recorded_at"] == "2026-11-02T10:00:00+00:00"
    summaries = [e["summary"] for e in history(as_user, case_id, "consent.recorded")]
    assert summaries == ["Consent of Parents / carers to information sharing: given, in person",
                         "Consent of Child / young person to information sharing: not sought"]


def test_a_case_with_no_consent_recorded_shows_an_empty_list(as_user):
    case = as_user("camden-early-help-manager").post("/api/v1/cases", {
        "child_name": "Fictional Child C", "date_of_birth": "2018-01-01", "pack": "camden"})
    assert case.status_code == 201, case.json
    assert as_user("camden-early-help-manager").get(f"/api/v1/cases/{case.json['id']}").json["consent"] == []


def test_consent_not_sought_keeps_the_reason(as_user):
    case_id = agreed(as_user)
    ok(as_user(EHP).complete("seek_consent", case_id, **consent_given("Not sought")))
    parents = case_of(as_user, case_id)["consent"][0]
    assert parents["decision"] == "not sought"
    assert parents["note"] == "Fictional: asking would put the child at risk"


def overridden(as_user):
    case_id = screened(as_user, parents="Refused")
    ok(as_user(MM).complete("mash_management_oversight", case_id, **OVERSIGHT, referral_outcome=CIN,
                            allocated_social_worker="blackburn-allocated-social-worker", consent_override=True,
                            override_reason="Fictional: telling the family would put the child at risk",
                            overriding_manager="Demo MASH Manager"))
    return case_id


def test_an_override_shows_in_the_chronology_with_its_reason_and_manager(as_user):
    case_id = overridden(as_user)
    events = history(as_user, case_id, "consent.overridden")
    assert len(events) == 1
    assert events[0]["actor"] == MM
    assert events[0]["task_id"] == "mash_management_oversight"
    assert events[0]["data"]["override_reason"] == "Fictional: telling the family would put the child at risk"
    assert events[0]["data"]["overridden_by"] == "Demo MASH Manager"
    assert events[0]["summary"] == ("Consent of Parents / carers to information sharing overridden for the "
                                    "child's safety by Demo MASH Manager")


def test_the_case_page_lists_consent_with_the_override(app, as_user):
    case_id = overridden(as_user)
    page = lxml.html.fromstring(signed_in(app, MM).get(f"/cases/{case_id}").data)
    section = page.get_element_by_id("consent-heading").getparent()
    rows = [" ".join(div.text_content().split()) for div in section.iter("div") if div.find("dt") is not None]
    assert rows[0].startswith("Parents / carers: information sharing Refused, in person")
    assert "Overridden for the child’s safety by Demo MASH Manager" in rows[-1]
    assert "Reason: Fictional: telling the family would put the child at risk" in rows[-1]


def test_the_case_page_says_when_no_consent_is_recorded(app, as_user):
    case_id = agreed(as_user)
    page = lxml.html.fromstring(signed_in(app, EHP).get(f"/cases/{case_id}").data)
    section = page.get_element_by_id("consent-heading").getparent()
    assert "No consent recorded yet." in section.text_content()


@pytest.fixture
def careless_handler(monkeypatch):
    """A share_concern step whose handler hands on an override without a reason or manager."""
    def hand_on(clean, _context):
        return Outcome(data=dict(clean), consents=(
            ConsentRecord(given_by="Parents / carers", scope="sharing", decision="given"),
            ConsentRecord(given_by="Parents / carers", scope="sharing", decision="overridden")))
    handler = Handler(task_id="share_concern", title="Share the concern",
                      fields=(Field("concern", "Concern", "textarea", required=True),), hand_on=hand_on)
    monkeypatch.setitem(PACKS["blackburn"].handlers, "share_concern", handler)


def test_the_service_refuses_an_override_without_reason_and_manager_and_writes_nothing(as_user, careless_handler):
    ehp = as_user(EHP)
    case = ehp.post("/api/v1/cases", {"child_name": "Fictional Child D", "date_of_birth": "2015-01-01",
                                      "pack": "blackburn"})
    case_id = case.json["id"]
    ehp.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "blackburn/step_up_to_mash"})
    response = ehp.complete("share_concern", case_id, concern="Fictional")
    refused(response, "override_reason")
    refused(response, "overridden_by")
    after = case_of(as_user, case_id)
    assert after["consent"] == []  # not even the valid record before it
    assert [t["task_id"] for t in after["open_tasks"]] == ["share_concern"]
    assert history(as_user, case_id, "task.completed") == []


def test_pathways_read_the_consent_recorded_so_far(as_user, monkeypatch):
    seen = []
    handler = PACKS["blackburn"].handlers["discuss_with_mash"]
    monkeypatch.setitem(PACKS["blackburn"].handlers, "discuss_with_mash", Handler(
        task_id=handler.task_id, title=handler.title, fields=handler.fields, rules=handler.rules,
        prefill=lambda context: seen.append(context[CONSENT_KEY]) or {}))
    case_id = agreed(as_user)
    ok(as_user(EHP).complete("seek_consent", case_id, **consent_given("Refused")))
    item = as_user("blackburn-mash-social-worker").task("discuss_with_mash", case_id)
    assert as_user("blackburn-mash-social-worker").get(f"/api/v1/tasks/{item['id']}").status_code == 200
    assert [(c["given_by"], c["decision"]) for c in seen[-1]] == [("Parents / carers", "refused"),
                                                                  ("Child / young person", "not sought")]


def test_a_record_knows_what_an_override_lacks():
    record = ConsentRecord(given_by="Parents / carers", scope="sharing", decision="overridden",
                           override_reason="  ", overridden_by="")
    assert set(record.problems()) == {"override_reason", "overridden_by"}
    assert ConsentRecord(given_by="", scope="anything", decision="maybe").problems().keys() == {
        "given_by", "scope", "decision"}
    assert ConsentRecord(given_by="Child / young person", scope="service", decision="refused").problems() == {}
