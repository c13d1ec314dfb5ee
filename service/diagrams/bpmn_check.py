"""Validate diagrams before they are deployed: one list of plain-English problems.

Checks, in order, for each file: safe XML (no DOCTYPE or entities, bounded size), the OMG
BPMN 2.0 schema, the Stepwise rules (``bpmn_safety``: no element carries code and every
expression keeps to the safe language; ``bpmn_rules``: lanes are roles, tasks have
handlers, decisions cannot stall, timers evaluate, escalations climb the pack's ladder and
are e-mailed, everything is drawn), that the engine
can parse it, and — when Node and the npm packages are installed — that bpmn-moddle
imports it without warnings and bpmnlint passes with ``.bpmnlintrc``. Then, across the
pack: every handler has a user task in one of its diagrams.
"""
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from lxml import etree

from handlers import PACKS, validated_ladder
from handlers.forms import NOW_KEY

from service.diagrams import bpmn_lint, bpmn_rules, bpmn_safety, script_functions
from service.diagrams.catalog import BPMN_ROOT
from service.engine import EngineError, load_definition, read_xml, safety

REPO_ROOT = BPMN_ROOT.parent
RULES = bpmn_safety.RULES + bpmn_rules.RULES
XSD_PATH = REPO_ROOT.parent / "shared" / "schemas" / "bpmn20" / "BPMN20.xsd"
# Timers are evaluated as if the timer started on a plain working Monday morning.
FIXED_NOW = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)
SAMPLES = {"text": "sample", "textarea": "sample", "email": "someone@example.invalid",
           "boolean": False, "date": "2026-11-02", "datetime": FIXED_NOW.isoformat(), "integer": 0}
LINT_FIXES = {
    "bpmn-moddle": "Open the file in Camunda Modeler or bpmn.io, which show the same warning, and correct "
                   "or redraw the element",
    "superfluous-label": "Remove the label from the arrow, or move the words into its documentation",
    "label-required": "Give the element a name a practitioner would recognise",
    "no-disconnected": "Connect the element with arrows, or delete it",
    "no-implicit-split": "Add a gateway before the arrows that fork, or give each arrow a condition",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a diagram, where it is, and how to put it right."""

    file: str
    line: int | None
    element_id: str | None
    message: str
    fix: str

    def __str__(self):
        where = f"{self.file}:{self.line}" if self.line else self.file
        element = f" [{self.element_id}]" if self.element_id else ""
        return f"{where}{element}: {self.message}.\n    Fix: {self.fix}."

    def as_dict(self):
        return {"file": self.file, "line": self.line, "element_id": self.element_id,
                "message": self.message, "fix": self.fix}


class Problems(list):
    """A list of Problem, plus ``notes`` about checks that could not run."""

    def __init__(self, items=()):
        super().__init__(items)
        self.notes = []


@lru_cache(maxsize=1)
def _schema():
    # The schema imports its siblings by relative path; nothing is fetched from a network.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(XSD_PATH), parser))


def _sample(field):
    if field.type in ("choice", "multichoice"):
        first = field.choices[0] if field.choices else "sample"
        return [first] if field.type == "multichoice" else first
    if field.type == "integer" and field.minimum is not None:
        return field.minimum
    return SAMPLES.get(field.type, "sample")


def escalation_ladder(pack):
    """The pack's escalation tiers (tuples of role names, lowest first); () for none or an unknown pack."""
    found = PACKS.get(pack)
    return validated_ladder(pack, found.settings) if found is not None else ()


def pack_context(pack):
    """What diagrams of ``pack`` may refer to, or None for an unknown pack."""
    found = PACKS.get(pack)
    if found is None:
        return None
    sample = {}
    for handler in found.handlers.values():
        sample.update({f.name: _sample(f) for f in handler.fields})
    for handler in found.handlers.values():
        clean = {f.name: sample[f.name] for f in handler.fields}
        try:
            # What a task hands on (e.g. step_up_reason) is data the diagram may read too. The
            # service passes its clock to a hand-on (a deadline fixed at a step); so does the check.
            context = {**sample, NOW_KEY: FIXED_NOW.isoformat()}
            for key, value in handler.outcome(clean, context).data.items():
                sample.setdefault(key, value)
        except Exception:  # a hand-on that needs real context cannot be sampled; fields still count
            pass
    for name in found.settings.get("diagram_variables", []):
        sample.setdefault(name, "sample")
    return bpmn_rules.PackContext(pack, tuple(found.roles), dict(found.handlers), frozenset(sample),
                                  script_functions.build(lambda: FIXED_NOW), sample, escalation_ladder(pack),
                                  frozenset(found.settings.get("notify", {})))


def _xsd_problems(name, tree):
    if not XSD_PATH.exists():
        return []
    schema = _schema()
    if schema.validate(etree.ElementTree(tree)):
        return []
    by_line = {}
    for el in tree.iter():
        if isinstance(el.tag, str):
            by_line.setdefault(el.sourceline, el)
    return [Problem(name, err.line, _nearest_id(by_line.get(err.line)),
                    f"The file does not follow the BPMN 2.0 schema: {_short(err.message)}",
                    "Save the diagram from Camunda Modeler or bpmn.io, which write valid BPMN, or correct "
                    "the element named here") for err in schema.error_log]


def _nearest_id(el):
    while el is not None and not el.get("id"):
        el = el.getparent()
    return el.get("id") if el is not None else None


def _short(message):
    for prefix, uri in (("bpmn", bpmn_rules.MODEL), ("bpmndi", bpmn_rules.BPMNDI)):
        message = message.replace(f"{{{uri}}}", f"{prefix}:")
    return message.rstrip(". ")


def _engine_problems(name, data, tree, pathway):
    try:
        load_definition(pathway, {name: data})
    except EngineError as exc:
        message = str(exc).split("\n")[0].strip().rstrip(". ")
        element = bpmn_rules.ids_in(tree).get(exc.element_id) if exc.element_id else None
        line = exc.line or (element.sourceline if element is not None else None)
        return [Problem(name, line, exc.element_id, f"The workflow engine cannot load the diagram: {message}",
                        "Correct the element named here in the modeller; the engine's words say what it could "
                        "not read")]
    return []


def _lint_problems(trees, files, problems, lint):
    if not lint or not trees:
        return
    try:
        reports = bpmn_lint.lint({name: files[name] for name in trees})
    except bpmn_lint.LintUnavailable as exc:
        if lint is True:
            raise
        problems.notes.append(str(exc))
        return
    for report in reports:
        tree, element_id = trees.get(report["file"]), report.get("id")
        target = bpmn_rules.ids_in(tree).get(element_id) if tree is not None and element_id else None
        rule = report.get("rule") or "bpmnlint"
        source = "bpmn-moddle import" if rule == "bpmn-moddle" else f"bpmnlint rule {rule}"
        problems.append(Problem(report["file"], target.sourceline if target is not None else None, element_id,
                                f"{report['message']} ({source}, {report.get('category')})",
                                LINT_FIXES.get(rule, "Open the diagram in Camunda Modeler or bpmn.io, which "
                                               "show the same finding, and follow its advice")))


def user_task_ids(tree):
    """Ids of the user tasks in a parsed diagram."""
    return [el.get("id") for el in bpmn_rules.elements(tree, "userTask")]


def shipped_sibling_task_ids(pack, names):
    """User task ids in the pack's shipped diagrams other than those named (checked now)."""
    found = []
    for path in sorted((BPMN_ROOT / pack).glob("*.bpmn")):
        if path.name not in {Path(n).name for n in names}:
            try:
                found += user_task_ids(read_xml(path.read_bytes(), path.name))
            except EngineError:
                continue
    return found


def check_files(files, pack, sibling_task_ids=None, lint="auto"):
    """Problems with ``files`` (name → bytes) as diagrams of ``pack``.

    ``sibling_task_ids`` are user task ids of the pack's other diagrams (default: the
    shipped ones). ``lint``: "auto" runs bpmnlint when it is installed (else a note),
    True requires it, False skips it.
    """
    problems = Problems()
    ctx = pack_context(pack)
    if ctx is None:
        problems.append(Problem(sorted(files)[0] if files else "", None, None,
                                f"There is no pack called '{pack}'",
                                f"Put the diagram in bpmn/<pack>/ for one of: {', '.join(sorted(PACKS))}"))
    if not XSD_PATH.exists():
        problems.notes.append(f"the BPMN 2.0 schema was not found at {XSD_PATH.name} in shared/schemas/bpmn20, "
                              "so the schema check was skipped")
    trees = {}
    for name, data in sorted(files.items()):
        try:
            tree = read_xml(data, name)
        except EngineError as exc:
            problems.append(Problem(name, exc.line, None, f"The file cannot be read safely: {exc}",
                                    "Export the diagram again from the modeller; BPMN files need no DOCTYPE, "
                                    "entities or external references"))
            continue
        trees[name] = tree
        problems.extend(_xsd_problems(name, tree))
        if ctx is not None:
            for rule in RULES:
                problems.extend(Problem(name, *found) for found in rule(tree, ctx))
        if not safety.code_carrying(tree):  # else the engine refuses what no_code has reported
            problems.extend(_engine_problems(name, data, tree, f"{pack}/{Path(name).stem}"))
    if ctx is not None and trees:
        siblings = shipped_sibling_task_ids(pack, files) if sibling_task_ids is None else sibling_task_ids
        first = next(iter(trees))
        process = next(iter(bpmn_rules.elements(trees[first], "process")), None)
        all_tasks = [t for tree in trees.values() for t in user_task_ids(tree)] + list(siblings)
        problems.extend(Problem(first, *found) for found in bpmn_rules.handlers_have_tasks(
            all_tasks, ctx, process.sourceline if process is not None else None))
    _lint_problems(trees, files, problems, lint)
    problems.sort(key=lambda p: (p.file, p.line or 0))
    return problems


def display_name(path):
    """A path as the check reports it: relative to the repository where it can be."""
    path = Path(path).resolve()
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def check_paths(paths, pack=None, lint="auto"):
    """Check files on disk, grouped by pack (``pack`` or each file's folder name)."""
    groups = {}
    for path in paths:
        path = Path(path)
        groups.setdefault(pack or path.resolve().parent.name, {})[display_name(path)] = path.read_bytes()
    result = Problems()
    for group_pack, files in sorted(groups.items()):
        found = check_files(files, group_pack, lint=lint)
        result.extend(found)
        result.notes.extend(n for n in found.notes if n not in result.notes)
    return result
