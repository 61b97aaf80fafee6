"""AST -> a Python closure. Compiling once per form keeps validation fast (bench/forms.py).

`Env` is what an expression sees while it runs: how to read a field (`lookup`), the current answer
(`.`) and today's date. The closures never raise for any input: arithmetic and coercion problems
produce NaN or false, as in XPath.
"""

from __future__ import annotations

import math
import operator
import random as _random
import re
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from forms.expr import odk
from forms.expr.ast import Binary, Call, Column, Current, Literal, Lookup, Node, Parent, Ref, Unary
from forms.expr.functions import FUNCTIONS, equals, is_selected, to_bool, to_number, to_str
from forms.expr.lookups import Lookups, build_choice_name, build_lookup, build_pulldata
from forms.expr.parser import ExpressionError, parse


@dataclass
class Env:
    lookup: Callable[[str], object] = field(default=lambda name: None)
    current: object = None
    today: date = field(default_factory=date.today)
    position: float = math.nan  # position(..): the 1-based place of the repeat item being evaluated


Compiled = Callable[[Env], object]

_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _divide(a: float, b: float) -> float:
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * (math.copysign(1, b))
    return a / b


def _modulo(a: float, b: float) -> float:
    if b == 0 or math.isinf(a):
        return math.nan
    return math.fmod(a, b)


def _arith(op: str):
    def safe(fn):
        def run(a: float, b: float) -> float:
            try:
                return fn(a, b)
            except (OverflowError, ValueError):
                return math.nan

        return run

    return {
        "+": safe(operator.add),
        "-": safe(operator.sub),
        "*": safe(operator.mul),
        "div": safe(_divide),
        "mod": safe(_modulo),
    }[op]


_BOOL_CALLS = {"not", "true", "false", "boolean", "selected", "regex", "contains", "starts-with", "ends-with"}
_BOOL_OPS = {"and", "or", "=", "!=", "<", "<=", ">", ">="}


def _is_bool(node: Node) -> bool:
    """Whether a node always yields a Python bool (so `and`/`or` and relevance need no coercion)."""
    if isinstance(node, Binary):
        return node.op in _BOOL_OPS
    return isinstance(node, Call) and node.name in _BOOL_CALLS


def _number(run: Compiled) -> Compiled:
    """`to_number(run(env))` with the common float/int case inline."""

    def number(env):
        v = run(env)
        t = type(v)
        if t is float:
            return v
        if t is int:
            return float(v)
        return to_number(v)

    return number


def _truth(node: Node, run: Compiled) -> Compiled:
    return run if _is_bool(node) else (lambda env: to_bool(run(env)))


def _equals_literal(run: Compiled, literal: object) -> Compiled:
    """`run(env) = literal` for a text or number literal, the common `${x} = 'ya'`, without the general walk."""
    if isinstance(literal, str):
        if_none = literal == ""

        def equals_text(env):
            v = run(env)
            if type(v) is str:
                return v == literal
            if v is None:
                return if_none
            return equals(v, literal)

        return equals_text
    if isinstance(literal, float):

        def equals_number(env):
            v = run(env)
            t = type(v)
            if t is float or t is int:
                return float(v) == literal
            return equals(v, literal)

        return equals_number
    return lambda env: equals(run(env), literal)


def _selected_literal(run: Compiled, wanted: str) -> Compiled:
    """`selected(${x}, 'code')`: a membership test when the answer is a list of codes (it nearly always is)."""
    wanted = wanted.strip()
    if (
        not wanted
    ):  # ODK: an empty code is "selected" in an empty answer; leave the rare case to the general rule
        return lambda env: is_selected(run(env), wanted)

    def selected(env):
        v = run(env)
        if v is None:
            return False
        if type(v) is list:
            if wanted in v:
                return True
            if all(type(x) is str for x in v):
                return False
        return is_selected(v, wanted)

    return selected


# today(), now(), random() and uuid() change; if() is compiled lazily; the rest read the evaluation context
_IMPURE = {"today", "if", "now", "random", "uuid", "once", "position", "last", "current"}
_CONTEXT_DEFAULT = {"string", "number", "string-length", "normalize-space"}  # f() means f(.)


def _fold(node: Node) -> Node:
    """A call of a pure function on literals, `date('1900-01-01')`, computed once into a literal."""
    if not isinstance(node, Call) or node.name in _IMPURE or node.name not in FUNCTIONS:
        return node
    args = [_fold(a) for a in node.args]
    fn, low, high = FUNCTIONS[node.name]
    if (
        not all(isinstance(a, Literal) for a in args)
        or len(args) < low
        or (high is not None and len(args) > high)
    ):
        return node
    try:
        return Literal(node.pos, fn(*(a.value for a in args)))
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return node  # left to fail (as NaN) when it runs, as it always did


def _build(node: Node, ref: Callable[[Ref], Compiled], lookups: Lookups | None = None) -> Compiled:
    if lookups is None:
        lookups = _lookups()
    if isinstance(node, Lookup):
        return build_lookup(node, lambda n, r=ref: _build(n, r), lookups)
    if isinstance(node, Column):  # only inside a lookup's predicate (compile_expr checks)
        column = node.name
        return lambda env: env.lookup_item.get(column)
    if isinstance(node, Parent):
        raise ExpressionError("'..' is only understood in position(..)", node.pos)
    if isinstance(node, Call):
        node = _fold(node)
    if isinstance(node, Literal):
        value = node.value
        return lambda env: value
    if isinstance(node, Ref):
        return ref(node)
    if isinstance(node, Current):
        return lambda env: env.current
    if isinstance(node, Unary):
        operand = _number(_build(node.operand, ref))
        return lambda env: -operand(env)
    if isinstance(node, Binary):
        return _build_binary(node, ref)
    if isinstance(node, Call):
        return _build_call(node, ref)
    raise ExpressionError(f"unknown node {type(node).__name__}", node.pos)


def _build_binary(node: Binary, ref: Callable[[Ref], Compiled]) -> Compiled:
    op = node.op
    if op == "or" and (codes := _selected_codes(node)) is not None:
        return _any_selected(ref(codes[0]), codes[1])
    if op in ("and", "or"):
        left, right = _truth(node.left, _build(node.left, ref)), _truth(node.right, _build(node.right, ref))
        if op == "and":
            return lambda env: left(env) and right(env)
        return lambda env: left(env) or right(env)
    if op in ("=", "!="):
        if isinstance(node.right, Literal) and not isinstance(node.left, Literal):
            test = _equals_literal(_build(node.left, ref), node.right.value)
        elif isinstance(node.left, Literal) and not isinstance(node.right, Literal):
            test = _equals_literal(_build(node.right, ref), node.left.value)  # equals() is symmetric
        else:
            left, right = _build(node.left, ref), _build(node.right, ref)

            def test(env):
                return equals(left(env), right(env))

        if op == "=":
            return test
        return lambda env: not test(env)
    constant = _fold(node.right)
    if op in _COMPARE and isinstance(constant, Literal):  # `${age} >= 60`, `. > date('1900-01-01')`
        return _compare_constant(_build(node.left, ref), _COMPARE[op], to_number(constant.value))
    left, right = _number(_build(node.left, ref)), _number(_build(node.right, ref))
    fn = _COMPARE[op] if op in _COMPARE else _arith(op)
    return lambda env: fn(left(env), right(env))


def _compare_constant(run: Compiled, cmp, constant: float) -> Compiled:
    def compare(env):
        v = run(env)
        t = type(v)
        if t is float:
            return cmp(v, constant)
        if t is int:
            return cmp(float(v), constant)
        return cmp(to_number(v), constant)

    return compare


def _selected_codes(node: Binary) -> tuple[Ref, tuple[str, ...]] | None:
    """(ref, codes) when `node` is `selected(${x}, 'a') or selected(${x}, 'b') or …` on one field."""
    operands, stack = [], [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Binary) and n.op == "or":
            stack += [n.right, n.left]
        else:
            operands.append(n)
    refs, codes = set(), []
    for n in operands:
        if not (
            isinstance(n, Call)
            and n.name == "selected"
            and len(n.args) == 2
            and isinstance(n.args[0], Ref)
            and isinstance(n.args[1], Literal)
            and isinstance(n.args[1].value, str)
        ):
            return None
        refs.add(n.args[0].name)
        codes.append(n.args[1].value)
    if len(refs) != 1:
        return None
    first = operands[0].args[0]
    return first, tuple(codes)


def _any_selected(run: Compiled, codes: tuple[str, ...]) -> Compiled:
    """Whether any of `codes` is selected: the answer is read once (reading has no side effects)."""
    wanted = frozenset(c.strip() for c in codes)
    if "" in wanted:
        return lambda env: any(is_selected(run(env), code) for code in codes)

    def any_selected(env):
        v = run(env)
        if v is None:
            return False
        if type(v) is list and all(type(x) is str for x in v):
            return not wanted.isdisjoint(v)
        return any(is_selected(v, code) for code in codes)

    return any_selected


def _regex_literal(run: Compiled, pattern: re.Pattern) -> Compiled:
    """`regex(., '^[0-9]{1,3}$')`: the pattern compiled once, with the text."""
    search = pattern.search

    def regex(env):
        v = run(env)
        try:
            return search(v if type(v) is str else to_str(v)) is not None
        except RecursionError:
            return False

    return regex


def _dynamic_ref(node: Ref) -> Compiled:
    name = node.name
    return lambda env: env.lookup(name)


def _build_call(node: Call, ref: Callable[[Ref], Compiled]) -> Compiled:
    spec = FUNCTIONS.get(node.name)
    if spec is None:
        raise ExpressionError(f"unknown function {node.name}()", node.pos)
    fn, low, high = spec
    n = len(node.args)
    if n < low or (high is not None and n > high):
        wanted = str(low) if low == high else f"{low}–{high if high is not None else '…'}"
        raise ExpressionError(f"{node.name}() takes {wanted} arguments, {n} given", node.pos)
    if node.name == "selected" and isinstance(node.args[1], Literal) and isinstance(node.args[1].value, str):
        return _selected_literal(_build(node.args[0], ref), node.args[1].value)
    if node.name == "regex" and isinstance(node.args[1], Literal) and isinstance(node.args[1].value, str):
        try:
            pattern = re.compile(node.args[1].value)
        except (re.error, RecursionError, OverflowError):
            pass  # a bad pattern is false when it runs, as regex() says
        else:
            return _regex_literal(_build(node.args[0], ref), pattern)
    contextual = _context_call(node, ref)
    if contextual is not None:
        return contextual
    args = [_build(a, ref) for a in node.args]
    if node.name == "if":
        cond, then, other = args
        if isinstance(node.args[0], Ref):  # XPath: a question's node is there even when unanswered
            read = cond
            return lambda env: then(env) if _present(read(env)) else other(env)
        cond = _truth(node.args[0], cond)
        return lambda env: then(env) if cond(env) else other(env)
    if node.name in _CONTEXT_DEFAULT and n == 0:
        return lambda env: fn(env.current)
    if n == 0:
        return lambda env: fn()
    if n == 1:
        (a,) = args
        return lambda env: fn(a(env))
    if n == 2:
        a, b = args
        return lambda env: fn(a(env), b(env))
    return lambda env: fn(*(a(env) for a in args))


def _present(value: object) -> bool:
    return len(value) > 0 if isinstance(value, (list, tuple)) else True


def _context_call(node: Call, ref: Callable[[Ref], Compiled]) -> Compiled | None:
    """The functions that read the evaluation context rather than only their arguments (None: not one)."""
    name = node.name
    if name == "today":
        return lambda env: env.today
    if name == "now":
        return lambda env: odk.now()
    if name == "random":
        return lambda env: _random.random()
    if name == "uuid":
        if node.args:
            size = _number(_build(node.args[0], ref))
            return lambda env: _token(size(env))
        return lambda env: str(uuid.uuid4())
    if name == "current":
        return lambda env: env.current
    if name == "jr:choice-name":
        return build_choice_name(node, lambda n: _build(n, ref), _lookups())
    if name == "pulldata":
        return build_pulldata(node, lambda n: _build(n, ref), _lookups())
    if name == "position" and node.args and not isinstance(node.args[0], Parent):
        raise ExpressionError("position() is asked of '..', the repeat item: position(..)", node.pos)
    if name in ("position", "last"):
        return lambda env: getattr(env, name, math.nan)
    if name == "once":  # the answer it already has, else the value: computed once, then kept
        value = _build(node.args[0], ref)

        def once(env):
            current = env.current
            return current if to_str(current) != "" else value(env)

        return once
    return None


_TOKEN_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _token(size: float) -> str:
    n = int(size) if math.isfinite(size) and 0 < size <= 1000 else 0
    return "".join(secrets.choice(_TOKEN_CHARS) for _ in range(n))


def _check_columns(node: Node, inside: bool = False) -> None:
    """A bare name means a list item's column, so only inside `instance(…)/root/item[…]`."""
    if isinstance(node, Column) and not inside:
        raise ExpressionError(f"unknown name {node.name!r}: a question is written ${{{node.name}}}", node.pos)
    if (
        isinstance(node, Call)
        and node.name == "count"
        and node.args
        and isinstance(node.args[0], (Literal, Binary, Unary))
    ):
        raise ExpressionError("count() counts a repeat's items or a list's, not a number or text", node.pos)
    if isinstance(node, Lookup):
        if node.predicate is not None:
            _check_columns(node.predicate, True)
        return
    for child in (
        (node.operand,) if isinstance(node, Unary)
        else (node.left, node.right) if isinstance(node, Binary)
        else node.args if isinstance(node, Call) else ()
    ):  # fmt: skip
        _check_columns(child, inside)


# the lookups (choice lists, CSV files) of the compilation under way in this thread (the server loads
# definitions on several threads at once)
_COMPILING = threading.local()


def _lookups() -> Lookups:
    return getattr(_COMPILING, "lookups", None) or Lookups()


def compile_expr(
    source: str | Node,
    *,
    ref: Callable[[Ref], Compiled] | None = None,
    boolean: bool = False,
    lookups: Lookups | None = None,
) -> Compiled:
    """Parse (if needed) and compile; raises ExpressionError for bad syntax, unknown functions, wrong arity.

    `lookups` gives the lists `instance('name')`, `pulldata()` and `jr:choice-name()` read.
    `ref` turns a `${name}` node into a closure that reads it (the form's loader resolves each reference
    once, see forms/scope.py); without it a reference calls `env.lookup(name)`. With `boolean` the result
    is always a bool (XPath `boolean()`), as relevance, required and constraints need.
    """
    node = parse(source) if isinstance(source, str) else source
    _check_columns(node)
    resolve = ref or _dynamic_ref
    outer, _COMPILING.lookups = getattr(_COMPILING, "lookups", None), lookups or Lookups()
    try:
        inner = _build(node, resolve)
    except RecursionError:
        raise ExpressionError("expression nested too deeply", None) from None
    finally:
        _COMPILING.lookups = outer
    if boolean:
        truth = _truth(node, inner)

        def test(env) -> bool:
            try:
                return truth(env)
            except (ArithmeticError, ValueError, RecursionError):
                return False  # NaN, as a boolean

        return test

    def run(env: Env) -> object:
        try:
            return inner(env)
        except (ArithmeticError, ValueError, RecursionError):
            return math.nan

    return run
