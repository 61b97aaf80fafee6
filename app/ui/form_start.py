"""What a new form starts from, so a volunteer types only what is new (ODK's defaults and "last-saved"
values, issue #27): each question's `default` (a member starts "Aktif", "has a NIK"), the region from
the laptop's enrolled area — or the desa of the last household registered here when the laptop serves a
whole kecamatan — and, as suggestions while typing, the free-text answers several earlier records share
(dusun, RT, birthplace). Names, phone numbers and descriptions are personal: a value one record alone
holds is never offered to the next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.ui.form_builder import get
from forms.definition import FormDef
from forms.domain import regions
from forms.validate import new_answers

if TYPE_CHECKING:
    from app.services.records import EntryMemory
    from app.ui.form_editor import FormEditor

PERSONAL_COLUMNS = ("name", "head_name", "subject_name")


def new_answers_for(form: FormDef) -> dict:
    return new_answers(form)


def offered_fields(form: FormDef) -> dict[str, tuple[str, ...]]:
    """Free-text questions whose shared earlier answers are offered: name → path ("*" for every item)."""
    personal = {
        spec["columns"][c]
        for spec in form.projections.values()
        for c in PERSONAL_COLUMNS
        if c in spec["columns"]
    }
    out: dict[str, tuple[str, ...]] = {}
    for f in form.walk():
        if f.type == "text" and f.name not in personal:
            out[f.name] = tuple("*" if kind == "item" else name for kind, name in _steps(f))
    return out


def _steps(f) -> list[tuple[str, str]]:
    """A field's path steps with a placeholder after every repeat (its item ids)."""
    out: list[tuple[str, str]] = []
    for kind, name in f.steps:
        out.append((kind, name))
        if kind == "repeat":
            out.append(("item", "*"))
    return out


def _within(code: str, area: str) -> bool:
    return code == area or code.startswith(area + ".")


def _region_rows(editor: FormEditor):
    return [r for r in editor.rows if not r.container and r.field.type == "region" and not r.item_ids]


def prefill_area(editor: FormEditor) -> None:
    """A new form's region questions from the enrolled area: answered when the area is that level (a desa
    laptop), else the levels above shown chosen (a kecamatan laptop picks only the desa)."""
    area = editor.session.store.area
    if regions.get(area) is None:
        return
    for row in _region_rows(editor):
        if get(editor.answers, row.path) is not None:
            continue
        if regions.get(area).level == row.field.level:
            _answer(editor, row, area)
        else:
            row.widget.preset(area)


def apply_memory(editor: FormEditor, memory: EntryMemory) -> None:
    """The last record's region (inside the area, where the user has not chosen yet) and the suggestions."""
    for row in _region_rows(editor):
        remembered = get(memory.last, row.path)
        current = get(editor.answers, row.path)
        if row.key in editor.touched or current not in (None, memory.area):
            continue
        region = regions.get(remembered) if isinstance(remembered, str) else None
        if region is not None and region.level == row.field.level and _within(remembered, memory.area):
            _answer(editor, row, remembered)
    editor.offered = memory.offered
    for row in editor.rows:
        if not row.container and row.field.name in memory.offered and hasattr(row.widget, "offer"):
            row.widget.offer(memory.offered[row.field.name])
    editor.refresh()


def _answer(editor: FormEditor, row, value: str) -> None:
    """Set a starting answer without making the form dirty: an untouched new form leaves no draft."""
    node = editor.answers
    for key in row.path[:-1]:
        node = node.setdefault(key, {})
    node[row.path[-1]] = value
    row.widget.set_value(value)
