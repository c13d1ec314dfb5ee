"""The bpmn-js modeller in the admin pages: open a version, edit it, see its problems, deploy it.

Deploying posts the edited XML to the same upload route as a file from a desktop modeller, so
it passes the same validation and is refused the same way (each problem with its line and
element id; the current version kept). The live problem list comes from the project's own
check (the one `flask bpmn check` and an upload run, bpmnlint with .bpmnlintrc included), run
on the server on each change: bpmn-js-bpmnlint would need the lint rules bundled for the
browser, and would still miss the project's own rules that an upload enforces.
"""
from flask import Blueprint, jsonify, render_template, request, url_for

from service.diagrams import deployment
from service.engine import MAX_DIAGRAM_BYTES
from service.errors import Invalid, NotFound, StepwiseError
from service.extensions import db
from service.store.models import ProcessVersion
from service.web.web_auth import admin_required

bp = Blueprint("modeller_views", __name__, url_prefix="/admin/versions")


@bp.errorhandler(StepwiseError)
def _stepwise_error(exc):
    db.session.rollback()
    return render_template("error.html", status=exc.status, heading="This cannot be done",
                           message=exc.message), exc.status


def _version(version_id):
    version = db.session.get(ProcessVersion, version_id)
    if version is None:
        raise NotFound(f"no version {version_id}")
    return version


@bp.get("/<int:version_id>/modeller")
@admin_required
def modeller(version_id):
    """The version open in the modeller, with its problems beside it and a deploy button."""
    version = _version(version_id)
    name = sorted(version.files)[0]
    data = {"bpmn": url_for("admin_views.download", version_id=version.id),
            "check": url_for("modeller_views.check", version_id=version.id),
            "filename": name, "multi_file": len(version.files) > 1}
    return render_template("admin/modeller.html", version=version, filename=name, modeller_data=data)


@bp.post("/<int:version_id>/check")
@admin_required
def check(version_id):
    """The problems an upload of this XML would be refused for, as JSON (the modeller's live list)."""
    version = _version(version_id)
    xml = request.get_data(cache=False)
    if not xml or len(xml) > MAX_DIAGRAM_BYTES:
        raise Invalid("no diagram", {"diagram": "send the diagram's XML, at most "
                                                f"{MAX_DIAGRAM_BYTES // 1024} KB"})
    problems = deployment.check(version.pathway, {sorted(version.files)[0]: xml})
    return jsonify(problems=[p.as_dict() for p in problems], notes=list(problems.notes))
