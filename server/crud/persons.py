"""The server's `person` rows (duplicate finder, dashboard, persons without NIK) from a household's projected
persons — one definition for a pushed household and an imported list."""

from __future__ import annotations

from collections.abc import Iterable

from forms.domain.names import name_key


def _name_key(name: object) -> str:
    """The spelling-forgiving key the duplicate finder compares (the laptops' search key too)."""
    return name_key(name) if isinstance(name, str) else ""


def person_rows(record_id: str, desa: str, no_kk: object, persons: Iterable[dict]) -> list[dict]:
    """One row per projected person; values that are not what the column holds are left empty."""
    kk = no_kk if isinstance(no_kk, str) and len(no_kk) == 16 else None
    rows = []
    for p in persons:
        nik = p.get("nik")
        rows.append(dict(record_id=record_id, member_id=str(p.get("member_id"))[:64], desa=desa, no_kk=kk,
                         nik=nik if isinstance(nik, str) and len(nik) == 16 else None,
                         name_key=_name_key(p.get("name"))[:200],
                         birth_date=p.get("birth_date") if isinstance(p.get("birth_date"), str) else None,
                         sex=p.get("sex") if p.get("sex") in ("L", "P") else None,
                         status=p.get("status") if isinstance(p.get("status"), str) else None))  # fmt: skip
    return rows
