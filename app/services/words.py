"""Projection columns in words: the question that feeds a column as its heading, a stored code as the form's
choice label ("P" -> "Perempuan", "aktif" -> "Aktif", PPKS codes -> the categories' names), a date as people
write it — for lists and exports; the data keeps codes. The labels are the form's own (forms/display.py), so a
district's new choice is worded without a release. No Qt here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.services.records import HOUSEHOLD_FORM
from app.store.store import Store
from forms.display import answer_text, column_field

# A column's heading when the form in use does not feed it (an old or a district's own definition): never the
# column's code.
FALLBACK_HEADINGS = {
    "name": ("Nama", "Name"), "nik": ("NIK", "NIK"), "no_nik_reason": ("Alasan tanpa NIK", "Why no NIK"),
    "sex": ("Jenis kelamin", "Sex"), "birth_date": ("Tanggal lahir", "Date of birth"), "desa": ("Desa", "Village"),
    "ppks": ("Kategori PPKS", "PPKS categories"), "status": ("Status", "Status"),
    "disability": ("Disabilitas", "Disability"), "relation": ("Hubungan", "Relation"), "no_kk": ("No. KK", "No. KK"),
    "head_name": ("Kepala keluarga", "Head of household"), "address": ("Alamat", "Address"),
    "decile": ("Desil", "Decile"), "member_count": ("Jumlah anggota", "Members"),
}  # fmt: skip


@dataclass(frozen=True)
class ColumnWords:
    heading: str  # the question's label, e.g. "Jenis kelamin"
    text: Callable[[object], str]  # a stored value in words ("" for none)
    longest: str = ""  # the longest of its choices in words (a list sizes its column by it)


def date_text(value: object) -> str:
    """An ISO date as written on a KTP: "1985-05-15" -> "15-05-1985"; anything else as it is."""
    text = str(value or "")
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit():
        return f"{text[8:]}-{text[5:7]}-{text[:4]}"
    return text


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 36, not 36.0
    return str(value)


def column_words(store: Store, target: str, column: str, lang: str = "id") -> ColumnWords:
    """Words for one projection column of the household form (`target` "person" or "household")."""
    field = column_field(store.registry.latest(HOUSEHOLD_FORM), target, column)
    fallback = FALLBACK_HEADINGS.get(column, (column, column))[1 if lang == "en" else 0]
    if field is None:
        return ColumnWords(fallback, _plain)
    label = field.label.get(lang) or field.label.get("id") or fallback

    def text(value: object) -> str:
        if value in (None, "", []):
            return ""
        if field.type == "date":
            return date_text(value)
        if field.type in ("select_one", "select_multiple"):
            return answer_text(field, value, lang)
        return _plain(value)

    longest = max((answer_text(field, c.value, lang) for c in field.choices), key=len, default="")
    return ColumnWords(label, text, longest)
