"""Which answers feed which projection column (household, person, complaint), as a definition declares.

The store owns the tables; this module only reads a record's answers through the definition's
`projections` mapping, so a new form version can move a question without a schema migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from forms.definition import FormDef
from forms.scope import Scope, ordered_items


@dataclass
class Projections:
    household: dict | None = None
    persons: list[dict] = field(default_factory=list)  # each with "member_id" and "position"
    complaint: dict | None = None


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def project(form: FormDef, answers: dict, *, today: date | None = None) -> Projections:
    """The projection rows of one record's answers."""
    scope = Scope(form, answers if isinstance(answers, dict) else {}, today or date.today())
    out = Projections()
    for target, spec in form.projections.items():
        columns: dict[str, str] = spec["columns"]
        repeat_name = spec.get("repeat")
        if repeat_name is None:
            row = {column: _plain(scope.lookup(name)) for column, name in columns.items()}
            setattr(out, target, row)
            continue
        repeat = form.by_name[repeat_name]
        rows = []
        for position, (item_id, item) in enumerate(ordered_items(scope.lookup_raw(repeat))):
            inner = scope.inside(repeat, item_id, item)
            row = {column: _plain(inner.lookup(name)) for column, name in columns.items()}
            row.update(member_id=item_id, position=position)
            rows.append(row)
        if target == "person":
            out.persons = rows
    return out
