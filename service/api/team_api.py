"""JSON routes for team trays and allocation (service/work/allocation.py), on the /api/v1 blueprint."""
from flask import g, jsonify

from service.api import api_responses as out
from service.api.api_io import query
from service.api.idempotency import idempotent
from service.api.openapi import operation
from service.api.routes import bp, item_json, read_json, rt, token_required, tray_json
from service.work import allocation
from service.work.schemas import Allocation, TeamTaskFilters, validate


@bp.get("/team-tasks")
@operation("A team's work: every open task of one role, claimed or not, a page at a time, in the order of "
           "Your work; for the role's holders and their managers (a higher tier of the pack's escalation "
           "ladder) and administrators", out.TaskList, query=TeamTaskFilters, errors=(403, 404))
@token_required
def team_tasks():
    wanted = query(TeamTaskFilters)
    found = allocation.team_page(rt(), g.user, wanted.pack, wanted.role, after=wanted.after, limit=wanted.limit)
    now = rt().now()
    return jsonify({"tasks": [tray_json(row, now) for row in found.rows], "next": found.next})


@bp.post("/tasks/<id:item_id>/allocate")
@operation("Allocate the task to a named worker holding its role (null: give it back to the team); for "
           "managers of the role and administrators. Name the holder you are replacing, if any: a different "
           "holder by then is a 409. The worker is e-mailed and finds it in their work",
           out.TaskOut, body=Allocation, errors=(403, 409))
@token_required
@idempotent
def allocate(item_id):
    wanted = validate(Allocation, read_json())
    return jsonify(item_json(allocation.allocate(rt(), g.user, item_id, wanted.assignee, wanted.replacing), rt().now()))
