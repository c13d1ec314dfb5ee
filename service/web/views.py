"""Server-rendered worker UI: sign in, the "My work" tray and task pages (thin routes)."""
from flask import (current_app, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_wtf.csrf import CSRFError

from handlers import PACKS

from service.access import auth
from service.diagrams import catalog
from service.store import read_audit
from service.work import chronology, drafts, evidence, families, safeguarding, tasks
from service.web import answer_summary, family_forms, web_format
from service.errors import Invalid, StepwiseError
from service.extensions import db, limiter
from .form_data import display_values, page_errors
from service.store.models import User
from .page_input import next_url, wanted_page
from .web_auth import current_user, login_required, safe_next, sign_in as start_session
from .web_auth import sign_out as end_session
from service.web.pages import bp



def rt():
    return current_app.extensions["stepwise"]


@bp.app_context_processor
def _page_context():
    return {"current_user": current_user()}


@bp.app_template_filter("when")
def _when(moment):
    return web_format.when(moment)


@bp.app_template_filter("sentence")
def _sentence(message):
    # Use-case messages start in lower case; capitalize() would also lower "CSSW".
    message = str(message)
    return message[:1].upper() + message[1:]


@bp.app_template_filter("due_words")
def _due_words(due_at):
    # Judged against the service's clock (injected), in working days: "overdue by 3 working days".
    return web_format.due_words(due_at, rt().now())


@bp.app_template_filter("day")
def _day(value):
    return web_format.day(value)


def error_page(status, title, message):
    """The friendly page for 403, 404, 409 and their like."""
    return render_template("error.html", status=status, heading=title, message=message), status


@bp.errorhandler(StepwiseError)
def _stepwise_error(exc):
    titles = {403: "You cannot open this", 404: "Page not found", 409: "This has changed",
              422: "Check your answers"}
    return error_page(exc.status, titles.get(exc.status, "Something needs attention"), exc.message)


@bp.app_errorhandler(404)
def _not_found(_exc):
    if request.path.startswith("/api/"):
        return jsonify({"error": "not_found", "message": "no such resource", "fields": {}}), 404
    return error_page(404, "Page not found", "Check the address, or go back to your work.")


@bp.app_errorhandler(403)
def _forbidden(_exc):
    return error_page(403, "You cannot open this", "Your roles do not give you access to this page.")


@bp.app_errorhandler(CSRFError)
def _csrf(_exc):
    return error_page(400, "Your form has expired",
                      "The page was open too long or came from elsewhere. Go back, reload it and try again.")


# One message for every refusal: it must not tell a wrong password from an unknown,
# disabled or locked account.
SIGN_IN_REFUSED = ("The username or password is not right. After {n} failed attempts in a row an "
                   "account is locked for {minutes} minutes.")


def _sign_in_failed(response):
    # Only failed attempts use up the per-address allowance: an office full of people
    # signing in through one proxy at nine o'clock is not an attack.
    return response.status_code != 302


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGNIN_RATE_LIMIT"], methods=["POST"], deduct_when=_sign_in_failed)
def sign_in():
    """Sign in with username and password."""
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_user() is not None:
            return redirect(target)
        return render_template("sign_in.html", next=target, username="", error=None)
    username = request.form.get("username", "").strip()
    config = current_app.config
    user = auth.authenticate(username, request.form.get("password", ""), rt().now(),
                             lock_after=config["SIGNIN_LOCK_AFTER"], lock_minutes=config["SIGNIN_LOCK_MINUTES"])
    if user is None:
        db.session.commit()  # the failure count (and any lock) holds for every worker
        message = SIGN_IN_REFUSED.format(n=config["SIGNIN_LOCK_AFTER"], minutes=config["SIGNIN_LOCK_MINUTES"])
        return render_template("sign_in.html", next=target, username=username, error=message), 401
    start_session(user)
    db.session.commit()
    return redirect(target)


@bp.post("/sign-out")
def sign_out():
    """End the session, server-side: a copy of the cookie no longer works."""
    end_session()
    db.session.commit()
    flash("You have signed out.", "success")
    return redirect(url_for("views.sign_in"))


def _user_pathways(user):
    packs = set(PACKS) if user.is_admin else {pack for pack, _ in user.role_pairs()}
    return [name for name in catalog.pathway_names() if name.split("/")[0] in packs]


@bp.get("/")
@login_required
def index():
    """My work: open tasks for the user's roles, a page at a time; deadlines first, soonest first."""
    user = current_user()
    pathways = _user_pathways(user)
    pathway = request.args.get("pathway", "")
    if pathway not in pathways:
        pathway = ""
    overdue_arg = request.args.get("overdue", "")
    overdue = {"yes": True, "no": False}.get(overdue_arg)
    overdue_arg = overdue_arg if overdue is not None else ""
    wanted = wanted_page()
    found = tasks.worklist(rt(), user, pathway=pathway or None, overdue=overdue, after=wanted.after,
                           limit=wanted.limit)
    items, now = found.rows, rt().now()
    # Immediate safeguarding concerns come first on every page of the tray, whatever the filters:
    # each pack's concern pathway read through the same keyset query, so paging stays exact.
    urgent = tasks.urgent_worklist(rt(), user)
    items = [i for i in items if not safeguarding.is_urgent(i)]
    more = next_url("/", found.next, pathway=pathway, overdue=overdue_arg,
                    limit=wanted.limit if "limit" in request.args else None) if found.next else None
    return render_template("tray.html", items=items, now=now, pathways=pathways,
                           counts=tasks.worklist_counts(rt(), user, pathway=pathway or None),
                           titles=chronology.pathway_titles(pathways + [i.pathway for i in items]),
                           due={i.id: web_format.due_status(i.due_at, now) for i in items + urgent},
                           urgent=urgent,
                           pathway=pathway, overdue=overdue_arg, next_url=more, paged=wanted.after is not None)



def _render_task(item, form, values, errors=None, status=200, message=None, draft=None):
    # A family run's form: shared questions, then each child's own (service/web/family_forms.py).
    fields, groups = family_forms.fields_and_groups(form)
    # Worded against the page's own inputs first (a date typed in part names its box), then a
    # child's own answer says whose it is.
    values = family_forms.page_values(form, values)
    errors = family_forms.page_errors(form, page_errors(fields, errors or {}, values))
    form = {**form, "fields": fields}
    labels = {f["name"]: f["label"] for f in fields}
    completed_by = db.session.get(User, item.completed_by) if item.completed_by else None
    now = rt().now()
    return render_template(
        "task.html", item=item, form=form, groups=groups, values=display_values(fields, values),
        errors=errors, labels=labels, due=web_format.due_status(item.due_at, now) if item.status == "open" else None,
        pathway_title=chronology.pathway_titles([item.pathway])[item.pathway], completed_by=completed_by,
        message=message, user=current_user(), concerns=safeguarding.open_concerns(item.case_id),
        urgent_item=safeguarding.is_urgent(item), evidence=evidence.for_item(item), draft=draft,
        asks_to_check=tasks.asks_to_check(item)), status


@bp.get("/tasks/<int:item_id>")
@login_required
def task(item_id):
    """A task with its form, pre-filled from earlier steps, or from the worker's own draft if they saved one."""
    item, form = tasks.task_form(rt(), current_user(), item_id)
    for child in families.cases_read_with(item):  # a family run's task shows every child's record
        read_audit.note(current_user(), child, "task", item.id)
    draft = drafts.mine(current_user(), item)
    values = {**form["prefilled"], **draft.data} if draft else form["prefilled"]
    return _render_task(item, form, values, draft=draft)


@bp.post("/tasks/<int:item_id>")
@login_required
def complete_task(item_id):
    """Complete a task from its form; on refusal show the errors beside the fields.

    The same form saves a draft (its second button), and a long form's first send shows the
    answers back for checking: "Confirm and send" on that page posts them here again to complete.
    """
    user = current_user()
    item, form = tasks.task_form(rt(), user, item_id)
    data = family_forms.to_data(form, request.form)
    action = request.form.get("action", "")
    try:
        if action == "draft":
            drafts.save(rt(), user, item_id, data)
            flash("Your draft has been saved. It is restored when you come back to this task; only you can see it.",
                  "success")
            return redirect(url_for("views.task", item_id=item_id))
        if action != "confirm" and tasks.asks_to_check(item):
            tasks.check_answers(rt(), user, item_id, data)
            # Kept as the worker's draft too: a "Change" link goes back to the form with every answer in it.
            drafts.save(rt(), user, item_id, data)
            return _check_answers_page(item, form, data)
        tasks.complete(rt(), user, item_id, data)
    except Invalid as exc:
        db.session.rollback()
        # Re-read: the refused attempt left nothing behind, and the page shows the user's input.
        item, form = tasks.task_form(rt(), user, item_id)
        return _render_task(item, form, data, errors=exc.fields or {"form": exc.message}, status=422)
    next_items = [i for i in tasks.open_items_for_case(item.case_id) if i.instance_id == item.instance_id]
    flash(f"Completed: {item.name}.", "success")
    for following in next_items:
        flash(f"Next: {following.name}, with the {following.role}.", "info")
    return redirect(url_for("views.case", case_id=item.case_id))


def _check_answers_page(item, form, data):
    fields, _groups = family_forms.fields_and_groups(form)
    values = family_forms.page_values(form, data)
    return render_template(
        "check_answers.html", item=item, rows=answer_summary.rows(fields, values, url_for("views.task", item_id=item.id)),
        carried=answer_summary.carried(request.form),
        pathway_title=chronology.pathway_titles([item.pathway])[item.pathway])


@bp.post("/tasks/<int:item_id>/claim")
@login_required
def claim(item_id):
    """Take a task so colleagues in the same role see it is in hand."""
    tasks.claim(rt(), current_user(), item_id)
    flash("You have claimed this task.", "success")
    return redirect(url_for("views.task", item_id=item_id))


@bp.post("/tasks/<int:item_id>/release")
@login_required
def release(item_id):
    """Give a claimed task back to everyone in the role."""
    tasks.unclaim(rt(), current_user(), item_id)
    flash("You have released this task.", "success")
    return redirect(url_for("views.task", item_id=item_id))


