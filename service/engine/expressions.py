"""The expression language of diagrams: a small, safe part of Python, read and never run as code.

Gateway conditions, timer expressions and every other expression a diagram carries are
parsed here and refused unless they keep to the language below; what passes is worked out
by simpleeval, which walks the syntax tree itself (no compile, eval or exec). Allowed:

- text, numbers, True/False/None, and lists, tuples, sets and dicts of them;
- names of task data (``next_actions``), and ``d["key"]`` / ``xs[0]`` / ``xs[1:3]`` on them;
- ``== != < <= > >= in not in is is not``, ``and or not``, ``a if test else b``;
- ``+ - * / // %`` (sizes bounded; ``%`` on numbers only);
- calls of the pack's domain functions (``working_days(5)``) and of ``BUILTINS``.

Refused before anything is worked out: attribute access (any ``x.y``), names that start
with ``_``, calls of anything else, lambda, comprehensions, f-strings, ``**``, starred
arguments, assignment, statements and imports. Plain functions, no Flask, no SQL: the
checker uses the same module, so what passes the check is what runs.
"""
import ast
import operator
from functools import lru_cache

from simpleeval import MAX_STRING_LENGTH, EvalWithCompoundTypes, IterableTooLong, safe_add, safe_mult

BUILTINS = {"len": len, "min": min, "max": max, "abs": abs, "round": round, "int": int, "str": str,
            "bool": bool, "any": any, "all": all, "sorted": sorted}
CONSTANT_NAMES = frozenset({"True", "False", "None"})
MAX_CHARACTERS = 1_000   # a condition is a line, not a program
MAX_DEPTH = 40           # nesting; keeps the tree walk far from Python's recursion limit
MAX_INT_BITS = 4_096     # about 1,200 digits: far beyond any count of days or hours
LANGUAGE_HELP = ('e.g. next_actions == "CP", "neglect" in step_up_reasons, working_days(5); '
                 "see the README's Expressions section")

_COMPARISONS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Is, ast.IsNot)
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod)
_ALLOWED = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.List, ast.Tuple, ast.Set, ast.Dict,
            ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.UAdd, ast.BinOp, ast.Compare,
            ast.IfExp, ast.Call, ast.keyword, ast.Subscript, ast.Slice, *_COMPARISONS, *_ARITHMETIC)
# What a process owner would call each refused construct, for the check's message.
_REFUSED = {
    ast.Attribute: "attribute access (a dot after a value, as in x.y)",
    ast.Lambda: "lambda (defining a function)",
    ast.ListComp: "a comprehension (for … in …)", ast.SetComp: "a comprehension (for … in …)",
    ast.DictComp: "a comprehension (for … in …)", ast.GeneratorExp: "a comprehension (for … in …)",
    ast.JoinedStr: "an f-string", ast.FormattedValue: "an f-string",
    ast.Pow: "the power operator **", ast.Starred: "a starred argument (*x)",
    ast.NamedExpr: "assignment (:=)",
}


class ExpressionError(ValueError):
    """An expression could not be worked out (a misspelt name, a wrong type, a value too large)."""


class ExpressionRefused(ExpressionError):
    """An expression uses something outside the diagram expression language."""


class UnknownFunction(ExpressionRefused):
    """An expression calls something that is neither a domain function nor an allowed builtin."""

    def __init__(self, name, allowed):
        super().__init__(f"calls '{name}', which is not a function diagrams may use")
        self.name, self.allowed = name, sorted(allowed)


def _refuse(what):
    raise ExpressionRefused(f"uses {what}, which diagram expressions may not")


def _check_node(node, functions, depth):
    if depth > MAX_DEPTH:
        raise ExpressionRefused(f"is nested more than {MAX_DEPTH} levels deep")
    if not isinstance(node, _ALLOWED):
        _refuse(_REFUSED.get(type(node)) or f"Python's {type(node).__name__}")
    if isinstance(node, ast.Name):
        if node.id.startswith("_"):
            raise ExpressionRefused(f"uses the name '{node.id}'; names starting with _ are not allowed")
        if node.id in functions:
            raise ExpressionRefused(f"uses the function '{node.id}' as a value; call it, e.g. {node.id}(…)")
    elif isinstance(node, ast.Constant) and not isinstance(node.value, (str, int, float, bool, type(None))):
        _refuse(f"the literal {node.value!r}")
    elif isinstance(node, ast.Dict) and None in node.keys:
        _refuse("unpacking (**x)")
    elif isinstance(node, ast.keyword) and node.arg is None:
        _refuse("unpacking (**x)")
    elif isinstance(node, ast.Call):
        _check_call(node, functions, depth)
    for child in ast.iter_child_nodes(node):
        if not (isinstance(node, ast.Call) and child is node.func):
            _check_node(child, functions, depth + 1)


def _check_call(node, functions, depth):
    if isinstance(node.func, ast.Attribute):
        _refuse(f"attribute access ('.{node.func.attr}(…)')")
    if not isinstance(node.func, ast.Name):
        _check_node(node.func, functions, depth + 1)  # name what is refused inside, when something is
        _refuse("a call of something that is not a named function")
    if node.func.id.startswith("_"):
        raise ExpressionRefused(f"calls '{node.func.id}'; names starting with _ are not allowed")
    if node.func.id not in functions:
        raise UnknownFunction(node.func.id, functions)


@lru_cache(maxsize=2048)
def parse(text, function_names=frozenset()):
    """The checked syntax tree of ``text``; raises ExpressionRefused for anything outside the language.

    ``function_names`` are the domain functions besides BUILTINS that may be called.
    """
    if not isinstance(text, str) or not text.strip():
        raise ExpressionRefused("is empty")
    if len(text) > MAX_CHARACTERS:
        raise ExpressionRefused(f"is longer than {MAX_CHARACTERS} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionRefused(f"is not a valid expression ({exc.msg})") from None
    except (ValueError, MemoryError, RecursionError) as exc:  # NUL bytes, absurd nesting
        raise ExpressionRefused(f"is not a valid expression ({type(exc).__name__})") from None
    _check_node(tree, frozenset(BUILTINS) | function_names, 0)
    _work_out_constant_parts(tree)
    return tree


def free_names(tree):
    """Data names an expression reads (it can bind none of its own)."""
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called} - CONSTANT_NAMES


def _work_out_constant_parts(tree):
    # Arithmetic on literals alone ("a" * 100000000, 10 // 0) is worked out now, so it is
    # refused when the diagram is checked rather than when a case reaches it.
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and not any(isinstance(n, (ast.Name, ast.Call)) for n in ast.walk(node)):
            try:
                _Evaluator({}, {}).eval("", previously_parsed=node)
            except ExpressionRefused:
                raise
            except Exception as exc:  # noqa: BLE001 -- any failure of a constant is the author's to fix
                raise ExpressionRefused(f"works out a constant that fails ({_plain(exc)})") from None


def _bounded_int(value):
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise ExpressionError("works out a number too large to be a deadline or a count")
    return value


def _times(a, b):
    if isinstance(a, int) and isinstance(b, int) and a.bit_length() + b.bit_length() > MAX_INT_BITS:
        raise ExpressionError("works out a number too large to be a deadline or a count")
    return safe_mult(a, b)  # simpleeval bounds repeated text and lists


def _remainder(a, b):
    if isinstance(a, (str, bytes)):  # "%0999999999d" % 1 would build a gigabyte of text
        raise ExpressionRefused("uses % on text (formatting), which diagram expressions may not")
    return operator.mod(a, b)


_OPERATORS = {
    ast.Add: lambda a, b: _bounded_int(safe_add(a, b)), ast.Sub: lambda a, b: _bounded_int(a - b),
    ast.Mult: _times, ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: _remainder,
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Not: operator.not_, ast.USub: operator.neg,
    ast.UAdd: operator.pos, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}


class _Evaluator(EvalWithCompoundTypes):
    """simpleeval with our operators and functions only, and the refused nodes taken out again."""

    def __init__(self, names, functions):
        super().__init__(operators=dict(_OPERATORS), names=names)
        self.functions = dict(functions)  # drop simpleeval's own list/tuple/dict/set and rand
        for refused in (ast.Attribute, ast.JoinedStr, ast.FormattedValue, ast.ListComp, ast.GeneratorExp,
                        ast.DictComp, ast.Assign, ast.AugAssign, ast.Import, ast.Expr):
            self.nodes.pop(refused, None)


def evaluate(text, data, functions):
    """The value of ``text`` over ``data`` (task data) and ``functions`` (the domain functions)."""
    tree = parse(text, frozenset(functions))
    evaluator = _Evaluator(dict(data), {**BUILTINS, **functions})
    try:
        return evaluator.eval(text, previously_parsed=tree.body)
    except ExpressionError:
        raise
    except Exception as exc:  # noqa: BLE001 -- a wrong name or type is a diagram problem, in plain words
        raise ExpressionError(f"fails when evaluated ({_plain(exc)})") from None


def _plain(exc):
    if isinstance(exc, IterableTooLong):
        return f"it would make text or a list longer than {MAX_STRING_LENGTH:,}"
    message = str(exc).split("\n")[0].strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
