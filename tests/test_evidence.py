"""Decision pages show what has been recorded so far: the earlier answers, in their forms' own labels."""
import pytest

from handlers import PackConfigError, validated_evidence
from test_camden_step_up_to_mash import EH_TEXT, MASH_MANAGER, MASH_SW, step_up
from test_ui import Browser, text

SUMMARY = "Fictional: two children, mother and a new partner; police callout last week"


def to_the_decision(as_user):
    case_id = step_up(as_user, "CP")
    manager, sw = as_user(MASH_MANAGER), as_user(MASH_SW)
    assert manager.complete("mash_contact_and_referral", case_id, contact_type="Request for services",
                            already_known="No", eha_previously_completed="Yes",
                            further_details=EH_TEXT).status_code == 200
    assert sw.complete("write_summary", case_id, household_details=SUMMARY, screening_findings="Checks completed",
                       recommended_decision="CP").status_code == 200
    return case_id, manager.task("mash_manager_decision", case_id)


def test_the_mash_decision_shows_the_early_help_answers_and_the_social_workers_summary(as_user):
    _case_id, item = to_the_decision(as_user)
    task = as_user(MASH_MANAGER).get(f"/api/v1/tasks/{item['id']}").json
    steps = {step["task_id"]: step for step in task["evidence"]}
    assert list(steps) == ["send_step_up_to_mash", "mash_contact_and_referral", "write_summary"]
    eh_answers = {a["name"]: a for a in steps["send_step_up_to_mash"]["answers"]}
    assert eh_answers["information_for_cssw"]["value"] == EH_TEXT
    assert eh_answers["risk_of_significant_harm"]["label"].startswith("Is the child")  # the form's own words
    summary = {a["name"]: a["value"] for a in steps["write_summary"]["answers"]}
    assert summary["household_details"] == SUMMARY
    assert steps["write_summary"]["completed_by"] and steps["write_summary"]["completed_at"]


def test_the_decision_page_shows_them_under_what_has_been_recorded_so_far(app, as_user):
    _case_id, item = to_the_decision(as_user)
    browser = Browser(app)
    assert browser.sign_in(MASH_MANAGER).status_code == 302
    page = browser.page(f"/tasks/{item['id']}")
    [heading] = page.xpath("//h2[@id='evidence-heading']")
    assert text(heading) == "What has been recorded so far"
    rows = {text(row.find_class("govuk-summary-list__key")[0]): text(row.find_class("govuk-summary-list__value")[0])
            for row in page.find_class("govuk-summary-list__row") if row.find_class("govuk-summary-list__key")}
    assert EH_TEXT in rows.values() and SUMMARY in rows.values()


def test_a_first_step_shows_nothing_recorded(as_user):
    case_id = as_user("camden-early-help-manager").post(
        "/api/v1/cases", {"child_name": "Fictional Child E", "date_of_birth": "2018-05-04", "pack": "camden"}).json["id"]
    eh = as_user("camden-early-help-manager")
    assert eh.post(f"/api/v1/cases/{case_id}/pathways", {"pathway": "camden/step_up_to_mash"}).status_code == 201
    item = eh.task("send_step_up_to_mash", case_id)
    assert eh.get(f"/api/v1/tasks/{item['id']}").json["evidence"] == []


@pytest.mark.parametrize("table, named", [
    ({"mash_manager_decision": ["no_such_step"]}, "no_such_step"),
    ({"no_such_task": ["write_summary"]}, "no_such_task"),
    ({"mash_manager_decision": "write_summary"}, "must list earlier task ids"),
])
def test_a_pack_naming_a_step_it_does_not_have_is_refused_at_start(table, named):
    from handlers import PACKS
    with pytest.raises(PackConfigError, match=named):
        validated_evidence("camden", {"evidence": table}, PACKS["camden"].handlers)
