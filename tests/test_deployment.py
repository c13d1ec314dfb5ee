"""Deploying diagrams: validated first, administrators only, audited; running cases keep their version."""
import io

import lxml.html
import pytest

from bpmn_variants import (ADMIN, EH, MASH_MANAGER, PATHWAY, camden_text, contact_and_referral, deploy_text,
                           line_of, new_case_on_pathway, pathway_version, replace_once, send_step_up, signed_in,
                           with_timer)
from service.access import auth
from service.diagrams import catalog, deployment
from service.errors import Forbidden
from service.extensions import db
from service.store.models import AuditEvent, ProcessVersion

WRONG_LANE = replace_once(camden_text(), 'name="MASH Social Worker"', 'name="MASH Socal Worker"')
NEW_LABEL = "MASH contact and referral (CSSW): screening"
RELABELLED = replace_once(camden_text(), 'name="MASH contact and referral (CSSW)"', f'name="{NEW_LABEL}"')


def snapshot(app):
    """(number of versions, current version number, deploy audit events) of the Camden pathway."""
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(ProcessVersion)
                                  .where(ProcessVersion.pathway == PATHWAY))
        deployed = db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                                     .where(AuditEvent.action == "diagram.deployed"))
        return count, catalog.current_version(PATHWAY).number, deployed


def test_deploying_a_broken_diagram_changes_nothing_and_names_element_and_line(app):
    before = snapshot(app)
    with pytest.raises(deployment.DiagramInvalid) as refused:
        deploy_text(app, WRONG_LANE)
    assert snapshot(app) == before
    assert "lane_mash_social_worker" in refused.value.message
    assert f"line {line_of(WRONG_LANE, 'MASH Socal Worker')}" in refused.value.message
    assert refused.value.status == 422


def test_only_an_administrator_can_deploy(app):
    before = snapshot(app)
    with pytest.raises(Forbidden):
        deploy_text(app, RELABELLED, username=EH)
    assert snapshot(app) == before


def test_a_changed_diagram_becomes_the_next_version_and_is_audited(app):
    count, current, deployed = snapshot(app)
    assert deploy_text(app, RELABELLED) == current + 1
    assert snapshot(app) == (count + 1, current + 1, deployed + 1)
    with app.app_context():
        event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "diagram.deployed")).one()
        assert event.actor.username == ADMIN
        assert event.data["pathway"] == PATHWAY and event.data["version"] == current + 1
        assert catalog.current_version(PATHWAY).deployed_by == auth.find_user(ADMIN).id
    # The same content again is not a new version.
    assert deploy_text(app, RELABELLED) == current + 1
    assert snapshot(app) == (count + 1, current + 1, deployed + 1)


def test_a_running_case_keeps_its_version_and_new_cases_take_the_new_one(app, as_user):
    first_case, first_instance, old = new_case_on_pathway(as_user, "Fictional Child One")
    send_step_up(as_user, first_case)
    new = deploy_text(app, RELABELLED)
    assert new == old + 1
    second_case, second_instance, started_on = new_case_on_pathway(as_user, "Fictional Child Two")
    assert started_on == new
    send_step_up(as_user, second_case)
    manager = as_user(MASH_MANAGER)
    assert manager.task("mash_contact_and_referral", first_case)["name"] == "MASH contact and referral (CSSW)"
    assert manager.task("mash_contact_and_referral", second_case)["name"] == NEW_LABEL
    # The first case carries on, on its own version.
    contact_and_referral(as_user, first_case)
    assert pathway_version(as_user(EH), first_case, first_instance) == old
    assert pathway_version(as_user(EH), second_case, second_instance) == new


# --- the command line -------------------------------------------------------------------
def write(tmp_path, text):
    path = tmp_path / "camden" / "step_up_to_mash.bpmn"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return str(path)


def test_the_deploy_command_validates_first_and_changes_nothing_on_failure(app, tmp_path):
    before = snapshot(app)
    result = app.test_cli_runner().invoke(args=["bpmn", "deploy", write(tmp_path, WRONG_LANE), "--by", ADMIN])
    assert result.exit_code != 0
    assert f":{line_of(WRONG_LANE, 'MASH Socal Worker')} [lane_mash_social_worker]" in result.output
    assert "Nothing was deployed" in result.output
    assert snapshot(app) == before


def test_the_deploy_command_deploys_as_an_administrator_only(app, tmp_path):
    count, current, _ = snapshot(app)
    path = write(tmp_path, RELABELLED)
    refused = app.test_cli_runner().invoke(args=["bpmn", "deploy", path, "--by", EH])
    assert refused.exit_code != 0 and "not an administrator" in refused.output
    assert snapshot(app)[:2] == (count, current)
    result = app.test_cli_runner().invoke(args=["bpmn", "deploy", path, "--by", ADMIN])
    assert result.exit_code == 0, result.output
    assert f"deployed as version {current + 1}" in result.output
    assert snapshot(app)[:2] == (count + 1, current + 1)


# --- the admin pages --------------------------------------------------------------------
def upload(client, text, filename="step_up_to_mash (1).bpmn", pathway=PATHWAY):
    return client.post("/admin/upload", data={"pathway": pathway, "diagram": (io.BytesIO(text.encode()), filename)},
                       content_type="multipart/form-data")


def version_rows(client):
    page = lxml.html.fromstring(client.get("/admin/").data)
    section = page.get_element_by_id("pathway-camden-step_up_to_mash")
    return {int(row.get("data-version")): int(row.find_class("open-count")[0].text_content())
            for row in section.find_class("version-row")}


def test_admin_pages_are_for_administrators_only(app):
    worker = signed_in(app, EH)
    assert worker.get("/admin/").status_code == 403
    assert upload(worker, RELABELLED).status_code == 403
    assert app.test_client().get("/admin/").status_code == 302  # to sign in
    assert snapshot(app)[0] == 1


def test_an_upload_with_problems_shows_them_beside_the_diagram_and_changes_nothing(app):
    before = snapshot(app)
    admin = signed_in(app, ADMIN)
    response = upload(admin, WRONG_LANE)
    assert response.status_code == 422
    page = lxml.html.fromstring(response.data)
    [problem] = [li for li in page.find_class("problem") if li.get("data-element-id") == "lane_mash_social_worker"]
    assert f"Line {line_of(WRONG_LANE, 'MASH Socal Worker')}" in problem.text_content()
    assert "Did you mean 'MASH Social Worker'?" in problem.text_content()
    assert page.xpath("//div[contains(@class, 'app-diagram')]//*[local-name()='svg']")
    assert snapshot(app) == before


def test_an_upload_without_a_file_names_the_field(app):
    response = upload(signed_in(app, ADMIN), "", filename="")
    assert response.status_code == 422
    assert b"choose a .bpmn file" in response.data


def test_a_hostile_upload_is_refused_and_not_drawn(app):
    hostile = camden_text().replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                    '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n')
    response = upload(signed_in(app, ADMIN), hostile)
    assert response.status_code == 422
    assert b"DOCTYPE or entities" in response.data and b"cannot be drawn" in response.data


def test_admin_lists_versions_with_their_open_instances(app, as_user):
    new_case_on_pathway(as_user)
    deploy_text(app, RELABELLED)
    assert version_rows(signed_in(app, ADMIN)) == {2: 0, 1: 1}


def test_round_trip_download_edit_in_a_modeller_and_upload(app):
    admin = signed_in(app, ADMIN)
    with app.app_context():
        current = catalog.current_version(PATHWAY)
        shipped = current.files["step_up_to_mash.bpmn"]
    page = lxml.html.fromstring(admin.get("/admin/").data)
    assert page.xpath("//form[@enctype='multipart/form-data']//input[@name='csrf_token']")
    link = page.xpath(f"//a[starts-with(@href, '/admin/versions/{current.id}/download')]")[0].get("href")
    downloaded = admin.get(link)
    assert downloaded.headers["Content-Disposition"].startswith("attachment")
    text = downloaded.data.decode()
    assert text == shipped
    # What a process owner would do in the modeller: a label, a condition, and a deadline.
    text = replace_once(text, 'name="MASH Manager Decision"', 'name="MASH Manager decision"')
    text = replace_once(text, 'next_actions == "CP"', 'next_actions in ("CP",)')
    text = with_timer(text, "working_days(1)", "timeDate")
    response = upload(admin, text)
    assert response.status_code == 302, response.data.decode()
    assert f"version {current.number + 1}".encode() in admin.get(response.headers["Location"]).data
    assert set(version_rows(admin)) == {current.number, current.number + 1}
    with app.app_context():
        newest = catalog.current_version(PATHWAY)
        assert newest.files == {"step_up_to_mash.bpmn": text}
    diff = lxml.html.fromstring(admin.get(f"/admin/diff?pathway={PATHWAY}&a={current.number}&b={newest.number}").data)
    changed = diff.find_class("diff-changed")[0].text_content()
    added = diff.find_class("diff-added")[0].text_content()
    assert "mash_manager_decision" in changed and "flow_cp" in changed
    assert "send_step_up_to_mash" not in changed
    assert "referral_overdue" in added and "flow_referral_overdue" in added


def test_an_upload_is_refused_when_the_modellers_checkers_cannot_run(app, monkeypatch):
    """The README promises uploads are linted: without Node, an upload is refused, not deployed unlinted."""
    from service.diagrams import bpmn_lint
    monkeypatch.setattr(bpmn_lint.shutil, "which", lambda _name: None)
    before = snapshot(app)
    response = upload(signed_in(app, ADMIN), RELABELLED)
    assert response.status_code == 422
    assert "checkers cannot run on this server" in lxml.html.fromstring(response.data).text_content()
    assert snapshot(app) == before
