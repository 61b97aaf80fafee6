"""What a new form starts from, so a volunteer types only what is new (ODK's defaults and "last-saved"
values, issue #27): each question's `default` (a member starts "Aktif", "has a NIK"), the region from
the laptop's enrolled area — or the desa of the last household registered here when the laptop serves a
whole kecamatan — and, as suggestions while typing, the free-text answers several earlier records share
(dusun, RT, birthplace) and the answers of the members above. Names, phone numbers and descriptions are
personal: a value one record alone holds is never offered to the next. Within a household, what one
answer already says fills another: the NIK gives the birth date and the sex, the head's name the first
member — each marked where it came from, for the volunteer to check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.ui.form_builder import get
from forms.definition import FormDef
from forms.domain import dates, regions
from forms.domain.nik import check_nik
from forms.metadata import fill_metadata
from forms.validate import new_answers, offered_choices, value_set_by_trigger

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
    laptop), else the levels above shown chosen (a kecamatan laptop picks only the desa); and its XLSForm
    metadata (start, today, deviceid, username)."""
    store = editor.session.store
    fill_metadata(
        editor.form, editor.answers, event="start", device_id=store.device_id, username=store.operator
    )
    area = store.area
    if regions.get(area) is None:
        return
    for row in _region_rows(editor):
        if get(editor.answers, row.path) is not None:
            continue
        if regions.get(area).level == row.field.level:
            _answer(editor, row, area)
        else:
            row.widget.preset(area)


def filter_choices(editor: FormEditor) -> None:
    """Each select with a choice_filter offers only the choices it keeps, given the answers as they are; a
    question with an XLSForm trigger takes its calculated value when a trigger question has changed."""
    apply_triggers(editor)
    for row in editor.rows:
        if row.field.choice_filter_fn is not None and hasattr(row.widget, "offer_only"):
            row.widget.offer_only(offered_choices(editor.form, row.field.name, editor.answers, row.item_ids))


def apply_triggers(editor: FormEditor) -> None:
    seen = editor.__dict__.setdefault("trigger_seen", {})  # row key -> the trigger answers last seen
    for row in editor.rows:
        f = row.field
        if not f.set_on:
            continue
        now = tuple(repr(_trigger_answer(editor, row, name)) for name in f.set_on)
        before = seen.get(row.key)
        seen[row.key] = now
        if before is None or before == now:
            continue  # first sight (a saved answer stays), or nothing changed
        value = value_set_by_trigger(editor.form, f.name, editor.answers, row.item_ids)
        if value in ("", [], None):
            _container_of(editor, row).pop(row.path[-1], None)
            row.widget.set_value(None)
        else:
            _answer(editor, row, value)
        editor.dirty = True


def _container_of(editor: FormEditor, row) -> dict:
    node = editor.answers
    for key in row.path[:-1]:
        node = node.setdefault(key, {})
    return node


def _trigger_answer(editor: FormEditor, row, name: str):
    other = next((r for r in editor.rows if r.field.name == name and
                  all(row.item_ids.get(k) == v for k, v in r.item_ids.items())), None)  # fmt: skip
    return get(editor.answers, other.path) if other is not None else None


def stamp_saved(editor: FormEditor) -> None:
    """A save writes the XLSForm `end` metadata: when the record was last saved."""
    fill_metadata(editor.form, editor.answers, event="save")


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
            row.widget.offer(suggestions(editor, row))
    editor.refresh()


def _answer(editor: FormEditor, row, value: str) -> None:
    """Set a starting answer without making the form dirty: an untouched new form leaves no draft."""
    node = editor.answers
    for key in row.path[:-1]:
        node = node.setdefault(key, {})
    node[row.path[-1]] = value
    row.widget.set_value(value)


HEAD_RELATION = "kepala"  # the relation choice meaning "head of the household" in the shipped forms


def _set(editor: FormEditor, path: tuple, value, note: str) -> None:
    """A starting answer the user can see and change: set, shown, and said where it came from."""
    row = next((r for r in editor.rows if r.path == path), None)
    node = editor.answers
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    editor.notes["/".join(path)] = (value, note)
    if row is not None:
        row.widget.set_value(value)


def fill_from_nik(editor: FormEditor, row, value) -> None:
    """A NIK holds the birth date and the sex: fill them in when they are empty (or still what the last NIK
    gave), so the volunteer checks them against the KTP instead of typing them."""
    info = check_nik(value) if isinstance(value, str) else None
    if info is None or not info.valid or info.sex is None:
        return
    born = dates.from_parts(info.day, info.month, info.yy)
    container = get(editor.answers, row.path[:-1]) if len(row.path) > 1 else editor.answers
    wanted = {row.field.cross_check.get("sex"): info.sex,
              row.field.cross_check.get("birth_date"): born.isoformat() if born else None}  # fmt: skip
    for name, found in wanted.items():
        if not name or found is None:
            continue
        path = (*row.path[:-1], name)
        key = "/".join(path)
        current = (container or {}).get(name)
        earlier = editor.notes.get(key, (None,))[0]
        if key not in editor.touched and current in (None, earlier):
            _set(
                editor,
                path,
                found,
                QCoreApplication.translate("FormEditor", "Diisi dari NIK — periksa dengan KTP"),
            )


def start_first_member(editor: FormEditor, path: tuple, item: dict) -> None:
    """The first member of a household is usually its head: named as the head, related as the head."""
    person = editor.form.projections.get("person", {})
    household = editor.form.projections.get("household", {})
    if person.get("repeat") != path[-1] or len(path) != 1:
        return
    head_field = editor.form.by_name.get(household.get("columns", {}).get("head_name", ""))
    head = get(editor.answers, tuple(k for _, k in head_field.steps)) if head_field else None
    name_field = person["columns"].get("name")
    relation = editor.form.by_name.get(person["columns"].get("relation", ""))
    if isinstance(head, str) and head.strip() and name_field and not item.get(name_field):
        item[name_field] = head.strip()
    if relation is not None and HEAD_RELATION in relation.choice_values and not item.get(relation.name):
        item[relation.name] = HEAD_RELATION


def suggestions(editor: FormEditor, row) -> list[str]:
    """For a free-text question: its answers in the other members above, then the shared earlier ones."""
    found: list[str] = []
    if row.field.name not in offered_fields(editor.form):
        return found  # a name is personal: never offered
    repeat = next(iter(row.item_ids), None)
    if repeat is not None:
        items = get(editor.answers, row.path[:-2]) or {}
        for item_id, item in sorted(
            items.items(), key=lambda kv: -kv[1].get("_pos", 0) if isinstance(kv[1], dict) else 0
        ):
            value = (
                item.get(row.field.name)
                if isinstance(item, dict) and item_id != row.item_ids[repeat]
                else None
            )
            if isinstance(value, str) and value.strip() and value not in found:
                found.append(value)
    for value in editor.offered.get(row.field.name, []):
        if value not in found:
            found.append(value)
    return found
