"""§4.4: a case stepped back up to Social Work goes to the team that stepped it down, within 3 months."""
import tomllib
from datetime import date
from pathlib import Path

from ..forms import STEP_DOWN_KEY, Field
from .clocks import RETURN_MONTHS, months_after, today

# The area social work teams, as the council lists them in pack.toml ([teams]).
AREA_TEAMS = tuple(tomllib.loads((Path(__file__).parent / "pack.toml").read_text())["teams"]["area_social_work"])

ALLOCATION_SECTION = "Which area team (§4.4)"


def allocation_fields():
    """The fields that say which area team the case goes to, and who stepped it down and when."""
    return (
        Field("stepped_down_by_team", "Area team that stepped the case down to Early Help (if any)", "choice",
              choices=AREA_TEAMS, section=ALLOCATION_SECTION,
              help="Leave blank if no social work team stepped this case down"),
        Field("stepped_down_on", "Date it was stepped down", "date", happened=True, section=ALLOCATION_SECTION),
        Field("area_team", "Area social work team the case goes to", "choice", required=True,
              choices=AREA_TEAMS, section=ALLOCATION_SECTION),
    )


def returns_to_team(stepped_down_on, on_day):
    """True while a step-up on ``on_day`` is within 3 months of the step-down (the boundary day included)."""
    return stepped_down_on <= on_day <= months_after(stepped_down_on, RETURN_MONTHS)


def allocation_rule(clean, context):
    """A step-down needs its date; within 3 months the case goes back to the team that stepped it down."""
    team, when = clean["stepped_down_by_team"], clean["stepped_down_on"]
    if team and not when:
        return {"stepped_down_on": "Give the date the team stepped the case down"}
    if when and not team:
        return {"stepped_down_by_team": "Name the team that stepped the case down"}
    if not team:
        return {}
    on_day, stepped_down_on = today(context), date.fromisoformat(when)
    if on_day is not None and stepped_down_on > on_day:
        return {"stepped_down_on": "The date of the step-down must be today or in the past"}
    if on_day is not None and returns_to_team(stepped_down_on, on_day) and clean["area_team"] != team:
        return {"area_team": (f"{team} stepped this case down on {stepped_down_on:%d %B %Y}, within the last "
                              f"{RETURN_MONTHS} months: it steps back up to {team} (§4.4)")}
    return {}


def allocation_outcome(clean, context):
    """What the allocation hands on: whether the 3-month return rule applied."""
    team, when, on_day = clean["stepped_down_by_team"], clean["stepped_down_on"], today(context)
    returned = bool(team and when and on_day and returns_to_team(date.fromisoformat(when), on_day))
    return {"returned_to_stepping_down_team": returned}


def allocation_prefill(context):
    """The team and date of the step-down: handed on by an earlier step, or else the case's latest step-down
    on its chronology (STEP_DOWN_KEY), so nobody retypes it."""
    team, when = context.get("stepped_down_by_team"), context.get("stepped_down_on")
    latest = context.get(STEP_DOWN_KEY)
    if not team and latest:
        team, when = latest["stepped_down_by_team"], latest["stepped_down_on"]
    return {"stepped_down_by_team": team, "stepped_down_on": when, "area_team": context.get("area_team") or team}
