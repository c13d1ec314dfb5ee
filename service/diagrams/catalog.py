"""Pathways and their versions: which diagram a new case runs, and parsed specs per version.

A pathway is ``<pack>/<diagram file stem>``. Each distinct content hash of a pathway's
diagram is a version row; the newest is what new instances start on, and running
instances stay on the version they started with. Parsed definitions are cached per
content hash for the life of the process (parsing costs milliseconds; restoring an
instance must not pay it).
"""
from pathlib import Path

from service.engine import content_hash, load_definition
from service.extensions import db
from service.store.models import ProcessVersion

BPMN_ROOT = Path(__file__).resolve().parents[2] / "bpmn"

_parsed = {}


def shipped_pathways(root=BPMN_ROOT):
    """Every diagram shipped in bpmn/<pack>/, as pathway name → {file name: bytes}."""
    found = {}
    for path in sorted(root.glob("*/*.bpmn")):
        found[f"{path.parent.name}/{path.stem}"] = {path.name: path.read_bytes()}
    return found


def definition_for(version):
    """The parsed definition of a stored version (cached by content hash)."""
    cached = _parsed.get(version.content_hash)
    if cached is None:
        files = {name: text.encode() for name, text in version.files.items()}
        cached = load_definition(version.pathway, files, version.process_id)
        _parsed[version.content_hash] = cached
    return cached


def current_version(pathway):
    """The newest deployed version of a pathway, or None."""
    return db.session.scalars(db.select(ProcessVersion).where(ProcessVersion.pathway == pathway)
                              .order_by(ProcessVersion.number.desc()).limit(1)).first()


def versions(pathway):
    return db.session.scalars(db.select(ProcessVersion).where(ProcessVersion.pathway == pathway)
                              .order_by(ProcessVersion.number)).all()


def pathway_names():
    return sorted(db.session.scalars(db.select(ProcessVersion.pathway).distinct()).all())


def add_version(pathway, files, now, deployed_by=None):
    """Store ``files`` as a new version unless the newest already has this content.

    Returns (version, created). Parses first, so a diagram the engine cannot load is never
    stored. The caller commits.
    """
    digest = content_hash(files)
    current = current_version(pathway)
    if current is not None and current.content_hash == digest:
        return current, False
    definition = load_definition(pathway, files)
    _parsed[digest] = definition
    number = (current.number + 1) if current else 1
    version = ProcessVersion(pathway=pathway, number=number, process_id=definition.process_id,
                             content_hash=digest, deployed_at=now, deployed_by=deployed_by,
                             files={name: data.decode("utf-8") for name, data in files.items()})
    db.session.add(version)
    return version, True


def sync_shipped(now):
    """Deploy any shipped diagram whose content is in no version of its pathway yet.

    A diagram an administrator uploaded stays the newest: re-running the demo or a
    restart must never put the shipped file back over it.
    """
    created = []
    for pathway, files in shipped_pathways().items():
        known = set(db.session.scalars(db.select(ProcessVersion.content_hash)
                                       .where(ProcessVersion.pathway == pathway)))
        if content_hash(files) in known:
            continue
        version, is_new = add_version(pathway, files, now)
        if is_new:
            created.append(version)
    db.session.commit()
    return created
