"""Case pages of the worker UI: list, open a case, the case record, start a pathway."""
from flask import current_app, flash, redirect, render_template, request, url_for

from handlers import PACKS, handler_for
from handlers.safeguarding import concern_form

from service.store import read_audit
from service.work import (attachments, case_notes, cases, chronology, consent, level_of_need, pathway_runs,
                          safeguarding, tasks)
from service.diagrams import catalog
from service.web import family_views, web_format
from service.errors import Invalid
from service.extensions import db
from .form_data import case_input, display_values, page_errors
from .page_input import next_url
from service.work.schemas import CaseSearch, HistoryQuery, LevelOfNeedInput, NoteInput, validate
from service.web.pages import bp
from .web_auth import current_user, login_required

CASE_FORM_KEYS = ("child_name", "date_of_birth", "expected_date", "person_id", "family_id", "pack",
                  "lead_professional")


def rt():
    return current_app.extensions["stepwise"]


def _packs_for(user):
    names = sorted(PACKS) if user.is_admin else sorted({pack for pack, _ in user.role_pairs()})
    return [(name, PACKS[name].title) for name in names if name in PACKS]


def case_fields(packs):
    """The new-case form, declared like a handler's fields so the same macros draw it."""
    return [
        {"name": "child_name", "label": "Child's name", "type": "text", "required": True},
        {"name": "date_of_birth", "label": "Date of birth", "type": "date", "conditional": True,
         "help": "Leave blank for an unborn child and give the expected date instead"},
        {"name": "expected_date", "label": "Expected date of birth (unborn child)", "type": "date",
         "conditional": True},
        {"name": "person_id", "label": "Person ID", "type": "text", "help": "The child's ID in the case system"},
        {"name": "family_id", "label": "Family ID", "type": "text"},
        {"name": "pack", "label": "Local authority", "type": "choice", "required": True,
         "choices": [name for name, _ in packs], "choice_labels": dict(packs)},
        {"name": "lead_professional", "label": "Lead professional", "type": "text"},
    ]


@bp.get("/cases")
@login_required
def case_list():
    """The cases in the packs the user works in, newest first, a page at a time; or those a search finds."""
    wanted = validate(CaseSearch, request.args.to_dict())
    found = cases.list_cases(current_user(), q=wanted.q or None, after=wanted.after, limit=wanted.limit)
    more = next_url(url_for("views.case_list"), found.next, q=wanted.q,
                    limit=wanted.limit if "limit" in request.args else None) if found.next else None
    return render_template("cases.html", cases=found.rows, q=wanted.q or "", next_url=more,
                           paged=wanted.after is not None)


@bp.route("/cases/new", methods=["GET", "POST"])
@login_required
def new_case():
    """Open a case for a child (or an unborn child)."""
    user = current_user()
    packs = _packs_for(user)
    if request.method == "GET":
        values = {"pack": packs[0][0]} if len(packs) == 1 else {}
        return render_template("case_new.html", fields=case_fields(packs), values=values, errors={})
    data = case_input(request.form, CASE_FORM_KEYS)
    try:
        case = cases.create_case(rt(), user, data)
    except Invalid as exc:
        db.session.rollback()
        fields = case_fields(packs)
        return render_template("case_new.html", fields=fields, values=display_values(fields, data),
                               errors=page_errors(fields, exc.fields, data)), 422
    flash("Case opened.", "success")
    return redirect(url_for("views.case", case_id=case.id))


def _field_labels(pack, event):
    if event.action == "safeguarding.immediate_concern":
        handler = concern_form()  # the override's form is not a task of any diagram
    else:
        handler = handler_for(pack, event.task_id) if event.task_id else None
    return {f.name: f.label for f in handler.fields} if handler else {}


def _shown(value):
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "None"
    return "" if value is None else str(value)


def _details(pack, event):
    """(label, value) pairs of what a step recorded, in its form's words."""
    if event.source or event.action == chronology.EMAIL_ACTION:
        return []
    if event.action == case_notes.ACTION:
        return [("Note", event.data.get("text", ""))] if event.data else []
    if event.action == attachments.ACTION:
        data = event.data or {}
        shown = [("Document", data.get("file_name", "")), ("Description", data.get("description", "")),
                 ("Type", attachments.type_words(data.get("content_type", ""))),
                 ("Size", attachments.size_words(data["size"]) if "size" in data else "")]
        return [(label, value) for label, value in shown if value]
    labels = _field_labels(pack, event)
    return [(labels.get(k, k.replace("_", " ").capitalize()), _shown(v))
            for k, v in (event.data or {}).items() if v not in (None, "", [])]


def _chronology_wanted():
    """The chronology filter and page from the case page's address (a bad one shows the first page of all)."""
    args = {"kind": ",".join(request.args.getlist("kind")), "after": request.args.get("after")}
    try:
        return validate(HistoryQuery, args)
    except Invalid:
        return validate(HistoryQuery, {})


def render_case(case, errors=None, status=200, note_text="", attachment_description=""):
    """The case page (with ``errors`` and what was typed, when a form on it was refused)."""
    user = current_user()
    now = rt().now()
    instances = tasks.instances_for_case(case.id)
    open_items = tasks.open_items_for_case(case.id)
    startable = [name for name in catalog.pathway_names() if name.split("/")[0] == case.pack]
    titles = chronology.pathway_titles(startable + [i.pathway for i in instances])
    wanted = _chronology_wanted()
    found = chronology.page(case.id, kinds=wanted.kinds(), newest_first=True, after=wanted.after, limit=wanted.limit)
    names = chronology.pathway_titles(chronology.names_in(found.rows))
    events = []
    for event in found.rows:
        events.append((event, chronology.words(event, names), _details(case.pack, event)))
    older = next_url(url_for("views.case", case_id=case.id), found.next, kind=wanted.kind) if found.next else None
    can_start = cases.works_on(user, case)
    # Only managers and administrators see who has read the record (read_audit.may_see_reads).
    reads = read_audit.recent_reads(case.id) if read_audit.may_see_reads(user, case) else None
    return render_template(
        "case.html", case=case, pack_title=PACKS[case.pack].title if case.pack in PACKS else case.pack,
        instances=instances, open_items=open_items, events=events, startable=startable, titles=titles,
        can_start=can_start, errors=errors or {}, user=user, reads=reads, read_labels=read_audit.WHAT,
        consents=consent.for_case(case.id), consent_scopes=consent.SCOPE_WORDS,
        read_via=read_audit.via, concerns=safeguarding.open_concerns(case.id), level_current=level_of_need.current(case),
        level_history=level_of_need.history(case.id), level_scale=level_of_need.scale_for(case.pack),
        can_write_note=cases.works_on(user, case), note_text=note_text, kinds=chronology.KINDS,
        chosen_kinds=wanted.kinds() or set(), kind_of=chronology.kind_of, older_url=older, paged=wanted.after is not None,
        can_set_level=any(pack == case.pack for pack, _ in user.role_pairs()), **family_views.page_context(user, case),
        **_documents(user, case, attachment_description),
        due={i.id: web_format.due_status(i.due_at, now) for i in open_items}), status


def _documents(user, case, description):
    """The Documents section: the newest page of the case's documents and the upload form's state."""
    found = attachments.page(case.id)
    return {"documents": found.rows, "more_documents": found.next is not None,
            "can_attach": cases.works_on(user, case), "attachment_description": description,
            "attachment_limit": attachments.size_words(attachments.max_bytes(rt().settings)),
            "size_words": attachments.size_words, "type_words": attachments.type_words}


@bp.get("/cases/<int:case_id>")
@login_required
def case(case_id):
    """The case record: details, pathways, open tasks and chronology."""
    case = cases.get_case(current_user(), case_id)
    read_audit.note(current_user(), case, "case")
    return render_case(case)


@bp.post("/cases/<int:case_id>/pathways")
@login_required
def start_pathway(case_id):
    """Start a pathway for the case."""
    user = current_user()
    case = cases.get_case(user, case_id)
    try:
        instance = tasks.start_pathway(rt(), user, case, request.form.get("pathway", ""))
    except Invalid as exc:
        db.session.rollback()
        return render_case(case, errors=exc.fields or {"pathway": exc.message}, status=422)
    except pathway_runs.AlreadyRunning as exc:
        db.session.rollback()
        # A second press of the button, or a colleague got there first: say so, start nothing.
        name = request.form.get("pathway", "")
        title = chronology.pathway_titles([name])[name]
        flash(f"{title} is already running for this child, so it was not started again "
              f"(started {web_format.when(exc.started_at)}). Carry on with its open tasks.", "warning")
        return redirect(url_for("views.case", case_id=case.id))
    title = chronology.pathway_titles([instance.pathway])[instance.pathway]
    flash(f"Started: {title}.", "success")
    for item in tasks.open_items_for_case(case.id):
        if item.instance_id == instance.id:
            flash(f"Next: {item.name}, with the {item.role}.", "info")
    return redirect(url_for("views.case", case_id=case.id))


@bp.post("/cases/<int:case_id>/level-of-need")
@login_required
def set_level_of_need(case_id):
    """Record the child's level on the pack's Level of Need scale from the case page."""
    user = current_user()
    case = cases.get_case(user, case_id)
    raw = request.form.get("level", "")
    wanted = {"level": int(raw) if raw.isdigit() and len(raw) <= 2 else raw,
              "reason": request.form.get("reason", "")}
    try:
        checked = validate(LevelOfNeedInput, wanted)
        level_of_need.record(rt(), user, case, checked.level, checked.reason)
    except Invalid as exc:
        db.session.rollback()
        return render_case(case, errors={f"level_{k}": v for k, v in (exc.fields or {"level": exc.message}).items()},
                           status=422)
    flash(f"Level of Need recorded: Level {case.level_of_need}.", "success")
    return redirect(url_for("views.case", case_id=case.id))


# GOV.UK style: say what to do, not what is wrong.
NOTE_MESSAGES = {"is required": "Enter the case note"}


@bp.post("/cases/<int:case_id>/notes")
@login_required
def add_note(case_id):
    """Write a case note from the case page."""
    user = current_user()
    case = cases.get_case(user, case_id)
    text = request.form.get("note_text", "")
    try:
        checked = validate(NoteInput, {"text": text})
        case_notes.add(rt(), user, case, checked.text)
    except Invalid as exc:
        db.session.rollback()
        problem = (exc.fields or {}).get("text", exc.message)
        return render_case(case, errors={"note_text": NOTE_MESSAGES.get(problem, "The case note " + problem)},
                           status=422, note_text=text)
    flash("Case note added.", "success")
    return redirect(url_for("views.case", case_id=case.id) + "#chronology-heading")
