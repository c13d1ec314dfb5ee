"""Administrators' diagram pages at /admin/: versions, upload and deploy, diff, migration."""
from flask import (Blueprint, Response, current_app, flash, redirect, render_template, request,
                   url_for)

from handlers import PACKS

from service.diagrams import catalog, deployment
from service.work import instance_migration
from service.diagrams.bpmn_check import escalation_ladder
from service.diagrams.diagram_diff import side_by_side
from service.diagrams.diagram_svg import render_svg
from service.engine import MAX_DIAGRAM_BYTES, read_xml
from service.errors import Invalid, NotFound, StepwiseError
from service.extensions import db
from service.store.models import ProcessInstance, ProcessVersion, User
from service.store.paging import MAX_ID
from service.web.web_auth import admin_required, current_user

bp = Blueprint("admin_views", __name__, url_prefix="/admin")


def rt():
    return current_app.extensions["stepwise"]


@bp.errorhandler(StepwiseError)
def _stepwise_error(exc):
    db.session.rollback()
    return render_template("error.html", status=exc.status, heading="This cannot be done",
                           message=exc.message), exc.status


def _open_counts():
    rows = db.session.execute(db.select(ProcessInstance.version_id, db.func.count())
                              .where(ProcessInstance.status == "running")
                              .group_by(ProcessInstance.version_id)).all()
    return dict(rows)


def _pathways():
    counts = _open_counts()
    listed, by_pathway = [], {name: list(reversed(catalog.versions(name))) for name in catalog.pathway_names()}
    # Only the people who deployed a version: the page must not read every user there is.
    ids = {v.deployed_by for versions in by_pathway.values() for v in versions if v.deployed_by}
    deployers = dict(db.session.execute(db.select(User.id, User.display_name).where(User.id.in_(ids))).all()) \
        if ids else {}
    for name, versions in by_pathway.items():
        listed.append({"name": name, "versions": [
            {"v": v, "open": counts.get(v.id, 0), "by": deployers.get(v.deployed_by, "shipped with Stepwise")}
            for v in versions]})
    return listed


def _ladders():
    # Read-only: a pack's ladder is configuration (pack.toml), shown so admins can see the tiers.
    return {name: escalation_ladder(name) for name in sorted(PACKS)}


@bp.get("/")
@admin_required
def index():
    """Every pathway with its versions and how many open instances each has."""
    return render_template("admin/diagrams.html", pathways=_pathways(), ladders=_ladders())


def _uploaded():
    upload = request.files.get("diagram")
    if upload is None or not upload.filename:
        raise Invalid("no diagram chosen", {"diagram": "choose a .bpmn file to upload"})
    data = upload.stream.read(MAX_DIAGRAM_BYTES + 1)
    if not data:
        raise Invalid("empty file", {"diagram": "the file is empty"})
    return upload.filename, data


def _svg_or_none(data):
    # Only a file that reads safely is drawn: the renderer never sees a DOCTYPE or entities.
    try:
        read_xml(data)
        return render_svg(data)
    except Exception:  # EngineError or a drawing failure: the problem list still shows
        return None


@bp.post("/upload")
@admin_required
def upload():
    """Validate an uploaded diagram and deploy it as the pathway's next version."""
    pathway = request.form.get("pathway", "")
    try:
        filename, data = _uploaded()
        before = catalog.current_version(pathway)
        version = deployment.deploy(rt(), current_user(), pathway, {filename: data})
    except deployment.DiagramInvalid as exc:
        db.session.rollback()
        return render_template("admin/upload_refused.html", pathway=pathway, filename=filename,
                               problems=exc.problems, notes=exc.problems.notes, svg=_svg_or_none(data)), 422
    except Invalid as exc:
        db.session.rollback()
        return render_template("admin/diagrams.html", pathways=_pathways(), errors=exc.fields,
                               selected=pathway, ladders=_ladders()), 422
    if before is not None and before.id == version.id:
        flash(f"{pathway}: the upload is identical to version {version.number}; nothing changed.", "info")
    else:
        flash(f"{pathway}: deployed as version {version.number}. New cases use it; running cases stay "
              f"on their version until migrated.", "success")
    return redirect(url_for("admin_views.index") + f"#pathway-{pathway.replace('/', '-')}")


def _version(version_id):
    version = db.session.get(ProcessVersion, version_id)
    if version is None:
        raise NotFound(f"no version {version_id}")
    return version


def main_file(version):
    """(name, text) of a version's diagram file (the first, for multi-file versions)."""
    name = sorted(version.files)[0]
    return name, version.files[name]


@bp.get("/versions/<int:version_id>/download")
@admin_required
def download(version_id):
    """The .bpmn of a version, to open in a modeller."""
    version = _version(version_id)
    name, text = main_file(version)
    stem = name.rsplit(".", 1)[0]
    return Response(text, mimetype="application/xml", headers={
        "Content-Disposition": f'attachment; filename="{stem}-v{version.number}.bpmn"'})


@bp.get("/diff")
@admin_required
def compare():
    """Elements added, removed and changed between two versions, each change before and after."""
    pathway = request.args.get("pathway", "")
    numbers = {v.number: v for v in catalog.versions(pathway)}
    try:
        a, b = int(request.args.get("a", "")), int(request.args.get("b", ""))
    except ValueError:
        raise Invalid("choose two versions", {"a": "choose a version number"}) from None
    if a not in numbers or b not in numbers:
        raise NotFound(f"{pathway} has no version {a if a not in numbers else b}")
    found, changes, before, after = side_by_side(numbers[a].files, numbers[b].files)
    return render_template("admin/diff.html", pathway=pathway, a=numbers[a], b=numbers[b],
                           diff=found, changes=changes, before=before, after=after)


@bp.post("/migrate")
@admin_required
def migrate():
    """Dry-run (default) or apply moving running instances between versions."""
    pathway = request.form.get("pathway", "")
    try:
        from_number, to_number = int(request.form.get("from", "")), int(request.form.get("to", ""))
        if not (0 < from_number <= MAX_ID and 0 < to_number <= MAX_ID):
            raise ValueError  # no version has that number, and the database cannot compare it
    except ValueError:
        raise Invalid("choose two versions", {"from": "choose the versions to move between"}) from None
    apply = request.form.get("apply") == "yes"
    result = instance_migration.migrate(rt(), current_user(), pathway, from_number, to_number, apply=apply)
    return render_template("admin/migration.html", result=result)
