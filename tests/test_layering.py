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


# service/ is grouped into packages by concern. Imports run one way: a package may import the
# packages listed before it, never one after it, so each room can be read (and tested) without
# the ones above it. "kernel" is the handful of top-level modules everything shares (errors,
# the clock, the Flask extension objects); "app" is the wiring at the top (create_app, commands).
LAYERS = ("engine", "kernel", "store", "access", "diagrams", "mail", "work", "deadlines", "api", "web", "app")
APP_MODULES = ("service", "service.cli", "service.demo", "service.bpmn_cli", "service.security")


def layer_of(module):
    """The layer of a service module (dotted name), or None outside service/."""
    parts = module.split(".")
    if parts[0] != "service":
        return None
    if module in APP_MODULES:
        return "app"
    if len(parts) > 2 or (len(parts) == 2 and (ROOT / "service" / parts[1]).is_dir()):
        return parts[1] if parts[1] in LAYERS else None
    return "kernel"


def service_modules():
    for path in sorted((ROOT / "service").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield path, ".".join(parts)


def upward_imports():
    bad = []
    for path, module in service_modules():
        mine = layer_of(module)
        for name in imports_of(path):
            theirs = layer_of(name)
            if theirs and mine and LAYERS.index(theirs) > LAYERS.index(mine):
                bad.append(f"{module} ({mine}) imports {name} ({theirs})")
    return bad


def test_every_service_module_sits_in_a_known_room():
    strays = [module for _, module in service_modules() if layer_of(module) is None]
    assert strays == []


def test_imports_run_one_way_between_the_rooms():
    assert upward_imports() == []


def test_no_module_imports_a_module_that_imports_it():
    graph = {module: {name for name in imports_of(path) if name.startswith("service")}
             for path, module in service_modules()}
    circles = sorted(f"{a} <-> {b}" for a in graph for b in graph[a] if b in graph and a in graph[b] and a < b and not a.startswith(b + ".") and not b.startswith(a + "."))
    assert circles == []


def test_the_product_runs_nothing_from_tools():
    uses = []
    for folder in ("service", "handlers"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text()
            if '"tools"' in text or "tools/" in text or "import tools" in text:
                uses.append(str(path.relative_to(ROOT)))
    assert uses == []
