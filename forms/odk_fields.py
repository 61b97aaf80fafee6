"""The parts of a definition that came with XLSForm: metadata filled by the device (`preload`), question
parameters, choice filters over a choice list's columns, and the lists (choice lists and CSV files shipped
with the form version) that `instance()`, `pulldata()` and `jr:choice-name()` read (forms/expr/lookups.py).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from forms.expr.ast import Lookup
from forms.expr.functions import to_number, to_str
from forms.expr.lookups import Lookups
from forms.expr.parser import parse

if TYPE_CHECKING:
    from forms.definition import Choice, Field

# metadata a device fills (XLSForm's start, end, today, deviceid, …) -> the field type it is stored as
PRELOADS = {
    "start": "datetime", "end": "datetime", "today": "date", "deviceid": "text", "username": "text",
    "email": "text", "phonenumber": "text", "start-geopoint": "geopoint",
}  # fmt: skip
# question parameters Jaring understands, per field type (XLSForm's `parameters` column)
PARAMETERS = {
    "integer": {"start", "end", "step"},  # a range question
    "decimal": {"start", "end", "step"},
    "photo": {"max-pixels"},
    "geopoint": {"capture-accuracy", "warning-accuracy"},
    "audio": {"quality"},
}
AUDIO_QUALITIES = {"normal", "low", "voice-only", "external"}


def parameter_problems(field_type: str, parameters: object) -> list[str]:
    """What is wrong with a field's parameters, in words (empty when nothing is)."""
    if not isinstance(parameters, dict):
        return ["parameters must be an object of name -> value"]
    allowed = PARAMETERS.get(field_type, set())
    problems = []
    for key, value in parameters.items():
        if key not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            problems.append(f"parameter {key}={value} is not one a {field_type} takes ({known})")
        elif key == "quality" and value not in AUDIO_QUALITIES:
            problems.append(f"parameter quality={value} is not one of {', '.join(sorted(AUDIO_QUALITIES))}")
        elif key != "quality" and not math.isfinite(to_number(value)):
            problems.append(f"parameter {key}={value} is not a number")
    if {"start", "end"} <= set(parameters) and to_number(parameters["start"]) > to_number(parameters["end"]):
        problems.append("parameter start is above end")
    return problems


def in_range(f: Field, value: float) -> bool:
    """Whether a range question's answer lies within start..end on a step."""
    p = f.parameters
    start, end = to_number(p.get("start", "nan")), to_number(p.get("end", "nan"))
    if math.isfinite(start) and value < start or math.isfinite(end) and value > end:
        return False
    step = to_number(p.get("step", "nan"))
    base = start if math.isfinite(start) else 0.0
    if math.isfinite(step) and step > 0:
        steps = (value - base) / step
        return abs(steps - round(steps)) < 1e-9
    return True


def choice_rows(choices: list[Choice]) -> list[dict]:
    """A choice list as the rows `instance('list')/root/item` reads: name, label and its own columns."""
    return [
        {**dict(c.columns), "name": c.value, "label": c.label.get("id") or c.label.get("en") or c.value}
        for c in choices
    ]


def lookups_for(choice_lists: dict[str, list[Choice]], lists: dict, fields: list[Field]) -> Lookups:
    rows = {name: choice_rows(items) for name, items in choice_lists.items()}
    for name, table in lists.items():
        rows[name] = [{str(k): to_str(v) for k, v in row.items()} for row in table]
    choices_of = {f.name: f.choice_list for f in fields if f.choice_list}
    for f in fields:  # a select with its own choices: a list of its own, under the question's name
        if f.choices and not f.choice_list:
            rows.setdefault(f"_choices_of_{f.name}", choice_rows(f.choices))
            choices_of[f.name] = f"_choices_of_{f.name}"
    return Lookups(lists=rows, choices_of=choices_of)


def choice_filter_node(f: Field):
    """The choice filter as a lookup over the question's list: it yields the choices the filter keeps."""
    predicate = parse(f.choice_filter)
    return Lookup(predicate.pos, choices_of_field(f), predicate, None)


def choices_of_field(f: Field) -> str:
    return f.choice_list or f"_choices_of_{f.name}"


def lists_problems(raw: object) -> list[str]:
    if not isinstance(raw, dict):
        return ["lists must be an object of list name -> rows"]
    problems = []
    for name, rows in raw.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            problems.append(f"list {name!r} must be a list of rows (objects of column -> text)")
    return problems
