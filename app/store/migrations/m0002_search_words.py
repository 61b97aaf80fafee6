"""Version 2: search-as-you-type on B-tree prefix scans instead of FTS5 trigrams.

`search_word` holds, for each person (and complaint), the folded name from each word to its end
("Siti Nur Haliza" -> sitinurhaliza, nurhaliza, haliza), so a typed prefix is one range scan of the primary key
and "Nurhaliza"/"Nur Haliza" meet. NIK and No. KK are searched by range scans of their own indexed columns, desa
names through the region snapshot to desa codes (app/store/queries.py). The trigram table is dropped: it was
slow at 100,000+ persons and cost every save a dozen trigram postings per person.

The words are filled here from the existing projections with the same function the store writes with;
`jaring rebuild-index` rebuilds them from the records.
"""

from app.store.queries import complaint_words, person_words

STATEMENTS = [
    """CREATE TABLE search_word (
        kind TEXT NOT NULL, word TEXT NOT NULL, record_id TEXT NOT NULL, member_id TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (kind, word, record_id, member_id)) WITHOUT ROWID""",
    "CREATE INDEX search_word_record ON search_word (record_id)",
    "CREATE INDEX household_no_kk ON household (no_kk)",
    "DROP TABLE IF EXISTS search_index",
]


def upgrade(conn) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    insert = "INSERT OR IGNORE INTO search_word(kind, word, record_id, member_id) VALUES (?, ?, ?, ?)"
    persons = conn.execute("SELECT record_id, member_id, name FROM person").fetchall()
    conn.executemany(insert, [("person", w, r, m) for r, m, name in persons for w in person_words(name)])
    complaints = conn.execute(
        "SELECT record_id, subject_name, subject_nik, reference, desa_name FROM complaint"
    ).fetchall()
    conn.executemany(insert, [("complaint", w, r, "") for r, name, nik, ref, desa in complaints
                              for w in complaint_words(name, nik, ref, desa)])  # fmt: skip
