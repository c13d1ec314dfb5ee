"""Where a case is on its pathway: its diagram with its progress marked.

The page draws it with bpmn-js from the exact .bpmn the case runs; the server-drawn SVG is
the same picture without JavaScript, and the standalone .svg image."""
from flask import Blueprint, Response, current_app, render_template

from service.store import audit, read_audit
from service.work import cases, chronology, families, instances, safeguarding
from service.diagrams.diagram_svg import render_svg
from service.engine import read_xml
from service.errors import NotFound, StepwiseError
from service.extensions import db
from service.store.models import ProcessInstance, WorkItem
from .web_auth import current_user, login_required

bp = Blueprint("diagram_views", __name__)
TIMER_TAG = "{http://www.omg.org/spec/BPMN/20100524/MODEL}timerEventDefinition"
FLOW_TAG = "{http://www.omg.org/spec/BPMN/20100524/MODEL}sequenceFlow"


def rt():
    return current_app.extensions["stepwise"]


@bp.errorhandler(StepwiseError)
def _stepwise_error(exc):
    return render_template("error.html", status=exc.status, heading="You cannot open this"
                           if exc.status == 403 else "Page not found", message=exc.message), exc.status


def _instance(case_id, instance_id):
    """The instance, once the signed-in user may see its case (any role in the pack)."""
    case = cases.get_case(current_user(), case_id)
    instance = db.session.get(ProcessInstance, instance_id)
    # A family run is on the diagram of every child it covered (service/work/families.py).
    if instance is None or (instance.case_id != case.id and case not in families.members(instance.id, current=False)):
        raise NotFound(f"case {case_id} has no pathway {instance_id}")
    return case, instance


def _diagram_file(instance):
    name = sorted(instance.version.files)[0]
    return name, instance.version.files[name]


def progress(instance):
    """What to mark: completed, current (ready tasks), fired timers and overdue tasks."""
    _definition, wf = instances.load(rt(), instance)
    engine = rt().engine
    completed = set(engine.completed_elements(wf))
    ready = engine.ready_tasks(wf)
    trees = [read_xml(text.encode()) for text in instance.version.files.values()]
    timer_ids = {d.getparent().get("id") for tree in trees for d in tree.iter(TIMER_TAG)}
    fired = {e.task_bpmn_id for e in audit.chronology(instance.case_id)
             if e.action == "timer.fired" and e.instance_id == instance.id and e.task_bpmn_id}
    fired |= completed & timer_ids  # a timer event that completed is one that fired
    now = rt().now()
    items = db.session.scalars(db.select(WorkItem).where(WorkItem.instance_id == instance.id,
                                                         WorkItem.status == "open")).all()
    overdue = {i.bpmn_id for i in items if i.due_at is not None and i.due_at < now}
    active = {t.bpmn_id for t in ready}
    # An arrow was travelled when both its ends were reached.
    travelled = {f.get("id") for tree in trees for f in tree.iter(FLOW_TAG)
                 if f.get("sourceRef") in completed and f.get("targetRef") in completed | active}
    return {"completed": sorted((completed - fired) | travelled), "active": sorted(active),
            "fired": sorted(fired), "overdue": sorted(overdue), "ready": ready, "items": items}


def _svg(instance, marks):
    _name, text = _diagram_file(instance)
    return render_svg(text.encode(), completed=marks["completed"], active=marks["active"],
                      fired=marks["fired"], overdue=marks["overdue"])


@bp.get("/cases/<int:case_id>/pathways/<int:instance_id>/diagram")
@login_required
def diagram(case_id, instance_id):
    """The pathway's diagram with completed steps, current tasks and fired timers marked."""
    case, instance = _instance(case_id, instance_id)
    read_audit.note(current_user(), case, "diagram", instance.id)
    marks = progress(instance)
    title = chronology.pathway_titles([instance.pathway])[instance.pathway]
    diagram_data = {kind: marks[kind] for kind in ("completed", "active", "fired", "overdue")}
    diagram_data.update(bpmn=f"/cases/{case.id}/pathways/{instance.id}/diagram.bpmn",
                        label=f"{title}: the pathway's diagram with this case's progress marked")
    return render_template("diagram.html", case=case, instance=instance, marks=marks, title=title,
                           svg=_svg(instance, marks), diagram_data=diagram_data, now=rt().now(),
                           concerns=safeguarding.open_concerns(case.id))


@bp.get("/cases/<int:case_id>/pathways/<int:instance_id>/diagram.svg")
@login_required
def diagram_svg(case_id, instance_id):
    """The same diagram as a standalone SVG image."""
    case, instance = _instance(case_id, instance_id)
    read_audit.note(current_user(), case, "diagram", instance.id)
    return Response(_svg(instance, progress(instance)), mimetype="image/svg+xml",
                    headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


@bp.get("/cases/<int:case_id>/pathways/<int:instance_id>/diagram.bpmn")
@login_required
def diagram_bpmn(case_id, instance_id):
    """The exact diagram version this case runs, to open in a modeller."""
    _case, instance = _instance(case_id, instance_id)
    name, text = _diagram_file(instance)
    stem = name.rsplit(".", 1)[0]
    return Response(text, mimetype="application/xml", headers={
        "Content-Disposition": f'attachment; filename="{stem}-v{instance.version.number}.bpmn"'})
