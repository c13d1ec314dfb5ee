"""Migrating running instances between versions: only where none of their steps changed how it runs."""
import lxml.html
import pytest

from bpmn_variants import (ADMIN, EH, MASH_MANAGER, camden_text, contact_and_referral, deploy_text,
                           moved_to_lane_of, new_case_on_pathway, pathway_version, replace_once, send_step_up,
                           signed_in, write_summary, PATHWAY)
from service.access import auth
from service.work import instance_migration
from service.errors import Forbidden
from service.extensions import db
from service.store.models import AuditEvent

# A later step renamed: safe for a case waiting at 'MASH contact and referral'.
LATER_RELABELLED = replace_once(camden_text(), 'name="MASH Manager Decision"', 'name="MASH Manager decision (authorise)"')
# The step every such case has completed, given to another role: not safe (renaming it would be).
DONE_MOVED = moved_to_lane_of(camden_text(), "send_step_up_to_mash", "write_summary")
# The start event every case has passed, removed (its id changed).
START_REPLACED = camden_text().replace("step_up_decided", "step_up_agreed")


def migrate(app, apply, username=ADMIN, to=2):
    with app.app_context():
        actor = auth.find_user(username) if username else None
        return instance_migration.migrate(app.extensions["stepwise"], actor, PATHWAY, 1, to, apply=apply)


def events(app, action):
    with app.app_context():
        return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.fixture
def waiting_case(as_user):
    """A case whose Step Up to MASH is sent: 'MASH contact and referral' is open, on version 1."""
    case_id, instance_id, version = new_case_on_pathway(as_user)
    assert version == 1
    send_step_up(as_user, case_id)
    return case_id, instance_id


def test_a_compatible_instance_moves_and_carries_on_under_the_new_version(app, as_user, waiting_case):
    case_id, instance_id = waiting_case
    item_before = as_user(MASH_MANAGER).task("mash_contact_and_referral", case_id)["id"]
    deploy_text(app, LATER_RELABELLED)
    dry = migrate(app, apply=False)
    assert dry.moved == [(instance_id, case_id)] and dry.refused == []
    assert pathway_version(as_user(EH), case_id, instance_id) == 1  # a dry run changes nothing
    assert events(app, "instance.migrated") == []
    applied = migrate(app, apply=True)
    assert applied.moved == [(instance_id, case_id)]
    assert pathway_version(as_user(EH), case_id, instance_id) == 2
    [event] = events(app, "instance.migrated")
    assert event.instance_id == instance_id and event.actor.username == ADMIN
    assert events(app, "pathway.migrated")[0].data["moved"] == [instance_id]
    # The open task is the same work item, and the case goes on into the renamed step.
    assert as_user(MASH_MANAGER).task("mash_contact_and_referral", case_id)["id"] == item_before
    contact_and_referral(as_user, case_id)
    write_summary(as_user, case_id)
    assert as_user(MASH_MANAGER).task("mash_manager_decision", case_id)["name"] == "MASH Manager decision (authorise)"


@pytest.mark.parametrize("text, reason", [
    (DONE_MOVED, "'Step Up to MASH' (send_step_up_to_mash) changed: lane (role)"),
    (START_REPLACED, "'Early Help decides to step up' (step_up_decided) is not in the new version"),
])
def test_an_incompatible_instance_is_refused_with_the_reason(app, as_user, waiting_case, text, reason):
    case_id, instance_id = waiting_case
    deploy_text(app, text)
    result = migrate(app, apply=True)
    assert result.moved == []
    [(refused_id, refused_case, why)] = result.refused
    assert (refused_id, refused_case) == (instance_id, case_id)
    assert reason in why
    assert pathway_version(as_user(EH), case_id, instance_id) == 1
    assert events(app, "instance.migrated") == []
    assert events(app, "pathway.migrated")[0].data["refused"] == {str(instance_id): why}


def test_an_instance_whose_current_task_changed_stays(app, as_user, waiting_case):
    case_id, instance_id = waiting_case
    deploy_text(app, moved_to_lane_of(camden_text(), "mash_contact_and_referral", "write_summary"))
    [(_id, _case, why)] = migrate(app, apply=False).refused
    assert "(mash_contact_and_referral) changed: lane (role)" in why


def test_only_an_administrator_applies_a_migration(app, waiting_case):
    deploy_text(app, LATER_RELABELLED)
    with pytest.raises(Forbidden):
        migrate(app, apply=True, username=EH)
    assert migrate(app, apply=False, username=None).moved  # a dry run needs no one


def test_the_migrate_command_is_a_dry_run_unless_applied(app, as_user, waiting_case):
    case_id, instance_id = waiting_case
    deploy_text(app, LATER_RELABELLED)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["bpmn", "migrate", PATHWAY, "--from", "1", "--to", "2"])
    assert dry.exit_code == 0, dry.output
    assert f"instance {instance_id} (case {case_id}): can move" in dry.output and "dry run" in dry.output
    assert pathway_version(as_user(EH), case_id, instance_id) == 1
    assert runner.invoke(args=["bpmn", "migrate", PATHWAY, "--from", "1", "--to", "2", "--apply"]).exit_code != 0
    applied = runner.invoke(args=["bpmn", "migrate", PATHWAY, "--from", "1", "--to", "2", "--apply", "--by", ADMIN])
    assert applied.exit_code == 0, applied.output
    assert "1 moved, 0 cannot move" in applied.output
    assert pathway_version(as_user(EH), case_id, instance_id) == 2


def test_the_admin_migration_form(app, as_user, waiting_case):
    case_id, instance_id = waiting_case
    deploy_text(app, DONE_MOVED)
    admin = signed_in(app, ADMIN)
    page = lxml.html.fromstring(admin.post("/admin/migrate", data={"pathway": PATHWAY, "from": "1", "to": "2"}).data)
    assert "Dry run" in page.text_content()
    refused = page.find_class("refused")[0].text_content()
    assert f"Instance {instance_id}" in refused and "send_step_up_to_mash" in refused
    assert signed_in(app, EH).post("/admin/migrate", data={"pathway": PATHWAY, "from": "1", "to": "2",
                                                          "apply": "yes"}).status_code == 403
