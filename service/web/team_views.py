"""The "Team work" page: one role's open tasks, claimed or not, and a manager's allocate form per row."""
from flask import flash, redirect, render_template, request, url_for

from handlers import PACKS
from service.errors import Invalid
from service.extensions import db
from service.web import web_format
from service.web.pages import bp
from service.work import allocation, chronology
from .page_input import next_url, wanted_page
from .views import rt
from .web_auth import current_user, login_required


def _team_from(args, teams):
    """The team asked for, or the first the person may open (None when they may open none)."""
    pack, _, role = args.get("team", "").partition("|")  # the page's chooser sends "pack|role"
    wanted = (pack, role) if role else (args.get("pack", ""), args.get("role", ""))
    return wanted if wanted in teams else (teams[0] if teams else None)


def _render(user, team, errors=None, status=200):
    teams = allocation.teams(user)
    wanted = wanted_page()
    rows, more, now = [], None, rt().now()
    if team is not None:
        found = allocation.team_page(rt(), user, *team, after=wanted.after, limit=wanted.limit)
        rows = found.rows
        if found.next:
            more = next_url("/team", found.next, pack=team[0], role=team[1])
    manager = team is not None and allocation.manages(user, *team)
    return render_template(
        "team.html", teams=teams, team=team, items=rows, next_url=more, paged=wanted.after is not None,
        manager=manager, workers=allocation.workers(*team) if manager else [],
        pack_titles={name: pack.title for name, pack in PACKS.items()},
        titles=chronology.pathway_titles([r.pathway for r in rows]),
        due={r.id: web_format.due_status(r.due_at, now) for r in rows}, errors=errors or {}), status


@bp.get("/team")
@login_required
def team():
    """A team's work: every open task of one role, for its holders and their managers."""
    user = current_user()
    return _render(user, _team_from(request.args, allocation.teams(user)))


@bp.post("/tasks/<int:item_id>/allocate")
@login_required
def allocate(item_id):
    """A manager gives a task to a named worker (or back to the team), then returns to the team page."""
    user = current_user()
    chosen = request.form.get("assignee", "")
    try:
        item = allocation.allocate(rt(), user, item_id, chosen or None, request.form.get("replacing") or None)
    except Invalid as exc:
        db.session.rollback()
        team = _team_from(request.form, allocation.teams(user))
        return _render(user, team, errors={item_id: exc.fields.get("assignee", exc.message)}, status=422)
    if item.assignee is not None:
        flash(f"{item.name} is allocated to {item.assignee.display_name}.", "success")
    else:
        flash(f"{item.name} is back with the {item.role} team.", "success")
    return redirect(url_for("views.team", pack=item.pack, role=item.role))
