"""Command-line administration: users (add, tokens, disable, delete…), demo data, diagram sync."""
import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from service.access import accounts, auth
from service.diagrams import catalog
from service import demo
from .errors import StepwiseError
from .extensions import db
from service.store.models import User


def rt():
    return current_app.extensions["stepwise"]


users = AppGroup("users", help="Manage users, their roles, tokens and access.")


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


def _user(username):
    user = auth.find_user(username)
    if user is None:
        raise click.ClickException(f"no user {username}")
    return user


def _by(username):
    """The administrator acting, if named (recorded in the audit trail)."""
    if not username:
        return None
    user = _user(username)
    if not user.is_admin or not user.active:
        raise click.ClickException(f"{username} is not an active administrator")
    return user


def _apply(change, username, by, **kwargs):
    """Run an account change and commit it, or report why it was refused."""
    try:
        result = change(_user(username), rt().now(), by=_by(by), **kwargs)
    except StepwiseError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message)
    db.session.commit()
    return result


by_option = click.option("--by", default=None, help="Administrator making the change (recorded in the audit)")


@users.command("token")
@click.argument("username")
@click.option("--label", default="")
@click.option("--days", default=auth.TOKEN_DAYS, show_default=True, type=click.IntRange(1, auth.TOKEN_MAX_DAYS),
              help=f"Days until the token expires (at most {auth.TOKEN_MAX_DAYS})")
def token(username, label, days):
    """Issue an API bearer token for a user (printed once, stored hashed)."""
    user = _user(username)
    try:
        value = auth.issue_token(user, rt().now(), label, days=days)
    except StepwiseError as exc:
        db.session.rollback()
        raise click.ClickException(f"{exc.message}: {exc.fields}")
    db.session.commit()
    click.echo(value)
    click.echo(f"expires in {days} days", err=True)


@users.command("list")
def list_users():
    """Users, their roles and whether they can sign in."""
    now = rt().now()
    for user in db.session.scalars(db.select(User).order_by(User.username)):
        roles = ", ".join(f"{r.pack}:{r.role}" for r in user.roles)
        status = ("deleted" if user.deleted else "disabled" if not user.active
                  else "locked" if auth.is_locked(user, now) else "active")
        click.echo(f"{user.username}\t{user.display_name}\t{status}\t{roles}{' [admin]' if user.is_admin else ''}")


@users.command("disable")
@click.argument("username")
@by_option
def disable(username, by):
    """Stop a user signing in or using API tokens, from their next request."""
    _apply(accounts.disable, username, by)
    click.echo(f"disabled {username}; their browser sessions have ended")


@users.command("enable")
@click.argument("username")
@by_option
def enable(username, by):
    """Let a disabled or locked-out user sign in again."""
    _apply(accounts.enable, username, by)
    click.echo(f"enabled {username}")


@users.command("revoke-tokens")
@click.argument("username")
@by_option
def revoke_tokens(username, by):
    """Revoke every API token of a user, from their next request."""
    count = _apply(accounts.revoke_tokens, username, by)
    click.echo(f"revoked {count} token(s) of {username}")


@users.command("delete")
@click.argument("username")
@by_option
@click.confirmation_option(prompt="Delete this user? Their roles, tokens and sessions go")
def delete(username, by):
    """Delete a user; one named in the record is kept as a tombstone (see service/access/accounts.py)."""
    tombstone = _apply(accounts.delete_user, username, by)
    click.echo(f"deleted {username}" + (": kept as a tombstone because the record names them" if tombstone
                                         else ": nothing referred to them, removed"))


@click.command("demo")
@with_appcontext
def demo_command():
    """Create one obviously fictional user per role and a demo case (demo mode only; idempotent)."""
    if not current_app.config.get("DEMO"):
        raise click.ClickException("`flask demo` creates users with a published password, so it runs only "
                                   "in demo mode: STEPWISE_DEMO=on flask --app service demo. Never on a live system.")
    click.echo(f"WARNING: {demo.WARNING}", err=True)
    catalog.sync_shipped(rt().now())
    for line in demo.seed(rt()):
        click.echo(line)


@click.command("sync-diagrams")
@with_appcontext
def sync_diagrams():
    """Deploy shipped diagrams whose content changed as new versions."""
    for version in catalog.sync_shipped(rt().now()):
        click.echo(f"deployed {version.pathway} version {version.number}")


def init_app(app):
    app.cli.add_command(users)
    app.cli.add_command(demo_command)
    app.cli.add_command(sync_diagrams)
