"""Static checks of diagram expressions: which names they read, and what timers return.

Diagram expressions are trusted Python (deploying is an administrator's act); the check
evaluates timer expressions once, against a fixed clock and sample data, the way the
engine will when the timer starts waiting.
"""
import ast
import re
from datetime import datetime

_NUM = r"\d+"
_DURATION = re.compile(
    rf"^P(?!$)(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}W)?(?:{_NUM}D)?(?:T(?=\d)(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}(?:[.,]\d+)?S)?)?$")
TIMER_HELP = 'e.g. working_days(5), end_of_day(), or a quoted ISO-8601 value such as "P3D"'


def free_names(expression_tree):
    """Names an expression reads that it does not bind itself (comprehensions, lambdas)."""
    loaded, bound = set(), set()
    for node in ast.walk(expression_tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return loaded - bound


def is_duration(text):
    """True for an ISO-8601 duration the engine accepts ("P3D", "PT4H", "P1W")."""
    if not isinstance(text, str) or not _DURATION.match(text.strip().upper()):
        return False
    # Weeks may not be mixed with years, months or days.
    date_part = text.strip().upper().split("T")[0]
    return not ("W" in date_part and any(d in date_part for d in "YMD"))


def aware_instant(text):
    """The aware datetime an ISO-8601 date-time string names, or None."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def is_cycle(text):
    """True for a repeating interval "R<n>/<duration>" or "R<n>/<start>/<duration>"."""
    if not isinstance(text, str) or not re.match(r"^R\d*/", text.strip().upper()):
        return False
    parts = text.strip().split("/")[1:]
    if len(parts) == 1:
        return is_duration(parts[0])
    # Two parts: a start and a duration, or a duration and an end — one of each.
    return len(parts) == 2 and sorted(is_duration(p) for p in parts) == [False, True] and all(
        is_duration(p) or aware_instant(p) is not None for p in parts)


EXPECTED = {
    "timeDate": (lambda v: aware_instant(v) is not None,
                 "a date-time with a time zone, such as \"2026-11-09T17:00:00+00:00\""),
    "timeDuration": (is_duration, "an ISO-8601 duration, such as \"P3D\" or \"PT4H\""),
    "timeCycle": (is_cycle, "a repeating interval, such as \"R3/P1D\""),
}


def timer_problem(kind, text, functions, sample_data):
    """(message, fix) when the timer expression fails or returns the wrong thing; else None."""
    namespace = dict(functions)
    namespace.update(sample_data)
    try:
        value = eval(compile(text, "<timer>", "eval"), namespace)  # trusted: see module docstring
    except Exception as exc:  # any failure is the process owner's to fix, in plain words
        return (f"fails when evaluated ({type(exc).__name__}: {exc})",
                f"Check the spelling and the brackets; {TIMER_HELP}")
    accepts, wanted = EXPECTED[kind]
    if accepts(value):
        return None
    if kind == "timeDate" and isinstance(value, str) and aware_instant(value) is None:
        try:
            datetime.fromisoformat(value)
            return (f"returns {value!r}, a date-time without a time zone",
                    "Use working_days(...) or end_of_day(), which return aware instants, or add +00:00")
        except ValueError:
            pass
    return (f"returns {value!r}, not {wanted}", f"Return {wanted}; {TIMER_HELP}")
