"""A pack's Level of Need scale, read from its pack.toml (plain Python, no storage).

Each council grades a child's needs on its own scale (Manchester's Appendix 1 runs 1-5;
Knowsley's protocol speaks of Levels 2 and 3). The scale is data: the levels, what each
means in the council's words, and the service it points to. A case records where on the
scale the child is (service/work/level_of_need.py); a level not on the pack's scale is refused.
"""
from dataclasses import dataclass

EXAMPLE = ('[[level_of_need.levels]]\nlevel = 1\nname = "Universal"\n'
           'description = "Needs met by universal services"\nroute = "Universal Services"')


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    description: str
    route: str

    def as_dict(self):
        return {"level": self.level, "name": self.name, "description": self.description, "route": self.route}


class ScaleError(ValueError):
    """A [level_of_need] table that cannot work: refused when the packs load."""


def scale_of(pack_name, settings):
    """The pack's levels, lowest first, as Level objects (() when the pack declares none)."""
    table = settings.get("level_of_need")
    if table is None:
        return ()
    rows = table.get("levels") if isinstance(table, dict) else None
    if not isinstance(rows, list) or not rows:
        raise ScaleError(f"{pack_name}: [level_of_need] must list its levels, e.g.\n{EXAMPLE}")
    levels = []
    for row in rows:
        if not (isinstance(row, dict) and isinstance(row.get("level"), int) and not isinstance(row["level"], bool)
                and all(isinstance(row.get(key), str) and row[key] for key in ("name", "description", "route"))):
            raise ScaleError(f"{pack_name}: each level needs a whole-number level and a name, description and "
                             f"route, e.g.\n{EXAMPLE}")
        levels.append(Level(row["level"], row["name"], row["description"], row["route"]))
    numbers = [lv.level for lv in levels]
    if numbers != sorted(set(numbers)):
        raise ScaleError(f"{pack_name}: [level_of_need] levels must be listed lowest first, each once")
    return tuple(levels)


def level_in(scale, number):
    """The Level numbered ``number`` on ``scale``, or None."""
    return next((lv for lv in scale if lv.level == number), None)
