"""Command-line administration: users, tokens, demo data, diagram sync."""
import click
from flask import current_app

from . import auth, catalog, demo
from .errors import StepwiseError
from .extensions import db


def rt():
    return current_app.extensions["stepwise"]


@click.group("users")
def users():
    """Manage users and their roles."""


@users.command("add")
@click.argument("username")
@click.option("--name", "display_name", default="", help="Display name")
@click.option("--email", default=None)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", "roles", multiple=True, help="pack:Role name, e.g. 'camden:MASH Manager' (repeat)")
@click.option("--admin", is_flag=True, help="May deploy diagrams and run admin actions")
def add_user(username, display_name, email, password, roles, admin):
    """Add a user with one or more roles."""
    pairs = []
    for r in roles:
        pack, sep, role = r.partition(":")
        if not sep:
            raise click.BadParameter(f"{r!r}: write roles as pack:Role name", param_hint="--role")
        pairs.append((pack, role))
    try:
        auth.add_user(username, display_name, password, pairs, email=email, is_admin=admin)
    except StepwiseError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc.message}: {exc.fields}")
    db.session.commit()
    click.echo(f"added {username}")


@users.command("token")
@click.argument("username")
@click.option("--label", default="")
def token(username, label):
    """Issue an API bearer token for a user (printed once, stored hashed)."""
    user = auth.find_user(username)
    if user is None:
        raise click.ClickException(f"no user {username}")
    value = auth.issue_token(user, rt().now(), label)
    db.session.commit()
    click.echo(value)


@users.command("list")
def list_users():
    from .models import User
    for user in db.session.scalars(db.select(User).order_by(User.username)):
        roles = ", ".join(f"{r.pack}:{r.role}" for r in user.roles)
        click.echo(f"{user.username}\t{user.display_name}\t{roles}{' [admin]' if user.is_admin else ''}")


@click.command("demo")
def demo_command():
    """Create one obviously fictional user per role and a demo case (idempotent)."""
    catalog.sync_shipped(rt().now())
    for line in demo.seed(rt()):
        click.echo(line)


@click.command("sync-diagrams")
def sync_diagrams():
    """Deploy shipped diagrams whose content changed as new versions."""
    for version in catalog.sync_shipped(rt().now()):
        click.echo(f"deployed {version.pathway} version {version.number}")


def init_app(app):
    app.cli.add_command(users)
    app.cli.add_command(demo_command)
    app.cli.add_command(sync_diagrams)
