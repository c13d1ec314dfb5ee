"""Deploying a diagram as a new version of its pathway: administrators only, validated, audited.

Deploying changes what every new case goes through, so it is an administrator's act. A
diagram is data (no scripts; expressions in the safe language only: ``bpmn_safety``), and
one with any problem is refused whole and nothing changes;
running instances stay on the version they started with; new cases take the new one.
"""
import re
from pathlib import Path

from handlers import PACKS

from service.store import audit
from service.diagrams import bpmn_check, bpmn_lint, catalog
from service.engine import EngineError, read_xml
from service.errors import Forbidden, Invalid
from service.extensions import db

PATHWAY = re.compile(r"^[a-z0-9_]+/[a-z0-9_]+$")


class DiagramInvalid(Invalid):
    """The diagram has problems; ``problems`` lists them with line, element and fix."""

    def __init__(self, problems):
        first = problems[0]
        where = f" (line {first.line}, {first.element_id})" if first.line and first.element_id else ""
        super().__init__(f"the diagram has {len(problems)} problem{'s' if len(problems) != 1 else ''}, "
                         f"starting with: {first.message}{where}",
                         {"file": "; ".join(str(p) for p in problems[:5])})
        self.problems = problems


def _check_pathway(pathway):
    if not isinstance(pathway, str) or not PATHWAY.match(pathway):
        raise Invalid("bad pathway name", {"pathway": "write it as pack/diagram, e.g. camden/step_up_to_mash"})
    if pathway.split("/")[0] not in PACKS:
        raise Invalid("unknown pack", {"pathway": f"the pack must be one of: {', '.join(sorted(PACKS))}"})


def canonical_files(pathway, files):
    """A single uploaded file is stored as ``<diagram>.bpmn``, whatever it was called on a desktop."""
    if not files:
        raise Invalid("no diagram given", {"file": "choose a .bpmn file"})
    if len(files) == 1:
        return {f"{pathway.split('/')[1]}.bpmn": next(iter(files.values()))}
    return {Path(name).name: data for name, data in files.items()}


def sibling_task_ids(pathway):
    """User task ids in the newest versions of the pack's other pathways."""
    pack = pathway.split("/")[0]
    found = []
    for other in catalog.pathway_names():
        if other == pathway or other.split("/")[0] != pack:
            continue
        for name, text in catalog.current_version(other).files.items():
            try:
                found += bpmn_check.user_task_ids(read_xml(text.encode(), name))
            except EngineError:
                continue
    shipped = catalog.shipped_pathways()
    for other, files in shipped.items():
        if other != pathway and other.split("/")[0] == pack and other not in catalog.pathway_names():
            for name, data in files.items():
                found += bpmn_check.user_task_ids(read_xml(data, name))
    return found


def check(pathway, files, lint="auto"):
    """Problems with ``files`` as the next version of ``pathway`` (empty when deployable)."""
    _check_pathway(pathway)
    files = canonical_files(pathway, files)
    return bpmn_check.check_files(files, pathway.split("/")[0], sibling_task_ids(pathway), lint=lint)


def deploy(rt, actor, pathway, files, lint=True):
    """Validate ``files`` (name → bytes) and store them as the next version of ``pathway``.

    Returns the newest version (the existing one when the content is identical). Raises
    Forbidden for non-administrators and DiagramInvalid, with nothing written, on problems.
    """
    if actor is None or not actor.is_admin:
        raise Forbidden("only an administrator can deploy a diagram")
    _check_pathway(pathway)
    files = canonical_files(pathway, files)
    try:
        problems = bpmn_check.check_files(files, pathway.split("/")[0], sibling_task_ids(pathway), lint=lint)
    except bpmn_lint.LintUnavailable as exc:
        # A deploy is checked by the modellers' own linters as the README promises, or not at all:
        # refused, never silently deployed with a check skipped.
        name = next(iter(files), "diagram.bpmn")
        raise DiagramInvalid(bpmn_check.Problems([bpmn_check.Problem(
            name, None, None, f"Not deployed: the modellers' checkers cannot run on this server ({exc})",
            "Ask the administrator to install them (make node-deps), then upload again")])) from exc
    if problems:
        raise DiagramInvalid(problems)
    now = rt.now()
    try:
        version, created = catalog.add_version(pathway, files, now, deployed_by=actor.id)
    except EngineError as exc:  # the check parses too; this is a belt for the braces
        db.session.rollback()
        raise Invalid("the engine cannot load the diagram", {"file": str(exc)}) from exc
    if created:
        db.session.flush()
        audit.record(now, "diagram.deployed", f"Deployed {pathway} version {version.number}", actor=actor,
                     data={"pathway": pathway, "version": version.number, "content_hash": version.content_hash,
                           "files": sorted(files), "notes": list(problems.notes)})
    db.session.commit()
    return version
