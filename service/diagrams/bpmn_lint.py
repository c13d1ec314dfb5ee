"""Runs the modellers' own checkers (bpmn-moddle import, bpmnlint) through Node.

The JavaScript side is ``service/diagrams/bpmn_lint.mjs`` with the committed ``.bpmnlintrc``; the npm
packages are installed locally by ``make node-deps`` from ``package-lock.json``.
"""
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).resolve().parent / "bpmn_lint.mjs"  # shipped with the package, not a tool
CONFIG = REPO_ROOT / ".bpmnlintrc"
PACKAGES = ("bpmnlint", "bpmn-moddle")
TIMEOUT_SECONDS = 60


class LintUnavailable(Exception):
    """Node or the npm packages are missing, or the checker could not run."""


def unavailable_reason():
    """Why bpmnlint cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed, so the bpmn-moddle and bpmnlint checks were skipped"
    missing = [p for p in PACKAGES if not (REPO_ROOT / "node_modules" / p / "package.json").exists()]
    if missing:
        return (f"the npm packages {', '.join(missing)} are not installed (run `make node-deps`), "
                "so the bpmn-moddle and bpmnlint checks were skipped")
    return None


def lint(files):
    """Reports for ``files`` (name → bytes): dicts with file, id, message, rule, category."""
    reason = unavailable_reason()
    if reason:
        raise LintUnavailable(reason)
    with tempfile.TemporaryDirectory(prefix="bpmn-lint-") as folder:
        paths = {}
        for index, (name, data) in enumerate(sorted(files.items())):
            # Each file in its own folder keeps its own (sanitised) name for the report.
            target = Path(folder) / str(index) / (Path(name).name or "diagram.bpmn")
            target.parent.mkdir()
            target.write_bytes(data)
            paths[str(target)] = name
        try:
            done = subprocess.run(["node", str(SCRIPT), "--config", str(CONFIG), *paths],
                                  capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
                                  cwd=REPO_ROOT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise LintUnavailable(f"bpmnlint could not run: {exc}") from exc
    if done.returncode not in (0, 1):
        raise LintUnavailable(f"bpmnlint could not run: {done.stderr.strip()[:500]}")
    try:
        reports = json.loads(done.stdout)
    except ValueError as exc:
        raise LintUnavailable("bpmnlint printed something that is not JSON") from exc
    for report in reports:
        report["file"] = paths.get(report.get("file"), report.get("file"))
    return reports
