"""Version 5: `person_text`, every search word of a person on one short row in the list's name order.

A search of several words ("siti n") reads the rarest word's range of `search_word` and must know whether
each person found also has the other words. Asking `search_word` again per person (its record-keyed index)
reads a random page of a table far larger than the reader's cache for each; intersecting the ranges reads the
common word's whole range ("n": 35,000 rows). `person_text` holds the same words as `search_word`, joined
after a space each (" 6203… pulautelu sitinur nur"), so `instr(text, ' ' || word)` tells whether a typed word
starts one of them — about 30 MB for 200,000 persons. Its key is (name, record, member), the person list's
order and the `sort` of `search_word`: a search whose words match very many persons ("6", "s a") walks it in
order and stops at the page, and a range of `search_word` looks its persons up in the same order.

Filled here from `search_word`, which the store writes from the same words; `jaring rebuild-index` rebuilds
it from the records.
"""

STATEMENTS = [
    """CREATE TABLE person_text (
        sort TEXT NOT NULL COLLATE NOCASE, record_id TEXT NOT NULL, member_id TEXT NOT NULL, text TEXT NOT NULL,
        PRIMARY KEY (sort, record_id, member_id)) WITHOUT ROWID""",
    "CREATE INDEX person_text_record ON person_text (record_id)",
    """INSERT INTO person_text(sort, record_id, member_id, text)
        SELECT sort, record_id, member_id, ' ' || group_concat(word, ' ') FROM search_word WHERE kind = 'person'
        GROUP BY sort, record_id, member_id""",
]


def upgrade(conn) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
