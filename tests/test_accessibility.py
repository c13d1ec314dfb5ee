"""axe-core, the accessibility engine, on every page type at desktop (1280 px) and phone (375 px) widths.

A serious or critical violation fails the test. The counts of every violation per page type are
printed (run with -s to see them); STEPWISE_SCREENSHOT_DIR keeps a screenshot of each page.
"""
import io
import os

import pytest

from test_camden_step_up_to_mash import step_up, through_to_decision
from bpmn_variants import camden_text, deploy_text, new_case_on_pathway, replace_once, send_step_up
from smtp_helpers import outbox
from service.diagrams import catalog
from browser_helpers import PHONE, DESKTOP, browser, new_page, server, sign_in  # noqa: F401 (fixtures)

axe_module = pytest.importorskip("axe_playwright_python.sync_playwright",
                                 reason="axe-playwright-python is not installed")

WIDTHS = (DESKTOP, PHONE)
BLOCKING = ("serious", "critical")
# What sticks out past the right edge of the screen, outside a table's own scroll box.
WIDE = """() => Array.from(document.querySelectorAll('body *'))
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                && !el.closest('.app-table-wrapper *'))
  .map(el => el.tagName + '.' + el.className).slice(0, 5)"""
# A second version of the step-up, so that the admin pages have a diff to show.
RELABELLED = replace_once(camden_text(), 'name="MASH Manager Decision"', 'name="MASH Manager decision"')


def page_types(base, case_id, instance_id, task_url, versions, message_id, long_task_url, version_id,
               datetime_task_url):
    """(page type, who, address, what to do there first): one of each page a person meets."""
    def drawn(page):  # axe checks bpmn-js's drawing, not the fallback it replaces
        page.locator(".app-bpmn-canvas[data-ready='true']").wait_for()

    def checked(page):  # the modeller with its problem list filled in
        page.locator("#modeller-canvas[data-ready='true']").wait_for()
        page.locator("#modeller-status").filter(has_text="problem").wait_for()

    def submit_empty(page):
        page.get_by_role("button", name="Complete task").click()
        page.get_by_role("heading", name="There is a problem").wait_for()

    def check_answers(page):
        # The long form comes back filled from the worker's draft; "Continue" reads the answers back.
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("heading", name="Check your answers").wait_for()

    def submit_date_in_part(page):  # a date and time missing its month and time: the boxes left blank are marked
        held = page.get_by_role("group", name="Held at", exact=True)
        held.get_by_label("Day", exact=True).fill("2")
        held.get_by_label("Year", exact=True).fill("2026")
        submit_empty(page)

    def submit_no_document(page):
        page.get_by_role("button", name="Attach document").click()
        page.get_by_role("heading", name="There is a problem").wait_for()

    def submit_empty_concern(page):
        page.get_by_role("button", name="Send to MASH now").click()
        page.get_by_role("heading", name="There is a problem").wait_for()

    old, new = versions
    return [
        ("sign-in", None, "/sign-in", None),
        ("my work tray", "camden-mash-manager", "/", None),
        ("team work", "camden-mash-manager", "/team?pack=camden&role=Early+Help+Manager", None),
        ("case list", "camden-early-help-manager", "/cases", None),
        ("new case", "camden-early-help-manager", "/cases/new", None),
        ("case page", "camden-early-help-manager", f"/cases/{case_id}", None),
        ("case page, document upload with errors", "camden-early-help-manager", f"/cases/{case_id}",
         submit_no_document),
        ("case page, chronology filtered", "camden-early-help-manager", f"/cases/{case_id}?kind=tasks&kind=notes", None),
        ("printable case summary", "camden-early-help-manager", f"/cases/{case_id}/summary", None),
        ("task form with errors", "camden-mash-manager", task_url, submit_empty),
        ("task form with a date and time typed in part", "camden-mash-manager", datetime_task_url, submit_date_in_part),
        ("check your answers", "camden-early-help-manager", long_task_url, check_answers),
        ("safeguarding concern form with errors", "camden-early-help-manager",
         f"/cases/{case_id}/safeguarding-concern", submit_empty_concern),
        ("diagram view", "camden-early-help-manager", f"/cases/{case_id}/pathways/{instance_id}/diagram", drawn),
        ("admin: versions", "demo-admin", "/admin/", None),
        ("admin: diff", "demo-admin", f"/admin/diff?pathway=camden/step_up_to_mash&a={old}&b={new}", None),
        ("admin: outbox", "demo-admin", "/admin/outbox/", None),
        ("admin: outbox message", "demo-admin", f"/admin/outbox/{message_id}", None),
        ("admin: modeller", "demo-admin", f"/admin/versions/{version_id}/modeller", checked),
        ("not found", "camden-early-help-manager", "/no-such-page", None),
    ]


def test_no_serious_or_critical_axe_violation_on_any_page_type(app, as_user, server, browser):  # noqa: F811
    case_id, instance_id, _ = new_case_on_pathway(as_user, name="Fictional Child Echo")
    send_step_up(as_user, case_id)
    task = as_user("camden-mash-manager").task("mash_contact_and_referral", case_id)
    long_case, _, _ = new_case_on_pathway(as_user, name="Fictional Child Foxtrot")
    long_task = as_user("camden-early-help-manager").task("send_step_up_to_mash", long_case)["id"]
    discussed = step_up(as_user, "CP")  # at the strategy discussion, whose "Held at" is a date and time
    through_to_decision(as_user, discussed, "CP")
    strategy = as_user("camden-mash-manager").task("strategy_discussion", discussed)["id"]
    eh = as_user("camden-early-help-manager")
    drafted = eh.client.put(f"/api/v1/tasks/{long_task}/draft", headers=eh._headers(), json={"data": {
        "reason": "CP", "information_for_cssw": "Fictional: bruising seen at nursery", "risk_of_significant_harm": "Yes",
        "why_eh_cannot_meet_needs": "Fictional reasons", "discussed_with_family": "Yes"}})
    assert drafted.status_code == 200, drafted.json
    minutes = eh.client.post(f"/api/v1/cases/{case_id}/attachments", headers=eh._headers(),
                             content_type="multipart/form-data", data={
                                 "file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"),
                                          "Minutes_of_the_fictional_strategy_discussion_held_on_Monday.pdf"),
                                 "description": "Fictional minutes, agreed by everyone present"})
    assert minutes.status_code == 201, minutes.json  # the case page shows a document in its Documents
    versions = (1, deploy_text(app, RELABELLED))
    message_id = next(m["id"] for m in outbox(as_user) if m["case_id"] == case_id)
    with app.app_context():
        version_id = catalog.current_version("camden/step_up_to_mash").id
    axe = axe_module.Axe()
    shots = os.environ.get("STEPWISE_SCREENSHOT_DIR")
    blocking, counts = [], {}
    for width in WIDTHS:
        contexts = {}
        for kind, who, url, before in page_types(server, case_id, instance_id, f"/tasks/{task['id']}", versions,
                                                 message_id, f"/tasks/{long_task}", version_id,
                                                 f"/tasks/{strategy}"):
            if who not in contexts:
                contexts[who] = new_page(browser, width)
                if who:
                    sign_in(contexts[who], server, who)
            page = contexts[who]
            page.goto(server + url)
            if before:
                before(page)
            found = axe.run(page).response["violations"]
            counts[(kind, width)] = sorted(f"{v['impact']}:{v['id']}" for v in found)
            blocking += [(kind, width, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                         for v in found if v["impact"] in BLOCKING]
            # At phone width nothing but a table's own scroll box may be wider than the screen.
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                blocking.append((kind, width, "page-wider-than-screen", f"{overflow}px", page.evaluate(WIDE)))
            if shots:
                page.screenshot(path=os.path.join(shots, f"axe-{width}-{kind.replace(' ', '-').replace(':', '')}.png"),
                                full_page=True)
        for page in contexts.values():
            page.context.close()
    for (kind, width), found in counts.items():
        print(f"axe {width}px {kind}: {len(found)} {found}")
    assert not blocking, blocking
