"""What was done for each person, read from the `service` and `visit` projections (migration 7): a person's
services and visits, the last visit of everyone visited, the last service of everyone served, and the person
links that make two household members one person. Plain functions over a connection; no Qt."""

from __future__ import annotations

import json

Person = tuple[str, str]  # (household record id, member id)


def links(conn) -> list[tuple[Person, Person]]:
    """Every confirmed duplicate link on this laptop, as two persons."""
    rows = conn.execute("SELECT record_id, member_id, other_record_id, other_member_id FROM person_link")
    return [((a, b), (c, d)) for a, b, c, d in rows]


def person(conn, who: Person) -> dict | None:
    row = conn.execute(
        "SELECT p.name, p.nik, p.sex, p.birth_date, p.desa, p.desa_name, p.ppks, p.status, h.no_kk, "
        "h.head_name FROM person p LEFT JOIN household h ON h.record_id = p.record_id "
        "WHERE p.record_id = ? AND p.member_id = ?",
        who,
    ).fetchone()
    if row is None:
        return None
    keys = ("name", "nik", "sex", "birth_date", "desa", "desa_name", "ppks", "status", "no_kk", "head_name")
    found = dict(zip(keys, row, strict=True))
    found["ppks"] = json.loads(found["ppks"] or "[]")
    return found


def services_of(conn, persons: list[Person]) -> list[dict]:
    out = []
    for household_id, member_id in persons:
        rows = conn.execute(
            "SELECT record_id, code, date, agency, amount, source, desa FROM service "
            "WHERE household_id = ? AND member_id = ?",
            (household_id, member_id),
        )
        keys = ("record_id", "code", "date", "agency", "amount", "source", "desa")
        out += [dict(zip(keys, r, strict=True)) for r in rows]
    return out


def visits_of(conn, persons: list[Person]) -> list[dict]:
    out = []
    for household_id, member_id in persons:
        rows = conn.execute(
            "SELECT v.record_id, v.date, v.condition, v.next_date, r.answers FROM visit v "
            "JOIN record r ON r.id = v.record_id WHERE v.household_id = ? AND v.member_id = ?",
            (household_id, member_id),
        )
        for record_id, date, condition, next_date, answers in rows:
            needs = json.loads(answers).get("kebutuhan") or []
            out.append(dict(record_id=record_id, date=date, condition=condition, next_date=next_date,
                            needs=needs))  # fmt: skip
    return out


def household_events(conn, household_id: str) -> list[tuple[str, str, str]]:
    """(time, action, operator) of the household record's creation and changes made here, oldest first; a
    household pulled from the district has no local audit, so its row's creation time stands in."""
    rows = conn.execute(
        "SELECT at, action, operator FROM audit WHERE record_id = ? AND action IN ('create', 'update') "
        "ORDER BY at, id",
        (household_id,),
    ).fetchall()
    if not any(action == "create" for _, action, _ in rows):
        made = conn.execute("SELECT created_at FROM record WHERE id = ?", (household_id,)).fetchone()
        if made is not None:
            rows.insert(0, (made[0], "create", ""))
    return rows


def complaints_naming(conn, nik: str | None) -> list[dict]:
    """Complaints whose subject carries this NIK."""
    if not nik:
        return []
    rows = conn.execute(
        "SELECT record_id, reference, category, status, received_at FROM complaint WHERE subject_nik = ?",
        (nik,),
    )
    keys = ("record_id", "reference", "category", "status", "received_at")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def last_visits(conn) -> list[tuple[Person, str, str | None, str | None, str]]:
    """Each visited person's latest visit: (person, date, next date, desa, name)."""
    rows = conn.execute(
        "SELECT v.household_id, v.member_id, max(v.date), v.next_date, v.desa, coalesce(p.name, v.name) "
        "FROM visit v LEFT JOIN person p ON p.record_id = v.household_id AND p.member_id = v.member_id "
        "WHERE v.household_id IS NOT NULL GROUP BY v.household_id, v.member_id"
    )  # SQLite: the bare columns come from the row holding max(date)
    return [((h, m), d, n, desa, name or "") for h, m, d, n, desa, name in rows]


def last_services(conn) -> dict[Person, str]:
    rows = conn.execute(
        "SELECT household_id, member_id, max(date) FROM service WHERE household_id IS NOT NULL "
        "GROUP BY household_id, member_id"
    )
    return {(h, m): d for h, m, d in rows}


def served_in(conn, start: str, end: str) -> list[tuple[Person, str]]:
    """(person, service code) of every service dated within [start, end]."""
    rows = conn.execute(
        "SELECT household_id, member_id, code FROM service WHERE date >= ? AND date <= ? "
        "AND household_id IS NOT NULL",
        (start, end),
    )
    return [((h, m), code) for h, m, code in rows]


def ppks_persons(conn) -> list[tuple[Person, list[str], str, str, str]]:
    """Every living, present person with a PPKS category: (person, categories, name, desa, desa name)."""
    rows = conn.execute(
        "SELECT record_id, member_id, ppks, name, desa, desa_name FROM person "
        "WHERE ppks <> '[]' AND coalesce(status, 'aktif') NOT IN ('meninggal', 'pindah')"
    )
    return [((r, m), json.loads(p), name or "", desa or "", dn or "") for r, m, p, name, desa, dn in rows]
