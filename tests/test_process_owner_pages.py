"""Process owners' pages: a version diff with before and after, wording-only migration, the outbox's messages."""
import lxml.html
import pytest

from bpmn_variants import (ADMIN, EH, MASH_MANAGER, PATHWAY, camden_text, deploy_text, moved_to_lane_of,
                           new_case_on_pathway, pathway_version, replace_once, send_step_up, signed_in,
                           with_timer)
from service.extensions import db
from service.mail.outbox_model import OutboxMessage
from service.store.read_audit import RecordRead
from smtp_helpers import outbox

# What a process owner does in a modeller: re-word steps (the one done, the one open) and their documentation.
REWORDED = replace_once(camden_text(), 'name="Step Up to MASH"', 'name="Step up to MASH (CIN or CP)"')
REWORDED = replace_once(REWORDED, 'name="MASH contact and referral (CSSW)"', 'name="MASH contact (CSSW)"')
REWORDED = replace_once(REWORDED, "It may be sent immediately from an incomplete step.",
                        "It may be sent at once, from an incomplete step.")
# A structural change to the step every waiting case has done: another role does it.
RE_ROLED = moved_to_lane_of(camden_text(), "send_step_up_to_mash", "write_summary")


def rows_of(section):
    """{fact: (before, after, marked changed)} from a changed element's before-and-after table."""
    found = {}
    for row in section.xpath(".//tbody/tr"):
        header, before, after = row.xpath("./th")[0], *row.xpath("./td")
        fact = header.text.strip()
        found[fact] = (before.text_content().strip(), after.text_content().strip(), "diff-row-changed" in row.get("class"))
    return found


def test_the_diff_shows_each_changed_element_before_and_after(app):
    text = replace_once(camden_text(), 'name="MASH Manager Decision"', 'name="MASH Manager decision"')
    text = replace_once(text, 'next_actions == "CP"', 'next_actions in ("CP",)')
    text = with_timer(text, "working_days(1)", "timeDate")
    new = deploy_text(app, text)
    page = lxml.html.fromstring(signed_in(app, ADMIN).get(f"/admin/diff?pathway={PATHWAY}&a=1&b={new}").data)

    decision = page.get_element_by_id("changed-mash_manager_decision")
    assert "Wording only" in decision.text_content()
    facts = rows_of(decision)
    assert facts["Name"] == ("MASH Manager Decision", "MASH Manager decision", True)
    assert facts["Lane (role)"] == ("MASH Manager", "MASH Manager", False)
    assert facts["Type"] == ("User task", "User task", False)
    assert "flow_request_decision" in facts["Incoming flows"][0] and "write_summary" in facts["Incoming flows"][0]
    assert "Working Together 2023" in facts["Documentation"][1]

    flow = page.get_element_by_id("changed-flow_cp")
    assert "Changes how cases run" in flow.text_content()
    facts = rows_of(flow)
    assert facts["Condition"] == ('next_actions == "CP"', 'next_actions in ("CP",)', True)
    assert facts["From"][2] is False and "cp_or_cin" in facts["From"][0]

    added = page.find_class("diff-added")[0].text_content()
    assert "referral_overdue" in added and "Date: working_days(1)" in added and "non-interrupting" in added
    assert "Attached to" in added and "mash_contact_and_referral" in added
    assert "None." in page.find_class("diff-removed")[0].text_content()
    # Something else changed, so the page does not say every running case can move.
    assert not page.find_class("diff-wording-only")


def test_the_diff_lists_removed_elements_with_what_they_were(app):
    new = deploy_text(app, camden_text().replace("step_up_decided", "step_up_agreed"))
    page = lxml.html.fromstring(signed_in(app, ADMIN).get(f"/admin/diff?pathway={PATHWAY}&a=1&b={new}").data)
    removed = page.find_class("diff-removed")[0].text_content()
    assert "step_up_decided" in removed and "Early Help decides to step up" in removed and "Start event" in removed
    assert "step_up_agreed" in page.find_class("diff-added")[0].text_content()


def test_a_wording_only_diff_says_running_cases_can_move(app):
    new = deploy_text(app, REWORDED)
    page = lxml.html.fromstring(signed_in(app, ADMIN).get(f"/admin/diff?pathway={PATHWAY}&a=1&b={new}").data)
    assert "can move to version 2" in page.find_class("diff-wording-only")[0].text_content()
    assert not page.find_class("diff-structural")
    facts = rows_of(page.get_element_by_id("changed-send_step_up_to_mash"))
    assert facts["Documentation"][2] and not facts["Lane (role)"][2]


@pytest.fixture
def waiting_case(as_user):
    """A Camden case whose step-up is sent: 'MASH contact and referral' open, on version 1."""
    case_id, instance_id, version = new_case_on_pathway(as_user)
    assert version == 1
    send_step_up(as_user, case_id)
    return case_id, instance_id


def test_a_wording_only_change_migrates_running_cases_through_the_command(app, as_user, waiting_case):
    case_id, instance_id = waiting_case
    item = as_user(MASH_MANAGER).task("mash_contact_and_referral", case_id)
    deploy_text(app, REWORDED)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["bpmn", "migrate", PATHWAY, "--from", "1", "--to", "2"])
    assert f"instance {instance_id} (case {case_id}): can move" in dry.output, dry.output
    applied = runner.invoke(args=["bpmn", "migrate", PATHWAY, "--from", "1", "--to", "2", "--apply", "--by", ADMIN])
    assert applied.exit_code == 0 and "1 moved, 0 cannot move" in applied.output, applied.output
    assert pathway_version(as_user(EH), case_id, instance_id) == 2
    # The open task is the same work item, under its new name.
    moved = as_user(MASH_MANAGER).task("mash_contact_and_referral", case_id)
    assert moved["id"] == item["id"] and moved["name"] == "MASH contact (CSSW)"


def test_a_structural_change_is_refused_by_the_command_and_the_admin_form(app, as_user, waiting_case):
    case_id, instance_id = waiting_case
    deploy_text(app, RE_ROLED)
    runner = app.test_cli_runner()
    applied = runner.invoke(args=["bpmn", "migrate", PATHWAY, "--from", "1", "--to", "2", "--apply", "--by", ADMIN])
    assert "0 moved, 1 cannot move" in applied.output, applied.output
    assert "(send_step_up_to_mash) changed: lane (role)" in applied.output
    assert pathway_version(as_user(EH), case_id, instance_id) == 1
    page = lxml.html.fromstring(signed_in(app, ADMIN).post(
        "/admin/migrate", data={"pathway": PATHWAY, "from": "1", "to": "2", "apply": "yes"}).data)
    assert "send_step_up_to_mash" in page.find_class("refused")[0].text_content()
    assert pathway_version(as_user(EH), case_id, instance_id) == 1


def _message_of(as_user, case_id):
    [message] = [m for m in outbox(as_user) if m["case_id"] == case_id]
    return message


def test_the_outbox_shows_a_message_and_records_the_read(app, as_user, waiting_case):
    case_id, _ = waiting_case
    message = _message_of(as_user, case_id)
    with app.app_context():  # text a handler could have written, with markup in it, and an invite
        row = db.session.get(OutboxMessage, message["id"])
        row.body = "Fictional note: <script>alert(1)</script> & more\nSecond line"
        row.meeting = {"start": "2026-11-11T09:00:00+00:00", "end": "2026-11-11T10:00:00+00:00",
                       "summary": "Step-up meeting", "location": "Room 4", "description": ""}
        db.session.commit()
    admin = signed_in(app, ADMIN)
    listing = lxml.html.fromstring(admin.get("/admin/outbox/").data)
    link = listing.xpath(f"//tr[@id='message-{message['id']}']//a[contains(@href, '/admin/outbox/{message['id']}')]")
    assert link and link[0].text_content() == message["subject"]

    response = admin.get(f"/admin/outbox/{message['id']}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    page = lxml.html.fromstring(html)
    assert page.xpath("//h1")[0].text_content() == message["subject"]
    assert "Second line" in page.get_element_by_id("message-body").text_content()
    recipients = page.get_element_by_id("recipients").text_content()
    for delivery in message["deliveries"]:
        assert delivery["address"] in recipients
    assert "pending" in recipients
    invite = page.get_element_by_id("message-invite").text_content()
    assert "Step-up meeting" in invite and "Room 4" in invite
    assert "Retry now" not in page.xpath("//main")[0].text_content()  # queued, not failed

    with app.app_context():
        [read] = db.session.scalars(db.select(RecordRead).where(RecordRead.what == "message")).all()
        assert (read.case_id, read.item_id, read.reader.username) == (case_id, message["id"], ADMIN)
    assert signed_in(app, EH).get(f"/admin/outbox/{message['id']}").status_code == 403
    assert admin.get("/admin/outbox/999999").status_code == 404


def test_retry_appears_only_on_failed_messages_and_is_refused_for_others(app, as_user, waiting_case):
    case_id, _ = waiting_case
    message = _message_of(as_user, case_id)
    admin = signed_in(app, ADMIN)
    retry = f"/admin/outbox/{message['id']}/retry"
    for status in ("queued", "sent"):
        with app.app_context():
            db.session.get(OutboxMessage, message["id"]).status = status
            db.session.commit()
        assert retry not in admin.get("/admin/outbox/").get_data(as_text=True)
        assert retry not in admin.get(f"/admin/outbox/{message['id']}").get_data(as_text=True)
        refused = admin.post(retry)
        assert refused.status_code == 409
        assert f"is {status}: only a failed message can be retried" in refused.get_data(as_text=True)
    with app.app_context():
        db.session.get(OutboxMessage, message["id"]).status = "failed"
        db.session.commit()
    assert retry in admin.get("/admin/outbox/").get_data(as_text=True)
    assert retry in admin.get(f"/admin/outbox/{message['id']}").get_data(as_text=True)
    done = admin.post(retry, data={"back": "message"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/admin/outbox/{message['id']}")
