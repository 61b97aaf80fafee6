"""Which answers feed which projection column (household, person, complaint), as a definition declares.

The store owns the tables; this module only reads a record's answers through the definition's
`projections` mapping, so a new form version can move a question without a schema migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from forms.definition import FormDef
from forms.scope import Frame, Reader, ordered_items, raw_container, reader


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


def _readers(form: FormDef, columns: dict[str, str], chain: tuple[str, ...]) -> list[tuple[str, Reader]]:
    key = ("projection", chain, tuple(columns.items()))
    found = form.cache.get(key)
    if found is None:
        found = form.cache[key] = [
            (column, reader(form.by_name[name], chain)) for column, name in columns.items()
        ]
    return found


def project(form: FormDef, answers: dict, *, today: date | None = None) -> Projections:
    """The projection rows of one record's answers."""
    root = Frame(answers if isinstance(answers, dict) else {}, today or date.today())
    out = Projections()
    for target, spec in form.projections.items():
        columns: dict[str, str] = spec["columns"]
        repeat_name = spec.get("repeat")
        if repeat_name is None:
            row = {column: _plain(read(root)) for column, read in _readers(form, columns, ())}
            setattr(out, target, row)
            continue
        repeat = form.by_name[repeat_name]
        readers = _readers(form, columns, (repeat_name,))
        rows = []
        for position, (item_id, item) in enumerate(ordered_items(raw_container(root.root, repeat))):
            inner = root.inside(repeat_name, item)
            row = {column: _plain(read(inner)) for column, read in readers}
            row.update(member_id=item_id, position=position)
            rows.append(row)
        if target == "person":
            out.persons = rows
    return out
