"""Reading lists from expressions: `instance('list')/root/item[predicate]/column` over a form's choice lists
or the CSV files shipped with its version, `pulldata('file', 'column', 'key column', key)` and
`jr:choice-name(value, '${question}')`. A list is a list of dicts (one per item, column -> text); for a choice
list the columns are `name` (the code), `label` (Indonesian, else English) and any extra columns it has.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from forms.expr.ast import Call, Literal, Lookup, Node
from forms.expr.functions import to_bool, to_str
from forms.expr.parser import ExpressionError

Build = Callable[[Node], Callable]


@dataclass
class Lookups:
    """What a form's expressions may look up: `lists` by name, and each select question's choice list."""

    lists: dict[str, list[dict]] = field(default_factory=dict)
    choices_of: dict[str, str] = field(default_factory=dict)  # question name -> its choice list's name

    def items(self, name: str) -> list[dict] | None:
        return self.lists.get(name)


class _ItemEnv:
    """The evaluation context inside a predicate: one list item, everything else from the outer context."""

    __slots__ = ("last", "lookup_item", "outer", "position")

    def __init__(self, outer, item: dict, position: int, last: int):
        self.outer, self.lookup_item, self.position, self.last = outer, item, float(position), float(last)

    def __getattr__(self, name):
        return getattr(self.outer, name)


def _collapse(values: list) -> object:
    """XPath reads the first node of a set as a value; a set of one is that value, of none an empty answer."""
    return values[0] if len(values) == 1 else values


def build_lookup(node: Lookup, build: Build, lookups: Lookups) -> Callable:
    items = lookups.items(node.instance)
    if items is None:
        raise ExpressionError(f"instance('{node.instance}'): the form has no list of that name", node.pos)
    column = node.column
    if node.predicate is None:
        rows = items
        return lambda env: _collapse([r.get(column, "") for r in rows]) if column else list(rows)
    test = build(node.predicate)

    def lookup(env) -> object:
        chosen, last = [], len(items)
        for i, row in enumerate(items, start=1):
            value = test(_ItemEnv(env, row, i, last))
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                keep = math.isfinite(value) and int(value) == i  # item[2]: the second item
            else:
                keep = to_bool(value)
            if keep:
                chosen.append(row.get(column, "") if column else row)
        return _collapse(chosen) if column else chosen

    return lookup


def build_pulldata(node: Call, build: Build, lookups: Lookups) -> Callable:
    """pulldata('file', 'column', 'key column', key): the column of the first row whose key column is key."""
    if len(node.args) != 4:
        raise ExpressionError(f"pulldata() takes 4 arguments, {len(node.args)} given", node.pos)
    name = node.args[0]
    if not isinstance(name, Literal) or not isinstance(name.value, str):
        raise ExpressionError("pulldata() takes the file's name in quotes", node.pos)
    rows = lookups.items(name.value)
    if rows is None:
        raise ExpressionError(f"pulldata('{name.value}'): no such CSV file with this form version", node.pos)
    column, key_column, key = (build(a) for a in node.args[1:])

    def pulldata(env) -> str:
        want, col, wanted_key = to_str(key_column(env)), to_str(column(env)), to_str(key(env))
        for row in rows:
            if row.get(want) == wanted_key:
                return row.get(col, "")
        return ""

    return pulldata


def build_choice_name(node: Call, build: Build, lookups: Lookups) -> Callable:
    """jr:choice-name(value, '${question}'): the label of the value in that question's choice list."""
    if len(node.args) != 2:
        raise ExpressionError(f"jr:choice-name() takes 2 arguments, {len(node.args)} given", node.pos)
    target = node.args[1]
    if not isinstance(target, Literal) or not isinstance(target.value, str):
        raise ExpressionError("jr:choice-name() takes the question as text: '${question}'", node.pos)
    question = target.value.strip().removeprefix("${").removesuffix("}").rsplit("/", 1)[-1]
    list_name = lookups.choices_of.get(question)
    rows = lookups.items(list_name) if list_name else None
    if rows is None:
        raise ExpressionError(f"jr:choice-name(): {target.value!r} is not a select question", node.pos)
    labels = {row.get("name"): row.get("label", "") for row in rows}
    value = build(node.args[0])

    def choice_name(env) -> str:
        v = value(env)
        if isinstance(v, list):
            return " ".join(labels.get(to_str(x), "") for x in v)
        return labels.get(to_str(v), "")

    return choice_name
