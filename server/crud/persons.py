"""The server's `person` rows (duplicate finder, dashboard, persons without NIK) from a household's projected
persons — one definition for a pushed household and an imported list."""

from __future__ import annotations

from collections.abc import Iterable

from forms.domain.names import name_key


def _name_key(name: object) -> str:
    """The spelling-forgiving key the duplicate finder compares (the laptops' search key too)."""
    return name_key(name) if isinstance(name, str) else ""


def decile_of(answer: object) -> str | None:
    """A household's DTSEN decile as the record row keeps it: "1".."10", or None ("tidak_tahu", no answer)."""
    text = str(answer) if isinstance(answer, (str, int)) and not isinstance(answer, bool) else ""
    return text if text.isdigit() and len(text) <= 2 else None


def ppks_of(answer: object) -> str | None:
    """A member's PPKS categories as the person row keeps them: codes separated by spaces, or None."""
    codes = answer if isinstance(answer, list) else [answer] if answer else []
    text = " ".join(str(code) for code in codes if code)[:400]
    return text or None


def person_rows(record_id: str, desa: str, no_kk: object, persons: Iterable[dict]) -> list[dict]:
    """One row per projected person; values that are not what the column holds are left empty."""
    kk = no_kk if isinstance(no_kk, str) and len(no_kk) == 16 else None
    rows = []
    for p in persons:
        get = p.get  # each column read once (a household has ~5 persons, each pushed household is rewritten)
        nik, name, birth_date = get("nik"), get("name"), get("birth_date")
        sex, status, reason = get("sex"), get("status"), get("no_nik_reason")
        rows.append({"record_id": record_id, "member_id": str(get("member_id"))[:64], "desa": desa, "no_kk": kk,
                     "nik": nik if isinstance(nik, str) and len(nik) == 16 else None,
                     "name_key": _name_key(name)[:200],
                     "birth_date": birth_date if isinstance(birth_date, str) else None,
                     "sex": sex if sex in ("L", "P") else None,
                     "status": status if isinstance(status, str) else None, "ppks": ppks_of(get("ppks")),
                     "no_nik_reason": reason[:20] if isinstance(reason, str) and reason != "ada" else None})  # fmt: skip
    return rows
