"""A record's answers as people read them: each answered question's label and its answer in words (a choice's
label, not its code; a desa's name; yes or no), in the form's order. Shared by every screen that shows a record
whole; nothing here knows how it is drawn."""

from __future__ import annotations

import re
from dataclasses import dataclass

from forms.definition import Field, FormDef
from forms.domain import regions
from forms.domain.phone import display_phone
from forms.scope import ordered_items

_YES_NO = {"id": ("Ya", "Tidak"), "en": ("Yes", "No")}
_SKIPPED = ("note", "calculate")


@dataclass(frozen=True)
class AnswerLine:
    name: str  # the field's path, e.g. "kategori" or "anggota/2/nama"
    label: str  # the question, in the asked language
    text: str  # the answer in words ("" for a photo)
    photo: str | None = None  # a photo's SHA-256


def _label(texts: dict[str, str], lang: str, fallback: str) -> str:
    return texts.get(lang) or texts.get("id") or fallback


def _choice(f: Field, value: object, lang: str) -> str:
    found = next((c for c in f.choices if c.value == value), None)
    return _label(found.label, lang, str(value)) if found is not None else str(value)


def answer_text(f: Field, value: object, lang: str = "id") -> str:
    """One answer in words."""
    if f.type == "select_one":
        return _choice(f, value, lang)
    if f.type == "select_multiple" and isinstance(value, list):
        return ", ".join(_choice(f, v, lang) for v in value)
    if f.type == "yes_no" and isinstance(value, bool):
        yes, no = _YES_NO.get(lang, _YES_NO["id"])
        return yes if value else no
    if f.type == "geopoint" and isinstance(value, dict) and "lat" in value and "lon" in value:
        accuracy = value.get("accuracy")
        return f"{value['lat']}, {value['lon']}" + (f" (± {accuracy} m)" if accuracy is not None else "")
    if f.type == "phone" and isinstance(value, str):
        return display_phone(value)
    if f.type in ("time", "datetime") and isinstance(value, str):  # 09:15:00.000+07:00 as 09:15 (+07:00)
        return re.sub(
            r"^(?:(\d{4}-\d\d-\d\d)T)?(\d\d:\d\d)(?::00)?(?::\d\d)?(?:\.\d+)?(Z|[+-]\d\d:\d\d)?$",
            lambda m: " ".join(x for x in (m[1], m[2], f"({m[3]})" if m[3] else "") if x),
            value,
        )
    if f.type == "region" and isinstance(value, str):
        region = regions.get(value)
        return f"{region.name} ({value})" if region is not None else value
    return str(value)


def column_field(form: FormDef, target: str, column: str) -> Field | None:
    """The question that feeds a projection column (e.g. the complaint's "category" is `kategori`), so a list
    built from codes can say them in words with `answer_text`."""
    name = form.projections.get(target, {}).get("columns", {}).get(column, "")
    return form.by_name.get(name) if name else None


def raw_lines(flat: dict) -> list[AnswerLine]:
    """Answers whose form version is not known here, as they are stored (path and value): shown, not lost."""
    return [
        AnswerLine(path, path, str(value)) for path, value in sorted(flat.items()) if value not in (None, "")
    ]


def answer_lines(form: FormDef, answers: dict, lang: str = "id") -> list[AnswerLine]:
    """Every answered question of `answers` (nested, as `sync.paths.unflatten` gives them), in form order;
    a repeat's items are numbered in their order ("Anggota 1 — Nama")."""
    lines: list[AnswerLine] = []

    def walk(fields: list[Field], obj: dict, prefix: str, title: str) -> None:
        for f in fields:
            value = obj.get(f.name)
            label = _label(f.label, lang, f.name)
            if f.type == "group" and isinstance(value, dict):
                walk(f.fields, value, f"{prefix}{f.name}/", title)
            elif f.type == "repeat":
                for n, (item_id, item) in enumerate(ordered_items(value), start=1):
                    walk(f.fields, item, f"{prefix}{f.name}/{item_id}/", f"{title}{label} {n} — ")
            elif f.type not in _SKIPPED and value not in (None, "", []):
                photo = value if f.type == "photo" and isinstance(value, str) else None
                text = "" if photo else answer_text(f, value, lang)
                lines.append(AnswerLine(prefix + f.name, title + label, text, photo))

    walk(form.fields, answers if isinstance(answers, dict) else {}, "", "")
    return lines
