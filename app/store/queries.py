"""Read-only queries over the projections: paged lists, search, lookups, counts. Lists read projections only."""

from __future__ import annotations

import json
from dataclasses import dataclass

from forms.domain.names import name_key
from forms.domain.nik import normalize_digits

PERSON_SORTS = {
    "name": "p.name COLLATE NOCASE",
    "nik": "p.nik",
    "desa": "p.desa_name",
    "birth_date": "p.birth_date",
}
COMPLAINT_SORTS = {"received": "c.received_at", "status": "c.status", "reference": "c.reference",
                   "desa": "c.desa_name"}  # fmt: skip


@dataclass(frozen=True)
class PersonRow:
    record_id: str
    member_id: str
    name: str
    nik: str | None
    no_nik_reason: str | None
    sex: str | None
    birth_date: str | None
    desa: str | None
    desa_name: str | None
    status: str | None
    ppks: list[str]
    no_kk: str | None
    head_name: str | None
    disability: list[str]


@dataclass(frozen=True)
class ComplaintRow:
    record_id: str
    reference: str
    category: str | None
    urgency: str | None
    subject_name: str | None
    desa_name: str | None
    status: str
    received_at: str
    status_at: str


@dataclass(frozen=True)
class Page:
    rows: list
    total: int


def fts_query(text: str) -> str | None:
    """An FTS5 trigram query: every typed word (folded as names are) must appear, or the whole text folded.

    Words under 3 characters cannot use the trigram index and are left out; None when nothing is left.
    """
    words = [w for w in (name_key(w) if not w.isdigit() else w for w in text.split()) if len(w) >= 3]
    digits = normalize_digits(text)
    whole = digits if digits.isdigit() else name_key(text)
    parts = []
    if words:
        parts.append("(" + " AND ".join(f'"{w}"' for w in words) + ")")
    if len(whole) >= 3 and (len(words) != 1 or whole != words[0]):
        parts.append(f'"{whole}"')
    return " OR ".join(parts) or None


def _person(row) -> PersonRow:
    return PersonRow(row[0], row[1], row[2] or "", row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                     json.loads(row[10] or "[]"), row[11], row[12], json.loads(row[13] or "[]"))  # fmt: skip


_PERSON_COLUMNS = ("p.record_id, p.member_id, p.name, p.nik, p.no_nik_reason, p.sex, p.birth_date, p.desa, "
                   "p.desa_name, p.status, p.ppks, h.no_kk, h.head_name, p.disability")  # fmt: skip


def persons(conn, *, query: str = "", sort: str = "name", descending: bool = False, offset: int = 0,
            limit: int = 100, without_nik: bool = False) -> Page:  # fmt: skip
    """A page of persons, searched (name variants, NIK, No. KK, desa) and sorted."""
    order = PERSON_SORTS.get(sort, PERSON_SORTS["name"]) + (" DESC" if descending else "")
    where, params = ["1 = 1"], []
    if without_nik:
        where.append("p.nik IS NULL")
    match = fts_query(query) if query.strip() else None
    if query.strip() and match is None:
        like = f"%{query.strip()}%"
        where.append("(p.name LIKE ? OR p.nik LIKE ?)")
        params += [like, like]
    if match:
        source = ("(SELECT DISTINCT record_id, member_id FROM search_index WHERE search_index MATCH ? "
                  "AND kind = 'person') s JOIN person p ON p.record_id = s.record_id AND p.member_id = s.member_id")  # fmt: skip
        params = [match, *params]
    else:
        source = "person p"
    base = f"FROM {source} LEFT JOIN household h ON h.record_id = p.record_id WHERE {' AND '.join(where)}"
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = conn.execute(f"SELECT {_PERSON_COLUMNS} {base} ORDER BY {order}, p.record_id, p.member_id LIMIT ? OFFSET ?",
                        [*params, limit, offset]).fetchall()  # fmt: skip
    return Page([_person(r) for r in rows], total)


def persons_with_nik(conn, nik: str, *, exclude_record: str | None = None) -> list[PersonRow]:
    digits = normalize_digits(nik)
    rows = conn.execute(
        f"SELECT {_PERSON_COLUMNS} FROM person p LEFT JOIN household h ON h.record_id = p.record_id "
        "WHERE p.nik = ? AND p.record_id != ?", (digits, exclude_record or ""),
    ).fetchall()  # fmt: skip
    return [_person(r) for r in rows]


def complaints(conn, *, query: str = "", sort: str = "received", descending: bool = True, offset: int = 0,
               limit: int = 100) -> Page:  # fmt: skip
    order = COMPLAINT_SORTS.get(sort, COMPLAINT_SORTS["received"]) + (" DESC" if descending else "")
    match = fts_query(query) if query.strip() else None
    if match:
        base = ("FROM complaint c WHERE c.record_id IN (SELECT record_id FROM search_index WHERE search_index "
                "MATCH ? AND kind = 'complaint')")  # fmt: skip
        params: list = [match]
    else:
        base, params = "FROM complaint c", []
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = conn.execute(
        "SELECT c.record_id, c.reference, c.category, c.urgency, c.subject_name, c.desa_name, c.status, "
        f"c.received_at, c.status_at {base} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset],
    ).fetchall()  # fmt: skip
    return Page([ComplaintRow(*r) for r in rows], total)


def counts_by_desa_and_ppks(conn) -> list[tuple[str, str, int]]:
    """(desa name, PPKS code, persons) for active persons."""
    return conn.execute(
        "SELECT p.desa_name, j.value, count(*) FROM person p, json_each(p.ppks) j "
        "WHERE p.status = 'aktif' GROUP BY p.desa_name, j.value ORDER BY p.desa_name, j.value"
    ).fetchall()


def totals(conn) -> dict[str, int]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "households": one("SELECT count(*) FROM household"),
        "persons": one("SELECT count(*) FROM person"),
        "persons_without_nik": one("SELECT count(*) FROM person WHERE nik IS NULL"),
        "complaints": one("SELECT count(*) FROM complaint"),
        "records": one("SELECT count(*) FROM record WHERE deleted = 0"),
    }
