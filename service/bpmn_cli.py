"""`flask --app service bpmn ...`: check, deploy and migrate diagrams from the command line."""
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from service.access import auth
from service.diagrams import bpmn_check, deployment
from service.work import instance_migration
from service.diagrams.catalog import BPMN_ROOT
from .errors import StepwiseError
from .extensions import db

bpmn = AppGroup("bpmn", help="Check, deploy and migrate BPMN diagrams.")


def _rt():
    return current_app.extensions["stepwise"]


def _print_problems(problems):
    for problem in problems:
        click.echo(str(problem))
    for note in problems.notes:
        click.echo(f"note: {note}", err=True)


def _admin(username):
    user = auth.find_user(username)
    if user is None:
        raise click.ClickException(f"no user {username!r}")
    if not user.is_admin:
        raise click.ClickException(f"{username} is not an administrator; only administrators deploy diagrams")
    return user


def _pathway_of(path):
    path = Path(path).resolve()
    return f"{path.parent.name}/{path.stem}"


@bpmn.command("check")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--pack", default=None, help="Pack to check against (default: each file's folder name)")
def check(files, pack):
    """Validate diagrams (default: every bpmn/<pack>/*.bpmn); exit 1 if anything is wrong."""
    paths = list(files) or sorted(str(p) for p in BPMN_ROOT.glob("*/*.bpmn"))
    problems = bpmn_check.check_paths(paths, pack=pack)
    _print_problems(problems)
    if problems:
        click.echo(f"{len(problems)} problem(s) in {len(paths)} file(s).", err=True)
        sys.exit(1)
    click.echo(f"{len(paths)} diagram(s) checked: no problems.")


@bpmn.command("deploy")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--by", "username", required=True, help="Administrator deploying (recorded in the audit)")
@click.option("--pathway", default=None, help="Pathway pack/name (default: from the file's folder and name)")
def deploy(files, username, pathway):
    """Validate, then deploy each file as the next version of its pathway (all or nothing)."""
    if pathway and len(files) > 1:
        raise click.UsageError("--pathway applies to one file at a time")
    actor = _admin(username)
    plan = [(pathway or _pathway_of(path), {Path(path).name: Path(path).read_bytes()}) for path in files]
    failed = False
    try:
        for name, content in plan:
            problems = deployment.check(name, content)
            _print_problems(problems)
            failed = failed or bool(problems)
    except StepwiseError as exc:
        raise click.ClickException(f"{exc.message}: {exc.fields}")
    if failed:
        click.echo("Nothing was deployed.", err=True)
        sys.exit(1)
    for name, content in plan:
        try:
            before = deployment.catalog.current_version(name)
            version = deployment.deploy(_rt(), actor, name, content)
        except StepwiseError as exc:
            db.session.rollback()
            raise click.ClickException(exc.message)
        if before is not None and before.id == version.id:
            click.echo(f"{name}: unchanged (identical to version {version.number})")
        else:
            click.echo(f"{name}: deployed as version {version.number}")


@bpmn.command("migrate")
@click.argument("pathway")
@click.option("--from", "from_number", type=int, required=True, help="Version the instances are on")
@click.option("--to", "to_number", type=int, required=True, help="Version to move them to")
@click.option("--apply", is_flag=True, help="Really move them (default: dry run, nothing changes)")
@click.option("--by", "username", default=None, help="Administrator applying the migration (required with --apply)")
def migrate(pathway, from_number, to_number, apply, username):
    """Move running instances to another version where none of their steps changed."""
    if apply and not username:
        raise click.UsageError("--apply needs --by <administrator username>")
    actor = _admin(username) if username else None
    try:
        result = instance_migration.migrate(_rt(), actor, pathway, from_number, to_number, apply=apply)
    except StepwiseError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message)
    verb = "moved" if apply else "can move"
    for instance_id, case_id in result.moved:
        click.echo(f"instance {instance_id} (case {case_id}): {verb}")
    for instance_id, case_id, reason in result.refused:
        click.echo(f"instance {instance_id} (case {case_id}): cannot move: {reason}")
    click.echo(f"{len(result.moved)} {verb}, {len(result.refused)} cannot move"
               + ("" if apply else " (dry run: nothing changed; add --apply --by <admin>)"))


def init_app(app):
    """Register the `bpmn` command group."""
    app.cli.add_command(bpmn)
