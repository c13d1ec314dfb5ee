"""Static checks of diagram expressions: the language they may use, the names they read, what timers return.

Expressions are read by the same safe evaluator the engine uses (``engine.expressions``),
so what passes the check is what runs, and checking a draft never runs its text as code:
timer expressions are worked out once, through that evaluator, against a fixed clock and
sample data, the way the engine will when the timer starts waiting.
"""
import difflib
import re
from datetime import datetime

from service.engine import expressions

_NUM = r"\d+"
_DURATION = re.compile(
    rf"^P(?!$)(?:{_NUM}Y)?(?:{_NUM}M)?(?:{_NUM}W)?(?:{_NUM}D)?(?:T(?=\d)(?:{_NUM}H)?(?:{_NUM}M)?(?:{_NUM}(?:[.,]\d+)?S)?)?$")
TIMER_HELP = 'e.g. working_days(5), end_of_day(), or a quoted ISO-8601 value such as "P3D"'
LANGUAGE_FIX = ("Write a plain expression over form fields and diagram functions, "
                f"{expressions.LANGUAGE_HELP}; diagrams never run code")


def language_problem(text, functions):
    """(message, fix) when ``text`` is outside the diagram expression language; else None."""
    try:
        expressions.parse(text, frozenset(functions))
    except expressions.UnknownFunction as exc:
        close = difflib.get_close_matches(exc.name, exc.allowed, n=3)
        hint = f"Close matches: {', '.join(close)}. " if close else ""
        return str(exc), f"{hint}Diagrams may call: {', '.join(exc.allowed)}"
    except expressions.ExpressionRefused as exc:
        if "not a valid expression" in str(exc):
            return str(exc), 'Write an expression such as next_actions == "CP"; put text values in quotes'
        return str(exc), LANGUAGE_FIX
    return None


def name_problems(text, ctx):
    """(message, fix) for an expression outside the language, or for names it reads that nothing provides."""
    refused = language_problem(text, ctx.functions)
    if refused:
        return [refused]
    unknown = expressions.free_names(expressions.parse(text, frozenset(ctx.functions))) - ctx.names
    out = []
    for name in sorted(unknown):
        if is_duration(name) or is_cycle(name):
            out.append((f"has the bare value {name}, which is read as a name",
                        f'Put it in quotes: "{name}" (text values are always quoted)'))
            continue
        close = difflib.get_close_matches(name, sorted(ctx.names | set(ctx.functions)), n=3)
        hint = f" Close matches: {', '.join(close)}." if close else ""
        out.append((f"uses '{name}', which no form field or diagram function of the {ctx.pack} pack provides",
                    f"Use a field recorded by an earlier task or a diagram function.{hint}"))
    return out


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
    try:
        value = expressions.evaluate(text, sample_data, functions)
    except expressions.ExpressionRefused as exc:
        return str(exc), LANGUAGE_FIX
    except expressions.ExpressionError as exc:  # any failure is the process owner's to fix, in plain words
        return str(exc), f"Check the spelling and the brackets; {TIMER_HELP}"
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
