"""Which answers feed which projection column (household, person, complaint), as a definition declares.

The store owns the tables; this module only reads a record's answers through the definition's
`projections` mapping, so a new form version can move a question without a schema migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from forms.definition import FormDef
from forms.scope import Frame, Reader, direct_key, ordered_items, raw_container, reader


@dataclass
class Projections:
    household: dict | None = None
    persons: list[dict] = field(default_factory=list)  # each with "member_id" and "position"
    complaint: dict | None = None
    service: dict | None = None
    visit: dict | None = None


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# The types `_plain` hands back as they are (exactly these: a subclass may be a float or a date).
_PLAIN_TYPES = frozenset({str, int, bool, type(None), list, dict})


@dataclass(frozen=True)
class _RowPlan:
    """How one projection row is read, worked out once per form: per column in order, either the key that
    is one lookup in the row's own answers (the record's for a top row, the item's for a repeat row), or the
    reader that needs a frame (a group, a calculation, an answer outside the item)."""

    columns: tuple[tuple[str, str | None, Reader | None], ...]  # (column, own key, reader)
    needs_frame: bool

    def row(self, own: dict, frame: Frame, repeat_name: str | None = None) -> dict:
        """The row of `own`: the record's answers (`frame.root`), or an item of the repeat `repeat_name`."""
        inner = frame if repeat_name is None or not self.needs_frame else frame.inside(repeat_name, own)
        get = own.get
        row = {column: get(key) if read is None else read(inner) for column, key, read in self.columns}
        # Answers are mostly text, whole numbers and lists, which `_plain` leaves as they are: one C pass.
        if not set(map(type, row.values())) <= _PLAIN_TYPES:
            for column, value in list(row.items()):
                row[column] = _plain(value)
        return row


def _plan(form: FormDef, columns: dict[str, str], chain: tuple[str, ...]) -> _RowPlan:
    key = ("projection", chain, tuple(columns.items()))
    found = form.cache.get(key)
    if found is None:
        own_level = chain[-1] if chain else None  # the bound repeat a direct read of the row's answers names
        planned = []
        for column, name in columns.items():
            target = form.by_name[name]
            direct = direct_key(target, chain)
            if direct is not None and direct[0] == own_level:
                planned.append((column, direct[1], None))
            else:
                planned.append((column, None, reader(target, chain)))
        found = form.cache[key] = _RowPlan(tuple(planned), any(read is not None for _, _, read in planned))
    return found


def project(form: FormDef, answers: dict, *, today: date | None = None) -> Projections:
    """The projection rows of one record's answers."""
    root = Frame(answers if isinstance(answers, dict) else {}, today or date.today())
    out = Projections()
    for target, spec in form.projections.items():
        columns: dict[str, str] = spec["columns"]
        repeat_name = spec.get("repeat")
        if repeat_name is None:
            row = _plan(form, columns, ()).row(root.root, root)
            setattr(out, target, row)
            continue
        repeat = form.by_name[repeat_name]
        plan = _plan(form, columns, (repeat_name,))
        rows = []
        for position, (item_id, item) in enumerate(ordered_items(raw_container(root.root, repeat))):
            row = plan.row(item, root, repeat_name)
            row.update(member_id=item_id, position=position)
            rows.append(row)
        if target == "person":
            out.persons = rows
    return out
