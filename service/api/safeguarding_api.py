"""JSON route for the safeguarding override: POST /api/v1/cases/<id>/safeguarding-concern."""
from flask import Blueprint, g, jsonify

from service.api import api_responses as out
from service.work import cases, safeguarding, tasks
from service.api.routes import body, item_json, rt, token_required
from service.api.openapi import operation
from service.work.schemas import ConcernInput, validate
from service.api.idempotency import idempotent

bp = Blueprint("safeguarding_api", __name__, url_prefix="/api/v1")


@bp.record_once
def _check_config(_state):
    # A malformed [safeguarding] table must stop start-up, not the first concern raised.
    safeguarding.check_packs()


@bp.post("/cases/<id:case_id>/safeguarding-concern")
@operation("Raise an immediate safeguarding concern: straight to MASH, outside any pathway", out.ConcernRaised,
           status=201, body=ConcernInput, errors=(403,))
@token_required
@idempotent
def raise_concern(case_id):
    case = cases.get_case(g.user, case_id)
    concern = validate(ConcernInput, body())
    instance = safeguarding.raise_immediate_concern(rt(), g.user, case, concern.data)
    now = rt().now()
    return jsonify({"case_id": case.id, "instance_id": instance.id, "pathway": instance.pathway,
                    "open_tasks": [item_json(i, now) for i in tasks.open_items_for_case(case.id)
                                   if i.instance_id == instance.id]}), 201
