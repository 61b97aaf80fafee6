"""AST -> a Python closure. Compiling once per form keeps validation fast (bench/forms.py).

`Env` is what an expression sees while it runs: how to read a field (`lookup`), the current answer
(`.`) and today's date. The closures never raise for any input: arithmetic and coercion problems
produce NaN or false, as in XPath.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from forms.expr.ast import Binary, Call, Current, Literal, Node, Ref, Unary
from forms.expr.functions import FUNCTIONS, equals, to_bool, to_number
from forms.expr.parser import ExpressionError, parse


@dataclass
class Env:
    lookup: Callable[[str], object] = field(default=lambda name: None)
    current: object = None
    today: date = field(default_factory=date.today)


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


def _build(node: Node) -> Compiled:
    if isinstance(node, Literal):
        value = node.value
        return lambda env: value
    if isinstance(node, Ref):
        name = node.name
        return lambda env: env.lookup(name)
    if isinstance(node, Current):
        return lambda env: env.current
    if isinstance(node, Unary):
        operand = _build(node.operand)
        return lambda env: -to_number(operand(env))
    if isinstance(node, Binary):
        left, right, op = _build(node.left), _build(node.right), node.op
        if op == "and":
            return lambda env: to_bool(left(env)) and to_bool(right(env))
        if op == "or":
            return lambda env: to_bool(left(env)) or to_bool(right(env))
        if op == "=":
            return lambda env: equals(left(env), right(env))
        if op == "!=":
            return lambda env: not equals(left(env), right(env))
        if op in _COMPARE:
            cmp = _COMPARE[op]
            return lambda env: cmp(to_number(left(env)), to_number(right(env)))
        fn = _arith(op)
        return lambda env: fn(to_number(left(env)), to_number(right(env)))
    if isinstance(node, Call):
        return _build_call(node)
    raise ExpressionError(f"unknown node {type(node).__name__}", node.pos)


def _build_call(node: Call) -> Compiled:
    spec = FUNCTIONS.get(node.name)
    if spec is None:
        raise ExpressionError(f"unknown function {node.name}()", node.pos)
    fn, low, high = spec
    n = len(node.args)
    if n < low or (high is not None and n > high):
        wanted = str(low) if low == high else f"{low}–{high if high is not None else '…'}"
        raise ExpressionError(f"{node.name}() takes {wanted} arguments, {n} given", node.pos)
    args = [_build(a) for a in node.args]
    if node.name == "if":
        cond, then, other = args
        return lambda env: then(env) if to_bool(cond(env)) else other(env)
    if node.name == "today":
        return lambda env: env.today
    if n == 1:
        (a,) = args
        return lambda env: fn(a(env))
    if n == 2:
        a, b = args
        return lambda env: fn(a(env), b(env))
    return lambda env: fn(*(a(env) for a in args))


def compile_expr(source: str | Node) -> Compiled:
    """Parse (if needed) and compile; raises ExpressionError for bad syntax, unknown functions, wrong arity."""
    node = parse(source) if isinstance(source, str) else source
    try:
        inner = _build(node)
    except RecursionError:
        raise ExpressionError("expression nested too deeply", None) from None

    def run(env: Env) -> object:
        try:
            return inner(env)
        except (ArithmeticError, ValueError, RecursionError):
            return math.nan

    return run
