"""Task handlers, one registry per pack, keyed by BPMN task id.

Plain Python only: handlers import neither Flask nor SQLAlchemy (a test enforces it).
A pack's roles and settings live in ``handlers/<pack>/pack.toml``.
"""
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import blackburn, camden, knowsley, manchester, peterborough
from .level_of_need import ScaleError, scale_of

PACK_MODULES = {"camden": camden, "knowsley": knowsley, "blackburn": blackburn, "manchester": manchester,
                "peterborough": peterborough}


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    roles: tuple
    handlers: dict
    settings: dict
    levels: tuple = ()  # the pack's Level of Need scale (handlers/level_of_need.py), lowest first


class PackConfigError(ValueError):
    """A pack.toml that cannot work: refused when the packs load, not when a deadline passes."""


LADDER_EXAMPLE = 'ladder = [["Lead Practitioner"], ["Family First Team Manager"], ["MASH Team Manager"]]'


def validated_ladder(name, settings):
    """The ``[escalation] ladder`` of a pack's settings as tiers of roles, lowest first (() if none)."""
    table = settings.get("escalation")
    if table is None:
        return ()
    ladder = table.get("ladder") if isinstance(table, dict) else None
    well_formed = isinstance(ladder, list) and len(ladder) >= 2 and all(
        isinstance(tier, list) and tier and all(isinstance(role, str) for role in tier) for tier in ladder)
    if not well_formed:
        raise PackConfigError(f"{name}: [escalation] ladder must list at least two tiers, lowest first, each a "
                              f"non-empty list of role names, e.g. {LADDER_EXAMPLE}")
    roles, tier_of = settings.get("roles", []), {}
    for number, tier in enumerate(ladder, 1):
        for role in tier:
            if role not in roles:
                raise PackConfigError(f"{name}: [escalation] ladder tier {number} names '{role}', which is not "
                                      f"a role of the pack (roles: {', '.join(roles)})")
            if role in tier_of:
                raise PackConfigError(f"{name}: [escalation] ladder names '{role}' in tiers {tier_of[role]} and "
                                      f"{number}; a role belongs to one tier")
            tier_of[role] = number
    return tuple(tuple(tier) for tier in ladder)


def validated_evidence(name, settings, handlers):
    """``[evidence]``: task id -> the earlier steps whose answers its page shows; every id a task of the pack."""
    table = settings.get("evidence", {})
    for task_id, shows in table.items():
        if not isinstance(shows, list) or not all(isinstance(s, str) for s in shows):
            raise PackConfigError(f"{name}: [evidence] {task_id} must list earlier task ids, e.g. "
                                  f'{task_id} = ["send_step_up_to_mash"]')
        unknown = [t for t in [task_id, *shows] if t not in handlers]
        if unknown:
            raise PackConfigError(f"{name}: [evidence] {task_id} names {', '.join(unknown)}, which is not a task of "
                                  f"the pack")
    return {task_id: tuple(shows) for task_id, shows in table.items()}


def _load(name, module):
    settings = tomllib.loads((Path(module.__file__).parent / "pack.toml").read_text())
    validated_ladder(name, settings)
    validated_evidence(name, settings, module.HANDLERS)
    try:
        levels = scale_of(name, settings)
    except ScaleError as exc:
        raise PackConfigError(str(exc)) from None
    return Pack(name, settings["title"], tuple(settings["roles"]), dict(module.HANDLERS), settings, levels)


PACKS = {name: _load(name, module) for name, module in PACK_MODULES.items()}


def handler_for(pack, task_id):
    """The handler of a BPMN user task in a pack, or None."""
    pack_obj = PACKS.get(pack)
    return pack_obj.handlers.get(task_id) if pack_obj else None
