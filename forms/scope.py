"""How an expression reads answers: `${name}` resolved from where it is evaluated.

Inside a repeat item, `${name}` of a field in the same repeat reads that item's answer; from outside it
reads the values of every item (a list, in `_pos` order), which is what `count()` and `sum()` take. A
calculate field is computed on demand and remembered per item, so calculations may use each other in
any order (cycles are refused when the definition is loaded).
"""

from __future__ import annotations

from datetime import date

from forms.definition import Field, FormDef
from forms.expr.compile import Env


def ordered_items(repeat_value: object) -> list[tuple[str, dict]]:
    """A repeat's items as (item id, answers), in display order (`_pos`, then id for ties)."""
    if not isinstance(repeat_value, dict):
        return []
    items = [(k, v) for k, v in repeat_value.items() if isinstance(v, dict)]

    def position(entry):
        pos = entry[1].get("_pos")
        return (
            pos if isinstance(pos, (int, float)) and not isinstance(pos, bool) else float("inf"),
            entry[0],
        )

    return sorted(items, key=position)


class Scope:
    """Answers seen from one place in the form: the root, or a chain of repeat items."""

    def __init__(
        self, form: FormDef, answers: dict, today: date, items: dict[str, tuple[str, dict]] | None = None
    ):
        self.form = form
        self.answers = answers if isinstance(answers, dict) else {}
        self.today = today
        self.items = items or {}  # repeat name -> (item id, item answers)
        self._memo: dict[tuple, object] = {}
        self._env: Env | None = None

    def inside(self, repeat: Field, item_id: str, item: dict) -> Scope:
        child = Scope(self.form, self.answers, self.today, {**self.items, repeat.name: (item_id, item)})
        child._memo = self._memo  # calculations outside this item are shared
        return child

    def env(self, current: object = None) -> Env:
        if current is not None:
            return Env(lookup=self.lookup, current=current, today=self.today)
        if self._env is None:  # one shared env per scope: expressions run ~100 times per record
            self._env = Env(lookup=self.lookup, current=None, today=self.today)
        return self._env

    def lookup(self, name: str) -> object:
        field = self.form.by_name.get(name)
        if field is None:
            return None
        steps = field.steps
        if field.calculate_fn is None and field.type not in (
            "repeat",
            "group",
        ):  # fast paths: a top-level answer, or a sibling in the current item
            if len(steps) == 1:
                value = self.answers.get(name)
                return field.default if value is None and field.default is not None else value
            if len(steps) == 2 and steps[0][0] == "repeat" and steps[0][1] in self.items:
                value = self.items[steps[0][1]][1].get(name)
                return field.default if value is None and field.default is not None else value
        return self._values(field, self.answers, 0, steps, {})

    def lookup_raw(self, container: Field) -> object:
        """The stored value of a group or repeat (its dict), not the values of its fields."""
        node: object = self.answers
        for _, key in container.steps:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    def _values(self, field: Field, node: object, depth: int, steps, bound: dict) -> object:
        kind, key = steps[depth]
        last = depth == len(steps) - 1
        if kind == "repeat":
            if last:  # the repeat itself: its items, for count()
                return [item for _, item in ordered_items(node.get(key) if isinstance(node, dict) else None)]
            if key in self.items:
                item_id, item = self.items[key]
                return self._values(field, item, depth + 1, steps, {**bound, key: (item_id, item)})
            out = []
            for item_id, item in ordered_items(node.get(key) if isinstance(node, dict) else None):
                value = self._values(field, item, depth + 1, steps, {**bound, key: (item_id, item)})
                out.extend(value if isinstance(value, list) and field.type != "select_multiple" else [value])
            return out
        container = node if isinstance(node, dict) else {}
        if kind == "group":
            return self._values(field, container.get(key), depth + 1, steps, bound)
        if field.calculate_fn is not None:
            return self.calculated(field, bound)
        value = container.get(key)
        return field.default if value is None and field.default is not None else value

    def calculated(self, field: Field, bound: dict) -> object:
        memo_key = (field.name, tuple(sorted((k, v[0]) for k, v in bound.items())))
        if memo_key not in self._memo:
            self._memo[memo_key] = None  # a guard; cycles were refused at load time
            scope = self if bound == self.items else Scope(self.form, self.answers, self.today, bound)
            scope._memo = self._memo
            self._memo[memo_key] = field.calculate_fn(scope.env())
        return self._memo[memo_key]
