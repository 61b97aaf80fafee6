"""Read-only queries over complaints: the paged and searched list, the oldest first for the workflow, a
complaint's timeline, its reference and what its receipt prints."""

from __future__ import annotations

from dataclasses import dataclass

from app.store.queries import Page, _range, _token
from forms.domain.names import name_key
from forms.domain.nik import normalize_digits

COMPLAINT_SORTS = {"received": "c.received_at", "status": "c.status", "reference": "c.reference",
                   "desa": "c.desa_name"}  # fmt: skip


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


def complaint_matches(text: str) -> tuple[str, list] | None:
    """A compound SELECT of the complaint record ids the typed text finds (every word, or the whole text)."""
    words = list(dict.fromkeys(w for w in (_token(t) for t in text.split()) if w))
    if not words:
        return None
    one = "SELECT record_id FROM search_word WHERE kind = 'complaint' AND word >= ? AND word < ?"
    sql = " INTERSECT ".join([one] * len(words))
    params = [x for w in words for x in _range(w)]
    whole = normalize_digits(text) if normalize_digits(text).isdigit() else name_key(text)
    if len(words) > 1 and whole:
        sql = f"SELECT * FROM ({sql}) UNION {one}"
        params += _range(whole)
    return sql, params


def complaints(conn, *, query: str = "", sort: str = "received", descending: bool = True, offset: int = 0,
               limit: int = 100) -> Page:  # fmt: skip
    order = COMPLAINT_SORTS.get(sort, COMPLAINT_SORTS["received"]) + (" DESC" if descending else "")
    found = complaint_matches(query) if query.strip() else None
    if query.strip() and found is None:
        return Page([], 0)
    if found:
        base, params = f"FROM complaint c WHERE c.record_id IN ({found[0]})", list(found[1])
    else:
        base, params = "FROM complaint c", []
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = conn.execute(
        "SELECT c.record_id, c.reference, c.category, c.urgency, c.subject_name, c.desa_name, c.status, "
        f"c.received_at, c.status_at {base} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset],
    ).fetchall()  # fmt: skip
    return Page([ComplaintRow(*r) for r in rows], total)


_COLUMNS = "record_id, reference, category, urgency, subject_name, desa_name, status, received_at, status_at"


def oldest_first(conn, limit: int) -> list[ComplaintRow]:
    """Every complaint (up to `limit`), the oldest received first."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM complaint ORDER BY received_at LIMIT ?", (limit,)).fetchall()
    return [ComplaintRow(*r) for r in rows]


def timeline(conn, record_id: str) -> list[tuple]:
    """(step, at, by, note, referral, origin) of a complaint's events in time order."""
    return conn.execute(
        "SELECT step, at, by, note, referral, origin FROM complaint_event WHERE record_id = ? ORDER BY at, rowid",
        (record_id,),
    ).fetchall()


def reference_of(conn, record_id: str) -> str | None:
    row = conn.execute("SELECT reference FROM complaint WHERE record_id = ?", (record_id,)).fetchone()
    return row[0] if row and row[0] else None


def receipt_row(conn, record_id: str) -> tuple | None:
    """(reference, category, subject name, desa name, received at, desa code) of a stored complaint."""
    return conn.execute(
        "SELECT reference, category, subject_name, desa_name, received_at, desa FROM complaint WHERE record_id = ?",
        (record_id,),
    ).fetchone()
