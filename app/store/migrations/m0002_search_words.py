"""Version 2: search-as-you-type on B-tree prefix scans instead of FTS5 trigrams.

`search_word` holds, for each person, every string a typed word may start: the folded name from each of its
words to the end ("Siti Nur Haliza" -> sitinuraliza, nuraliza, aliza, so "Nurhaliza" and "Nur Haliza" meet), the
same for the desa name, the NIK and the No. KK — with the name to sort by. A search is range scans of that one
covering primary key, and reads the person table only for the page it shows (app/store/queries.py). The
trigram table is dropped: it was slow at 100,000+ persons and cost every save a dozen postings per person.

The words are filled here from the existing projections with the functions the store writes with;
`jaring rebuild-index` rebuilds them from the records.
"""

from app.store.queries import complaint_words, person_words

STATEMENTS = [
    """CREATE TABLE search_word (
        kind TEXT NOT NULL, word TEXT NOT NULL, sort TEXT NOT NULL DEFAULT '', record_id TEXT NOT NULL,
        member_id TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (kind, word, sort, record_id, member_id)) WITHOUT ROWID""",
    "CREATE INDEX search_word_record ON search_word (record_id, member_id)",
    "DROP TABLE IF EXISTS search_index",
]
INSERT = "INSERT OR IGNORE INTO search_word(kind, word, sort, record_id, member_id) VALUES (?, ?, ?, ?, ?)"


def upgrade(conn) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    persons = conn.execute(
        "SELECT p.record_id, p.member_id, p.name, p.nik, h.no_kk, p.desa_name FROM person p "
        "LEFT JOIN household h ON h.record_id = p.record_id"
    ).fetchall()
    conn.executemany(INSERT, [("person", w, name or "", r, m) for r, m, name, nik, kk, desa in persons
                              for w in person_words(name, nik, kk, desa)])  # fmt: skip
    complaints = conn.execute(
        "SELECT record_id, subject_name, subject_nik, reference, desa_name FROM complaint"
    ).fetchall()
    conn.executemany(INSERT, [("complaint", w, "", r, "") for r, name, nik, ref, desa in complaints
                              for w in complaint_words(name, nik, ref, desa)])  # fmt: skip
