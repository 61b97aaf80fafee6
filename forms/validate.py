"""Judge a record's answers against the form version it was captured with — the same code on app and server.

`validate(form, answers)` returns every error and warning with its field path, machine code and
Indonesian/English messages. It never raises for any answers: unknown fields and wrong types are errors.
An overridable error (the NIK/birth-date mismatch) with a reason under `_overrides` moves to `overridden`:
still visible to the district with its reason, no longer blocking the save. The work is done by the
form's compiled plan (forms/plan.py).
"""

from __future__ import annotations

import math
from datetime import date

from forms.answers import CANONICAL, canonical
from forms.definition import Field, FormDef
from forms.plan import ValidationResult, plan
from forms.problems import Problem, Severity
from forms.scope import Frame, calculated, chain_of, ordered_items, raw_container

__all__ = ["ValidationResult", "calculate", "is_relevant", "new_answers", "validate"]


def validate(form: FormDef, answers: dict, *, today: date | None = None) -> ValidationResult:
    """Every error and warning of `answers` against `form`. Never raises for any `answers`."""
    result = ValidationResult()
    if not isinstance(answers, dict):
        result.problems.append(
            Problem("wrong_type", "Jawaban harus berupa objek JSON.", "Answers must be a JSON object.")
        )
        return result
    try:
        plan(form)(answers, Frame(answers, today or date.today()), "", result)
    except RecursionError:
        result = ValidationResult()
        result.problems.append(
            Problem(
                "too_deep", "Jawaban terlalu bersarang.", "Answers are nested too deeply.", Severity.ERROR
            )
        )
    return result


def _copy(value: object) -> object:
    """A copy of JSON-shaped answers (dicts and lists copied, leaves shared): ~10× cheaper than deepcopy."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def calculate(form: FormDef, answers: dict, *, today: date | None = None) -> dict:
    """A copy of `answers` with every relevant calculated field filled in and each answer of a type with one
    stored form written in it (a phone number as E.164: forms.answers.canonical) — what the app stores."""
    result = _copy(answers) if isinstance(answers, dict) else {}

    def fill(fields: list[Field], obj: dict, frame: Frame) -> None:
        for f in fields:  # only calculations and the groups and repeats that hold some
            if f.relevant_fn is not None and not f.relevant_fn(frame):
                continue
            if f.type == "group":
                sub = obj.get(f.name)
                if isinstance(sub, dict):
                    fill(_calculating(form, f.fields), sub, frame)
            elif f.type == "repeat":
                inner = _calculating(form, f.fields)
                for position, (_item_id, item) in enumerate(ordered_items(obj.get(f.name)), start=1):
                    fill(inner, item, frame.inside(f.name, item, position))
            elif f.calculate_fn is None:  # a typed answer with a stored form (CANONICAL)
                if f.name in obj:
                    obj[f.name] = canonical(f, obj[f.name])
            else:
                value = calculated(f, frame)
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                if isinstance(value, date):
                    value = value.isoformat()
                obj[f.name] = None if isinstance(value, float) and math.isnan(value) else value

    fill(_calculating(form, form.fields), result, Frame(result, today or date.today()))
    return result


def _calculating(form: FormDef, fields: list[Field]) -> list[Field]:
    """The fields of a container that are calculations or answers with a stored form (CANONICAL), or hold some
    (remembered with the definition)."""
    key = ("calculating", id(fields))
    found = form.cache.get(key)
    if found is None:

        def own(f: Field) -> bool:
            return f.calculate_fn is not None or f.type in CANONICAL

        def holds(f: Field) -> bool:
            return own(f) or any(holds(c) for c in f.fields)

        found = form.cache[key] = [
            f for f in fields if holds(f) and (f.type in ("group", "repeat") or own(f))
        ]
    return found


def _position(answers: dict, repeat: Field, item: dict) -> float:
    """The 1-based place of `item` among its repeat's items (a new item comes after the others)."""
    siblings = ordered_items(raw_container(answers, repeat))
    for n, (_id, other) in enumerate(siblings, start=1):
        if other is item:
            return float(n)
    return float(len(siblings) + 1)


def is_relevant(form: FormDef, field_name: str, answers: dict, item_ids: dict[str, str] | None = None,
                *, today: date | None = None) -> bool:  # fmt: skip
    """Whether a field is shown, given the answers so far (for the UI's live skip logic).

    `item_ids` names the repeat item(s) the field sits in: {repeat name: item id}; a repeat left out (or an
    item not found) reads as a new, empty item. An unanswered question is empty here as everywhere:
    `${nik_status} = 'ada'` is false until nik_status is answered, whatever its default (forms/scope.py).
    """
    f = form.by_name[field_name]
    answers = answers if isinstance(answers, dict) else {}
    frame = _frame_for(form, f, answers, item_ids, today)
    node: Field | None = f
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent
    return all(n.relevant_fn is None or n.relevant_fn(frame) for n in reversed(chain))


def offered_choices(form: FormDef, field_name: str, answers: dict, item_ids: dict[str, str] | None = None,
                    *, today: date | None = None) -> list[str] | None:  # fmt: skip
    """The codes a select question offers given the answers so far (its choice_filter); None: all of them."""
    f = form.by_name[field_name]
    if f.choice_filter_fn is None:
        return None
    frame = _frame_for(form, f, answers if isinstance(answers, dict) else {}, item_ids, today)
    rows = f.choice_filter_fn(frame)
    return [row.get("name") for row in rows] if isinstance(rows, list) else []


def value_set_by_trigger(form: FormDef, field_name: str, answers: dict, item_ids: dict[str, str] | None = None,
                         *, today: date | None = None) -> object:  # fmt: skip
    """XLSForm's trigger: the answer a question takes when one of its trigger questions changes."""
    f = form.by_name[field_name]
    frame = _frame_for(form, f, answers if isinstance(answers, dict) else {}, item_ids, today)
    return f.set_to_fn(frame) if f.set_to_fn is not None else None


def _frame_for(form: FormDef, f: Field, answers: dict, item_ids, today) -> Frame:
    items: dict[str, dict] = {}
    position = float("nan")
    for repeat_name in chain_of(f):
        item = _find_item(answers, form.by_name[repeat_name], (item_ids or {}).get(repeat_name))
        items[repeat_name] = item if isinstance(item, dict) else {}
        position = _position(answers, form.by_name[repeat_name], items[repeat_name])
    return Frame(answers, today or date.today(), items, position)


def _find_item(answers: dict, repeat: Field, item_id: str | None) -> dict | None:
    node: object = answers
    for kind, key in repeat.steps:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
        if kind == "repeat" and key != repeat.name:
            return None  # nested repeats: the UI passes the outer item; not needed by our forms
    return node.get(item_id) if isinstance(node, dict) else None


def new_answers(form: FormDef, repeat: str | None = None) -> dict:
    """The answers a new record (or a new item of `repeat`) starts with: each field's `default`.

    As in XLSForm, a default is a starting answer the volunteer can change or clear; once stored it is an
    answer like any other. Groups inside are filled in too, repeats start empty.
    """

    def defaults(fields: list[Field]) -> dict:
        out: dict = {}
        for f in fields:
            if f.type == "group":
                inner = defaults(f.fields)
                if inner:
                    out[f.name] = inner
            elif f.type != "repeat" and f.default is not None:
                out[f.name] = _copy(f.default)
        return out

    return defaults(form.by_name[repeat].fields if repeat else form.fields)
