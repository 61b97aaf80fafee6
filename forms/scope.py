"""How an expression reads answers: `${name}` resolved once, when the definition is loaded, into a reader.

An expression is evaluated in a `Frame`: the record's answers plus the repeat items the expression sits in
(its *chain*: the repeats enclosing the field that owns the expression). Inside a repeat item, `${name}` of
a field in the same repeat reads that item's answer; from outside it reads the values of every item (a
list, in `_pos` order), which is what `count()` and `sum()` take. `${repeat}` itself is its items.

An unanswered question reads as no answer (None), whatever its `default`: as in XLSForm, a default is the
answer a new record or item starts with (`forms.validate.new_answers`), not a value invented later.

A calculate field is computed on demand and remembered per frame, so calculations may use each other in
any order (cycles are refused when the definition is loaded). Which path reaches a field is known when the
definition loads, so `reader(field, chain)` builds a closure per reference instead of walking the
definition on every lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forms.definition import Field

_MISSING = object()
NAN = float("nan")


class Frame:
    """Answers seen from one place: the root answers, the bound repeat items, today, and `.` (current)."""

    __slots__ = ("current", "items", "memo", "position", "root", "today")

    def __init__(self, root: dict, today: date, items: dict[str, dict] | None = None, position: float = NAN):
        self.root = root
        self.today = today
        self.items = items if items is not None else {}  # repeat name -> item answers
        self.memo: dict[str, object] = {}  # calculate field name -> value, for this frame's bindings
        self.current: object = None
        self.position = position  # position(..): the innermost item's place, 1-based, in display order

    def inside(self, repeat_name: str, item: dict, position: float = NAN) -> Frame:
        """The frame of one item of `repeat_name` (calculations outside it are recomputed, not shared)."""
        return Frame(self.root, self.today, {**self.items, repeat_name: item}, float(position))


Reader = Callable[[Frame], object]


def ordered_items(repeat_value: object) -> list[tuple[str, dict]]:
    """A repeat's items as (item id, answers), in display order (`_pos`, then id for ties)."""
    if not isinstance(repeat_value, dict):
        return []
    items = [(k, v) for k, v in repeat_value.items() if isinstance(v, dict) and isinstance(k, str)]
    if len(items) < 2:
        return items

    def position(entry):
        pos = entry[1].get("_pos")
        return (
            pos if isinstance(pos, (int, float)) and not isinstance(pos, bool) else float("inf"),
            entry[0],
        )

    return sorted(items, key=position)


def calculated(field: Field, frame: Frame) -> object:
    """The value of a calculate field in `frame` (computed once per frame; `.` is empty inside it)."""
    memo = frame.memo
    value = memo.get(field.name, _MISSING)
    if value is _MISSING:
        memo[field.name] = None  # a guard; cycles were refused at load time
        current, frame.current = frame.current, None
        value = field.calculate_fn(frame)
        frame.current = current
        memo[field.name] = value
    return value


def chain_of(field: Field) -> tuple[str, ...]:
    """The repeats enclosing `field` (not the field itself), outermost first: where its expressions run."""
    return tuple(key for kind, key in field.steps[:-1] if kind == "repeat")


def _start(target: Field, chain: tuple[str, ...]) -> tuple[int, str | None]:
    """Where reading `target` from a frame bound to `chain` starts: the step index, and the bound repeat
    whose item it starts from (None: the root answers)."""
    start, base = 0, None
    for j, (kind, key) in enumerate(target.steps[:-1]):
        if kind == "repeat" and key in chain:
            start, base = j + 1, key  # a bound repeat: start from its item, whatever lies above it
    return start, base


def direct_key(target: Field, chain: tuple[str, ...]) -> tuple[str | None, str] | None:
    """(bound repeat or None for the root, answer key) when `reader(target, chain)` is one dict lookup —
    `frame.root.get(key)` or `frame.items[repeat].get(key)` — so a caller holding that dict may read it
    itself; None when reading needs more (a group, an unbound repeat, a calculation)."""
    start, base = _start(target, chain)
    rest = target.steps[start:]
    if len(rest) == 1 and rest[0][0] == "field" and target.calculate is None:
        return base, rest[0][1]
    return None


def reader(target: Field, chain: tuple[str, ...]) -> Reader:
    """How `${target}` reads from a frame bound to the repeats of `chain`."""
    steps = target.steps
    start, base = _start(target, chain)
    rest = steps[start:]
    direct = direct_key(target, chain)
    if direct is not None:  # the common case: one dict lookup
        name = direct[1]
        if base is None:
            return lambda frame: frame.root.get(name)
        return lambda frame: frame.items[base].get(name)
    if len(rest) == 1 and rest[0][0] == "field":  # a calculation beside the expression: memo, else compute
        name = target.name

        def read_calculation(frame: Frame) -> object:
            value = frame.memo.get(name, _MISSING)
            return calculated(target, frame) if value is _MISSING else value

        return read_calculation
    walk = _walk(target, steps, start)
    if base is None:
        return lambda frame: walk(frame.root, frame)
    return lambda frame: walk(frame.items[base], frame)


def _walk(target: Field, steps: tuple, i: int) -> Callable[[object, Frame], object]:
    kind, key = steps[i]
    last = i == len(steps) - 1
    if kind == "repeat" and last:  # the repeat itself: its items, for count()
        return lambda node, frame: [
            item for _, item in ordered_items(node.get(key) if isinstance(node, dict) else None)
        ]
    if kind == "repeat":  # a repeat this frame is not inside: every item's value
        inner = _walk(target, steps, i + 1)
        flatten = target.type != "select_multiple"

        def every_item(node: object, frame: Frame) -> list:
            out: list = []
            items = ordered_items(node.get(key) if isinstance(node, dict) else None)
            for position, (_, item) in enumerate(items, start=1):
                value = inner(item, frame.inside(key, item, position))
                if flatten and isinstance(value, list):
                    out.extend(value)
                else:
                    out.append(value)
            return out

        return every_item
    if kind == "group":
        inner = _walk(target, steps, i + 1)
        return lambda node, frame: inner(node.get(key) if isinstance(node, dict) else None, frame)
    if target.calculate is not None:
        return lambda node, frame: calculated(target, frame)
    return lambda node, frame: node.get(key) if isinstance(node, dict) else None


def raw_container(answers: object, container: Field) -> object:
    """The stored value of a group or repeat (its dict), not the values of its fields."""
    node: object = answers
    for _, key in container.steps:
        node = node.get(key) if isinstance(node, dict) else None
    return node
