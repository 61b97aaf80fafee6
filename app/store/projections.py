"""The projections: the household, person and complaint rows and the search words a record's answers give
(`forms.projection`), rewritten with the record in its own transaction; and a complaint's events, which
move its status. Plain functions over a connection inside the writer's transaction."""

from __future__ import annotations

import uuid

from app.store.queries import complaint_words, person_text, person_words
from app.store.values import now_iso, to_json
from forms.domain import regions
from sync.protocol import ComplaintStep

_WORD_SQL = "INSERT OR IGNORE INTO search_word(kind, word, sort, record_id, member_id) VALUES (?, ?, ?, ?, ?)"
_TEXT_SQL = "INSERT INTO person_text(sort, record_id, member_id, text) VALUES (?, ?, ?, ?)"
TABLES = ("household", "person", "complaint", "service", "visit")


def desa_of(projections) -> str | None:
    for row in (projections.household, projections.complaint, projections.service, projections.visit):
        if row and row.get("desa"):
            return row["desa"]
    return None


def clear(conn, record_id: str) -> None:
    for table in TABLES:
        conn.execute(f"DELETE FROM {table} WHERE record_id = ?", (record_id,))
    conn.execute("DELETE FROM search_word WHERE record_id = ?", (record_id,))
    conn.execute("DELETE FROM person_text WHERE record_id = ?", (record_id,))


def write(conn, record_id: str, rows, reference: str | None, *, new: bool) -> None:
    """Replace a record's projection rows by `rows` (a `forms.projection` result); a complaint keeps its
    status and dates (its events' work)."""
    status = None
    if rows.complaint is not None and not new:
        status = conn.execute("SELECT status, received_at, status_at FROM complaint WHERE record_id = ?",
                              (record_id,)).fetchone()  # fmt: skip
    if not new:  # a new record has no projections yet
        clear(conn, record_id)
    desa = desa_of(rows)
    desa_name = (regions.get(desa).name if desa and regions.get(desa) else "") or ""
    household = rows.household
    if household is not None:
        conn.execute(
            "INSERT INTO household(record_id, no_kk, head_name, desa, desa_name, address, decile, member_count) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, household.get("no_kk"), household.get("head_name"), desa, desa_name,
             household.get("address"), household.get("decile"), household.get("member_count")),
        )  # fmt: skip
    _write_persons(
        conn, record_id, rows.persons, household.get("no_kk") if household else None, desa, desa_name
    )
    complaint = rows.complaint
    if complaint is not None:
        received = status[1] if status else now_iso()
        conn.execute(
            "INSERT INTO complaint(record_id, reference, category, urgency, subject_name, subject_nik, desa, "
            "desa_name, referral, status, received_at, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, reference, complaint.get("category"), complaint.get("urgency"),
             complaint.get("subject_name"), complaint.get("subject_nik"), desa, desa_name,
             complaint.get("referral"), status[0] if status else ComplaintStep.DITERIMA.value, received,
             status[2] if status else received),
        )  # fmt: skip
        words = complaint_words(
            complaint.get("subject_name"), complaint.get("subject_nik"), reference, desa_name
        )
        conn.executemany(_WORD_SQL, [("complaint", w, "", record_id, "") for w in words])
    _write_care(conn, record_id, rows, desa)


def _write_care(conn, record_id: str, rows, desa: str | None) -> None:
    """A service's or visit's one row, keyed to its subject (household record id, member id)."""
    if rows.service is not None:
        s = rows.service
        amount = s.get("amount")
        conn.execute(
            "INSERT INTO service(record_id, household_id, member_id, name, desa, code, date, agency, amount, "
            "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, s.get("household_id"), s.get("member_id"), s.get("name"), desa, s.get("code"),
             s.get("date"), s.get("agency"), amount if isinstance(amount, (int, float)) else None, s.get("source")),
        )  # fmt: skip
    if rows.visit is not None:
        v = rows.visit
        conn.execute(
            "INSERT INTO visit(record_id, household_id, member_id, name, desa, date, condition, next_date) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, v.get("household_id"), v.get("member_id"), v.get("name"), desa, v.get("date"),
             v.get("condition"), v.get("next_date")),
        )  # fmt: skip


def _write_persons(
    conn, record_id: str, persons: list, kk: str | None, desa: str | None, desa_name: str
) -> None:
    conn.executemany(
        "INSERT INTO person(record_id, member_id, position, nik, no_nik_reason, name, sex, birth_date, desa, "
        "desa_name, ppks, status, disability, relation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(record_id, person["member_id"], person["position"], person.get("nik"),
          None if person.get("nik") else person.get("no_nik_reason"), person.get("name"), person.get("sex"),
          person.get("birth_date"), desa, desa_name, to_json(person.get("ppks") or []), person.get("status"),
          to_json(person.get("disability") or []), person.get("relation")) for person in persons],
    )  # fmt: skip
    words = [
        (person, person_words(person.get("name"), person.get("nik"), kk, desa_name)) for person in persons
    ]
    conn.executemany(_WORD_SQL, [("person", w, person.get("name") or "", record_id, person["member_id"])
                                 for person, found in words for w in found])  # fmt: skip
    conn.executemany(_TEXT_SQL, [(person.get("name") or "", record_id, person["member_id"], person_text(found))
                                 for person, found in words])  # fmt: skip


def add_event(conn, record_id: str, step: ComplaintStep, at: str, *, by: str, note: str = "", referral: str = "",
              origin: str = "device", event_id: str | None = None) -> None:  # fmt: skip
    """A step of a complaint (once per event id); the complaint's status follows its latest step."""
    conn.execute(
        "INSERT OR IGNORE INTO complaint_event(id, record_id, step, at, by, note, referral, origin) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (event_id or str(uuid.uuid4()), record_id, step.value, at, by, note, referral, origin),
    )
    conn.execute("UPDATE complaint SET status = ?, status_at = ? WHERE record_id = ? AND status_at <= ?",
                 (step.value, at, record_id, at))  # fmt: skip
