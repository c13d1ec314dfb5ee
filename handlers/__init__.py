"""Task handlers, one registry per pack, keyed by BPMN task id.

Plain Python only: handlers import neither Flask nor SQLAlchemy (a test enforces it).
A pack's roles and settings live in ``handlers/<pack>/pack.toml``.
"""
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import camden, knowsley

PACK_MODULES = {"camden": camden, "knowsley": knowsley}


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    roles: tuple
    handlers: dict
    settings: dict


def _load(name, module):
    settings = tomllib.loads((Path(module.__file__).parent / "pack.toml").read_text())
    return Pack(name, settings["title"], tuple(settings["roles"]), dict(module.HANDLERS), settings)


PACKS = {name: _load(name, module) for name, module in PACK_MODULES.items()}


def handler_for(pack, task_id):
    """The handler of a BPMN user task in a pack, or None."""
    pack_obj = PACKS.get(pack)
    return pack_obj.handlers.get(task_id) if pack_obj else None
