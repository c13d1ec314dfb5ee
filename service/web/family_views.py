"""Family runs on the case page: start one meeting for the siblings, see which children a run covers."""
from flask import current_app, flash, redirect, request, url_for

from service.work import cases, chronology, families, pathway_runs, tasks
from service.errors import Invalid, NotFound
from service.extensions import db
from service.web.pages import bp
from service.web.web_auth import current_user, login_required


def page_context(user, case):
    """What the case page's family section (templates/_family_run.html) shows."""
    packs = None if user.is_admin else {p for p, _ in user.role_pairs()}
    siblings = [c for c in families.family_cases(packs, case.family_id) if c.pack == case.pack]
    return {"family_runs": families.runs_for_case(case.id), "family_children": siblings}


@bp.post("/cases/<int:case_id>/family-pathways")
@login_required
def start_family_pathway(case_id):
    """Start one run of a pathway for this child's family: the children ticked, one meeting."""
    user = current_user()
    case = cases.get_case(user, case_id)
    pathway = request.form.get("pathway", "")
    chosen = [int(v) for v in request.form.getlist("case_ids") if v.isdigit() and len(v) < 10]
    try:
        if not case.family_id:
            raise Invalid("no family id", {"family_pathway": "record the child's family ID first"})
        instance, children = tasks.start_family_pathway(current_app.extensions["stepwise"], user, case.family_id,
                                                        pathway, chosen)
    except (Invalid, NotFound) as exc:
        db.session.rollback()
        fields = exc.fields or {"family_pathway": exc.message}
        flash("The family pathway was not started: " + "; ".join(fields.values()), "warning")
        return redirect(url_for("views.case", case_id=case.id))
    except pathway_runs.AlreadyRunning as exc:
        db.session.rollback()
        flash(f"Not started: {exc.message}.", "warning")
        return redirect(url_for("views.case", case_id=case.id))
    title = chronology.pathway_titles([instance.pathway])[instance.pathway]
    flash(f"Started for the family: {title}, covering {', '.join(c.child_name for c in children)}.", "success")
    return redirect(url_for("views.case", case_id=case.id))
