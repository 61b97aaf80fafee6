"""What the line under a question says: its problems (once the user has been there, or everywhere after
a save), "this NIK is already registered here" with links, the persons the district confirmed as this same
person, and an override's reason. Texts are in the form editor's translation context."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.ui.form_rows import FieldRow

if TYPE_CHECKING:
    from app.ui.form_editor import FormEditor

ERROR_COLOUR, WARNING_COLOUR = "#b00020", "#a15c00"


def _tr(text: str) -> str:
    return QCoreApplication.translate("FormEditor", text)


def message_lines(e: FormEditor, row: FieldRow, overridden: dict) -> list[str]:
    problems = e.problems.get(row.key, [])
    if not e.show_all and row.key not in e.touched:
        problems = []  # no "required" shouting at fields nobody has reached yet
    lines = [
        f"<span style='color:{ERROR_COLOUR if p.is_error else WARNING_COLOUR}'>{html.escape(p.message(e.lang))}</span>"
        for p in problems
    ]
    if row.container:
        return lines
    noted = e.notes.get(row.key)
    if noted is not None and row.key not in e.touched and row.widget.value() == noted[0]:
        lines.append(f"<span style='color:gray'>{html.escape(noted[1])}</span>")
    lines += _registered_lines(e, row)
    lines += _linked_lines(e, row)
    if row.key in overridden:
        reason = html.escape(overridden[row.key])
        lines.append(
            QCoreApplication.translate("FormEditor", "Dikecualikan dengan alasan: {reason}").format(
                reason=reason
            )
        )
    return lines


def _linkable(e: FormEditor, row: FieldRow) -> None:
    if not row.message.property("linked"):
        row.message.setProperty("linked", True)
        row.message.linkActivated.connect(e.open_record)


def _registered_lines(e: FormEditor, row: FieldRow) -> list[str]:
    found = e.registered.get(row.key) or []
    if not found:
        return []
    links = ", ".join(f"<a href='{p.record_id}'>{html.escape(p.name)}</a>" for p in found[:3])
    _linkable(e, row)
    text = QCoreApplication.translate("FormEditor", "NIK sudah terdaftar di laptop ini: {people}")
    return [text.format(people=links)]


def _linked_lines(e: FormEditor, row: FieldRow) -> list[str]:
    """Under a member's name: the persons the district confirmed as this same person (console review)."""
    person = e.form.projections.get("person", {})
    parts = row.key.split("/")
    if (
        len(parts) != 3
        or parts[0] != person.get("repeat")
        or parts[2] != person.get("columns", {}).get("name")
    ):
        return []
    found = e.linked.get(parts[1]) or []
    if not found:
        return []
    elsewhere = QCoreApplication.translate(
        "FormEditor", "seseorang di desa lain (datanya tidak ada di laptop ini)"
    )
    links = ", ".join(
        f"<a href='{p.record_id}'>{html.escape(p.name)}</a> ({html.escape(p.desa_name or p.desa or '?')})"
        if p is not None
        else elsewhere
        for p in found[:3]
    )
    _linkable(e, row)
    text = QCoreApplication.translate(
        "FormEditor", "Dikonfirmasi kabupaten sebagai orang yang sama dengan: {people}"
    )
    return [text.format(people=links)]


def hint_text(e: FormEditor, row: FieldRow | None) -> str:
    """The line under the form: the focused field's messages as they are now, else its hint, else the keys."""
    if row is not None and not row.container:
        lines = message_lines(e, row, {}) if hasattr(e, "problems") else []
        if lines:
            return "<br>".join(lines[:2])
        if getattr(row, "hint", ""):
            return html.escape(row.hint)
        if row.field.type == "photo":
            keys = QCoreApplication.translate(
                "FormEditor", "Spasi: pilih foto · Enter: pertanyaan berikutnya"
            )
            return f"<span style='color:gray'>{html.escape(keys)}</span>"
    if e.repeat_parts:
        keys = QCoreApplication.translate(
            "FormEditor",
            "Enter: pertanyaan berikutnya yang belum dijawab · Ctrl+M: tambah anggota · Ctrl+S: simpan",
        )
    else:
        keys = QCoreApplication.translate(
            "FormEditor", "Enter: pertanyaan berikutnya yang belum dijawab · Ctrl+S: simpan"
        )
    return f"<span style='color:gray'>{html.escape(keys)}</span>"
