"""Dependencies point one way: the engine and the handlers know nothing of Flask or SQL."""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Plain-Python service modules a handler may use (working days, the clock's types).
HANDLERS_MAY_IMPORT = ("handlers", "service.calendar", "service.clock")
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_wtf", "flask_migrate", "sqlalchemy", "werkzeug")


def imports_of(path):
    """Every module a file imports (absolute names; relative ones resolved against the file)."""
    tree = ast.parse(path.read_text(), str(path))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.append(".".join(base + ([node.module] if node.module else [])))
            else:
                found.append(node.module)
    return found


def offending(folder, allowed_local):
    bad = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for name in imports_of(path):
            top = name.split(".")[0]
            if top in FORBIDDEN:
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
            if top in ("service", "handlers") and not name.startswith(allowed_local):
                bad.append(f"{path.relative_to(ROOT)} reaches into {name}")
    return bad


def test_engine_imports_neither_flask_nor_sqlalchemy():
    assert offending("service/engine", ("service.engine",)) == []


def test_handlers_import_neither_flask_nor_sqlalchemy():
    assert offending("handlers", HANDLERS_MAY_IMPORT) == []


def test_the_check_itself_catches_a_flask_import(tmp_path, monkeypatch):
    sneaky = ROOT / "handlers" / "_layering_probe.py"
    sneaky.write_text("from flask import current_app\n")
    try:
        assert offending("handlers", HANDLERS_MAY_IMPORT) == ["handlers/_layering_probe.py imports flask"]
    finally:
        sneaky.unlink()


def test_nothing_reads_the_wall_clock_but_the_clock_module():
    culprits = []
    for folder in ("service", "handlers"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "clock.py":
                continue
            text = path.read_text()
            for needle in ("datetime.now(", "datetime.utcnow(", "time.time(", "date.today("):
                if needle in text:
                    culprits.append(f"{path.relative_to(ROOT)}: {needle}")
    assert culprits == []
