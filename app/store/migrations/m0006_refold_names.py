"""Version 6: the search words refolded after the name key learned more spellings (forms/domain/names.py:
sy→s, kh→h, y→i, q→k, a word's last h after a vowel…), so "aisah" finds "Aisyah".

A typed word is folded with the new rules; words stored with the old ones would no longer meet it. Every
`search_word` and `person_text` row is rewritten from the projections with the functions the store writes
with, as migration 2 filled them (`jaring rebuild-index` rebuilds them from the records).
"""

from app.store.queries import complaint_words, person_text, person_words

WORD = "INSERT OR IGNORE INTO search_word(kind, word, sort, record_id, member_id) VALUES (?, ?, ?, ?, ?)"
TEXT = "INSERT INTO person_text(sort, record_id, member_id, text) VALUES (?, ?, ?, ?)"


def upgrade(conn) -> None:
    conn.execute("DELETE FROM search_word")
    conn.execute("DELETE FROM person_text")
    persons = conn.execute(
        "SELECT p.record_id, p.member_id, p.name, p.nik, h.no_kk, p.desa_name FROM person p "
        "LEFT JOIN household h ON h.record_id = p.record_id"
    )
    for chunk in iter(lambda: persons.fetchmany(5_000), []):
        found = [(r, m, name or "", person_words(name, nik, kk, desa)) for r, m, name, nik, kk, desa in chunk]
        conn.executemany(WORD, [("person", w, name, r, m) for r, m, name, words in found for w in words])
        conn.executemany(TEXT, [(name, r, m, person_text(words)) for r, m, name, words in found])
    complaints = conn.execute(
        "SELECT record_id, subject_name, subject_nik, reference, desa_name FROM complaint"
    ).fetchall()
    conn.executemany(WORD, [("complaint", w, "", r, "") for r, name, nik, ref, desa in complaints
                            for w in complaint_words(name, nik, ref, desa)])  # fmt: skip
