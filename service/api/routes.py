"""The JSON API under /api/v1: thin routes over the use cases.

Each route is marked with the models it validates and answers with (service/api/openapi.py
turns them into the document at /api/v1/openapi.json).
"""
from functools import wraps

from flask import Blueprint, current_app, g, jsonify, request

from service.store import audit, read_audit
from service.access import auth
from service.work import (case_notes, cases, chronology, consent, drafts, evidence, families, level_of_need,
                          safeguarding, tasks)
from service.api import openapi
from . import api_responses as out
from .api_io import error, query, read_json
from .openapi import operation
from .idempotency import idempotent
from service.work.schemas import (
    CaseInput,
    CaseSearch,
    DraftInput,
    FamilyPathwayStart,
    HistoryQuery,
    LevelOfNeedInput,
    NoteInput,
    PageQuery,
    PathwayStart,
    TaskCompletion,
    TaskCountFilters,
    TaskFilters,
    validate,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")

def rt():
    return current_app.extensions["stepwise"]


def token_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = auth.user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
        if user is None:
            return error(401, "unauthorised", "send Authorization: Bearer <token>")
        g.user = user
        return view(*args, **kwargs)
    return wrapper


def body():
    """The request body as a JSON object (400 when it is not one, 413 when too large)."""
    return read_json()


def case_json(case):
    return {"id": case.id, "child_name": case.child_name,
            "date_of_birth": case.date_of_birth.isoformat() if case.date_of_birth else None,
            "expected_date": case.expected_date.isoformat() if case.expected_date else None,
            "person_id": case.person_id, "family_id": case.family_id, "pack": case.pack,
            "current_service": case.current_service, "lead_professional": case.lead_professional,
            "created_at": case.created_at.isoformat(), "level_of_need": case.level_of_need}


def item_json(item, now):
    return {"id": item.id, "case_id": item.case_id, "pathway": item.pathway, "task_id": item.bpmn_id,
            "name": item.name, "role": item.role, "status": item.status,
            "assignee": item.assignee.username if item.assignee else None,
            "created": item.created_at.isoformat(), "due": item.due_at.isoformat() if item.due_at else None,
            "overdue": bool(item.due_at and item.status == "open" and item.due_at < now),
            "urgent": safeguarding.is_urgent(item), "instance_id": item.instance_id}


@bp.get("/openapi.json")
@operation("This document: OpenAPI 3.1", out.OpenApiDocument, public=True)
def openapi_document():
    return jsonify(openapi.document(current_app))


@bp.post("/cases")
@operation("Register a child (or an unborn child)", out.CaseOut, status=201, body=CaseInput, errors=(403,))
@token_required
@idempotent
def create_case():
    case = cases.create_case(rt(), g.user, body())
    return jsonify(case_json(case)), 201


@bp.get("/cases")
@operation("Cases in your packs, newest first, a page at a time; q finds the start of a name or ID", out.CaseList,
           query=CaseSearch)
@token_required
def list_cases():
    search = query(CaseSearch)
    found = cases.list_cases(g.user, q=search.q or None, after=search.after, limit=search.limit)
    return jsonify({"cases": [case_json(c) for c in found.rows], "next": found.next})


@bp.get("/cases/<id:case_id>")
@operation("A case with its open tasks and pathways", out.CaseDetail, errors=(403,))
@token_required
def get_case(case_id):
    case = cases.get_case(g.user, case_id)
    read_audit.note(g.user, case, "case")
    out_json = case_json(case)
    now = rt().now()
    out_json["open_tasks"] = [item_json(i, now) for i in tasks.open_items_for_case(case_id)]
    out_json["pathways"] = [{"id": i.id, "pathway": i.pathway, "version": i.version.number, "status": i.status}
                            for i in tasks.instances_for_case(case_id)]
    out_json["consent"] = [consent.as_json(c) for c in consent.for_case(case_id)]
    out_json.update(level_of_need_json(case, prefix="level_of_need_"))
    out_json["family_runs"] = families.runs_json(case_id)
    return jsonify(out_json)


def level_of_need_json(case, prefix=""):
    """The case's level now (with who and when), every change, and its pack's scale."""
    return {prefix + "record" if prefix else "current": level_of_need.current(case),
            prefix + "history": [{**change, "at": change["at"].isoformat()}
                                 for change in level_of_need.history(case.id)],
            prefix + "scale": [lv.as_dict() for lv in level_of_need.scale_for(case.pack)]}


@bp.put("/cases/<id:case_id>/level-of-need")
@operation("Record the child's level on the pack's Level of Need scale (422 naming `level` if off the scale)",
           out.LevelOfNeed, body=LevelOfNeedInput, errors=(403,))
@token_required
def set_level_of_need(case_id):
    case = cases.get_case(g.user, case_id)
    wanted = validate(LevelOfNeedInput, body())
    level_of_need.record(rt(), g.user, case, wanted.level, wanted.reason)
    return jsonify({"case_id": case.id, "current_service": case.current_service, **level_of_need_json(case)})


@bp.route("/cases/<id:case_id>/notes", methods=["GET", "POST"])
@operation("Add a case note (author and time are the caller's and the service's); it goes on the chronology",
           out.NoteOut, status=201, body=NoteInput, errors=(403,), method="POST", keyed=True)
@operation("The case's notes, newest first, a page at a time", out.NoteList, query=PageQuery, errors=(403,),
           method="GET", keyed=False)
@token_required
def notes(case_id):
    if request.method == "POST":
        return _add_note(case_id)
    wanted = query(PageQuery)
    read_audit.note(g.user, cases.get_case(g.user, case_id), "notes")
    found = case_notes.page(case_id, after=wanted.after, limit=wanted.limit)
    return jsonify({"notes": [case_notes.as_json(n) for n in found.rows], "next": found.next})


@idempotent
def _add_note(case_id):
    case = cases.get_case(g.user, case_id)
    wanted = validate(NoteInput, body())
    return jsonify(case_notes.as_json(case_notes.add(rt(), g.user, case, wanted.text))), 201


@bp.post("/cases/<id:case_id>/pathways")
@operation("Start a pathway on the case, on its newest version", out.PathwayStarted, status=201,
           body=PathwayStart, errors=(403, 409))
@token_required
@idempotent
def start_pathway(case_id):
    case = cases.get_case(g.user, case_id)
    start = validate(PathwayStart, body())
    instance = tasks.start_pathway(rt(), g.user, case, start.pathway)
    now = rt().now()
    return jsonify({"id": instance.id, "case_id": case.id, "pathway": instance.pathway,
                    "version": instance.version.number, "status": instance.status,
                    "open_tasks": [item_json(i, now) for i in tasks.open_items_for_case(case.id)
                                   if i.instance_id == instance.id]}), 201


@bp.post("/families/<family_id>/pathways")
@operation("Start one run of a pathway for a family: one meeting or decision covering each child (all the "
           "family's cases in the pathway's pack, or case_ids); its tasks show on every child's case",
           out.FamilyPathwayStarted, status=201, body=FamilyPathwayStart, errors=(403, 404, 409))
@token_required
@idempotent
def start_family_pathway(family_id):
    start = validate(FamilyPathwayStart, body())
    instance, children = tasks.start_family_pathway(rt(), g.user, family_id, start.pathway, start.case_ids)
    now = rt().now()
    return jsonify({"id": instance.id, "family_id": family_id, "case_id": instance.case_id,
                    "case_ids": [c.id for c in children], "pathway": instance.pathway,
                    "version": instance.version.number, "status": instance.status,
                    "open_tasks": [item_json(i, now) for i in tasks.open_items_for_case(instance.case_id)
                                   if i.instance_id == instance.id]}), 201


@bp.get("/cases/<id:case_id>/history")
@operation("The case's chronology with submitted data and the e-mails sent about the case, a page at a time: "
           "oldest first unless order=newest, of the kinds named in kind (all by default), each in plain words",
           out.History, query=HistoryQuery, errors=(403,))
@token_required
def history(case_id):
    wanted = query(HistoryQuery)
    read_audit.note(g.user, cases.get_case(g.user, case_id), "history")
    found = chronology.page(case_id, kinds=wanted.kinds(), newest_first=wanted.order == "newest",
                            after=wanted.after, limit=wanted.limit)
    titles = chronology.pathway_titles(chronology.names_in(found.rows))
    decisions = chronology.decision_task_ids()
    return jsonify({"events": [history_json(e, titles, decisions) for e in found.rows], "next": found.next})


def history_json(e, titles, decisions):
    """One chronology entry: an event as recorded (``data`` as submitted), or an e-mail (``data``: to, status)."""
    mail = e.action == chronology.EMAIL_ACTION
    return {"id": e.id, "at": e.at.isoformat(), "action": e.action, "summary": e.summary,
            "actor": e.actor_username or "system", "instance_id": e.instance_id, "work_item_id": e.work_item_id,
            "task_id": e.task_id, "data": {"to": e.recipients, "status": e.status} if mail else e.data,
            "kind": chronology.kind_of(e.action, e.task_id, decisions), "words": chronology.words(e, titles)}


def tray_json(row, now):
    """A tray row (service/work/tray.py) in the same shape as item_json."""
    return {"id": row.id, "case_id": row.case_id, "pathway": row.pathway, "task_id": row.bpmn_id,
            "name": row.name, "role": row.role, "status": row.status, "assignee": row.assignee_username,
            "created": row.created_at.isoformat(), "due": row.due_at.isoformat() if row.due_at else None,
            "overdue": bool(row.due_at and row.due_at < now), "urgent": safeguarding.is_urgent(row),
            "instance_id": row.instance_id}


@bp.get("/tasks")
@operation("Your work (your roles' open tasks), a page at a time: tasks with a deadline first, soonest first, "
           "then those without; each then oldest received first", out.TaskList, query=TaskFilters)
@token_required
def list_tasks():
    filters = query(TaskFilters)
    found = tasks.worklist(rt(), g.user, case_id=filters.case, pathway=filters.pathway, overdue=filters.overdue,
                           after=filters.after, limit=filters.limit)
    now = rt().now()
    return jsonify({"urgent": [tray_json(row, now) for row in tasks.urgent_worklist(rt(), g.user)],
                    "tasks": [tray_json(row, now) for row in found.rows], "next": found.next})


@bp.get("/tasks/counts")
@operation("How many open tasks your roles have, and how many are overdue", out.TaskCounts, query=TaskCountFilters)
@token_required
def task_counts():
    filters = query(TaskCountFilters)
    return jsonify(tasks.worklist_counts(rt(), g.user, case_id=filters.case, pathway=filters.pathway))


@bp.get("/tasks/<id:item_id>")
@operation("A task with its form and pre-filled values", out.TaskDetail, errors=(403,))
@token_required
def get_task(item_id):
    item, form = tasks.task_form(rt(), g.user, item_id)
    for child in families.cases_read_with(item):  # a family run's task shows every child's record
        read_audit.note(g.user, child, "task", item.id)
    return jsonify({**item_json(item, rt().now()), "form": form, "evidence": [
        {**step, "completed_at": step["completed_at"].isoformat()} for step in evidence.for_item(item)],
        "draft": drafts.as_json(drafts.mine(g.user, item))})


@bp.put("/tasks/<id:item_id>/draft")
@operation("Save your unfinished answers to the task as a draft (replacing yours): only sizes are checked, "
           "nothing moves, nobody else sees it, and it is deleted when the task completes", out.DraftSaved,
           body=DraftInput, errors=(403, 409))
@token_required
def save_draft(item_id):
    wanted = validate(DraftInput, body())
    draft = drafts.save(rt(), g.user, item_id, wanted.data)
    return jsonify({"task_id": item_id, **drafts.as_json(draft)})


@bp.post("/tasks/<id:item_id>/claim")
@operation("Take the task", out.TaskOut, errors=(403, 409))
@token_required
@idempotent
def claim(item_id):
    return jsonify(item_json(tasks.claim(rt(), g.user, item_id), rt().now()))


@bp.post("/tasks/<id:item_id>/unclaim")
@operation("Release the task", out.TaskOut, errors=(403, 409))
@token_required
@idempotent
def unclaim(item_id):
    return jsonify(item_json(tasks.unclaim(rt(), g.user, item_id), rt().now()))


@bp.post("/tasks/<id:item_id>/complete")
@operation("Complete the task with its form's answers", out.TaskCompleted, body=TaskCompletion, errors=(403, 409))
@token_required
@idempotent
def complete(item_id):
    answers = validate(TaskCompletion, body())
    item = tasks.complete(rt(), g.user, item_id, answers.data)
    now = rt().now()
    return jsonify({**item_json(item, now),
                    "next_tasks": [item_json(i, now) for i in tasks.open_items_for_case(item.case_id)]})
