"""JSON route for the safeguarding override: POST /api/v1/cases/<id>/safeguarding-concern."""
from flask import Blueprint, g, jsonify

from . import cases, safeguarding, tasks
from .api import body, error, item_json, rt, token_required
from .errors import StepwiseError
from .idempotency import idempotent

bp = Blueprint("safeguarding_api", __name__, url_prefix="/api/v1")


@bp.record_once
def _check_config(_state):
    # A malformed [safeguarding] table must stop start-up, not the first concern raised.
    safeguarding.check_packs()


@bp.errorhandler(StepwiseError)
def _stepwise_error(exc):
    return error(exc.status, exc.code, exc.message, exc.fields)


@bp.post("/cases/<int:case_id>/safeguarding-concern")
@token_required
@idempotent
def raise_concern(case_id):
    case = cases.get_case(g.user, case_id)
    instance = safeguarding.raise_immediate_concern(rt(), g.user, case, body().get("data"))
    now = rt().now()
    return jsonify({"case_id": case.id, "instance_id": instance.id, "pathway": instance.pathway,
                    "open_tasks": [item_json(i, now) for i in tasks.open_items_for_case(case.id)
                                   if i.instance_id == instance.id]}), 201
