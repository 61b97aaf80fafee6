"""Members by name: each repeat item's heading ("2. Siti Aminah — Istri, 38 th") and the lines of the
section list, with the problems counted where the user can see them. Read from the definition: the person
projection names the name and relation questions, a PPKS question's `age_field` the age."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.ui.form_builder import get, ordered
from forms.definition import Field, FormDef

if TYPE_CHECKING:
    from app.ui.form_editor import FormEditor


def _new_member() -> str:
    return QCoreApplication.translate("MemberTitles", "Anggota baru")


class MemberTitles:
    def __init__(self, form: FormDef, lang: str) -> None:
        self.form = form
        self.lang = lang
        person = form.projections.get("person", {})
        columns = person.get("columns", {})
        self.parts: dict[str, tuple[str | None, Field | None, str | None]] = {}
        for f in form.walk():
            if f.type != "repeat":
                continue
            is_person = person.get("repeat") == f.name
            name = (
                columns.get("name")
                if is_person
                else next((c.name for c in f.fields if c.type == "text"), None)
            )
            relation = form.by_name.get(columns.get("relation", "")) if is_person else None
            age = next((c.age_field for c in f.fields if c.age_field), None)
            self.parts[f.name] = (name, relation, age)

    def title(self, repeat: str, index: int, item: dict, calculated: dict) -> str:
        name_field, relation, age_field = self.parts.get(repeat, (None, None, None))
        name = (item.get(name_field) or "").strip() if name_field else ""
        text = f"{index}. {name or _new_member()}"
        extra = []
        if relation is not None and item.get(relation.name) is not None:
            chosen = next((c for c in relation.choices if c.value == item.get(relation.name)), None)
            if chosen is not None:
                extra.append(chosen.label.get(self.lang) or chosen.label.get("id") or chosen.value)
        age = calculated.get(age_field) if age_field else None
        if isinstance(age, (int, float)) and age == age:  # not NaN
            extra.append(QCoreApplication.translate("MemberTitles", "{age} th").format(age=int(age)))
        return text + (" — " + ", ".join(extra) if extra else "")

    @staticmethod
    def _problems(editor: FormEditor, prefix: str, shown: bool) -> int:
        """Errors under a path prefix the user is shown (everywhere after a save, else where they typed)."""
        return sum(
            1
            for path, found in getattr(editor, "problems", {}).items()
            if path.startswith(prefix)
            for p in found
            if p.is_error and (shown or path in editor.touched)
        )

    def update(self, editor: FormEditor, calculated: dict) -> None:
        for item_id, (box, path, index) in editor.members.items():
            item = get(editor.answers, (*path, item_id)) or {}
            calc = get(calculated, (*path, item_id)) or {}
            title = self.title(path[-1], index, item, calc)
            problems = self._problems(editor, "/".join((*path, item_id)) + "/", editor.show_all)
            if problems and box.collapsed:
                title += "  " + QCoreApplication.translate("MemberTitles", "(%n masalah)", "", problems)
            if title != box.title:
                box.set_title(title)

    def entries(self, editor: FormEditor, shown: bool) -> list[tuple[int, str, str, int]]:
        """The section list: each section, and under a members' section each member by name."""
        out: list[tuple[int, str, str, int]] = []
        for n, section in enumerate(editor.sections):
            prefixes = [f.name for f in section.fields]
            problems = sum(self._problems(editor, p + "/", shown) + self._problems_at(editor, p, shown)
                           for p in prefixes)  # fmt: skip
            label = section.title
            if section.repeat is not None:
                count = len(ordered(get(editor.answers, (section.repeat.name,))))
                label = f"{label} ({count})"
            out.append((n, "", f"{n + 1}. {label}", problems))
            if section.repeat is None:
                continue
            items = ordered(get(editor.answers, (section.repeat.name,)))
            for index, (item_id, item) in enumerate(items, start=1):
                name_field = self.parts.get(section.repeat.name, (None,))[0]
                name = (item.get(name_field) or "").strip() if name_field else ""
                text = f"{index}. {name or _new_member()}"
                prefix = f"{section.repeat.name}/{item_id}/"
                out.append((n, item_id, text, self._problems(editor, prefix, shown)))
        return out

    @staticmethod
    def _problems_at(editor: FormEditor, path: str, shown: bool) -> int:
        found = getattr(editor, "problems", {}).get(path, [])
        return sum(1 for p in found if p.is_error and (shown or path in editor.touched))


def repeat_paths(form: FormDef) -> list[tuple]:
    return [tuple(k for _, k in f.steps) for f in form.walk() if f.type == "repeat"]


def item_ids(form: FormDef, answers: dict) -> set[str]:
    """Every repeat item's id in these answers."""
    found: set[str] = set()
    for path in repeat_paths(form):
        items = get(answers, path)
        if isinstance(items, dict):
            found.update(items)
    return found


def initially_collapsed(form: FormDef, answers: dict, *, saved: bool, focus_path: str | None) -> set[str]:
    """A saved household opens with its members folded under their names (the one asked for open); a
    draft with all but the last, where the volunteer stopped; a new one with all open."""
    ids = [i for path in repeat_paths(form) for i, _ in ordered(get(answers, path))]
    if len(ids) < 2:
        return set()
    if focus_path:
        return {i for i in ids if i not in focus_path.split("/")}
    return set(ids) if saved else set(ids[:-1])
