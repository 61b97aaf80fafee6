"""Version 3: person links — two household members the district confirmed as one person (console duplicate
review). They come by pull (sync.protocol.PersonLink); the laptop never makes one."""

STATEMENTS = [
    """CREATE TABLE person_link (
        id TEXT PRIMARY KEY, record_id TEXT NOT NULL, member_id TEXT NOT NULL, other_record_id TEXT NOT NULL,
        other_member_id TEXT NOT NULL, by TEXT NOT NULL DEFAULT '', at TEXT NOT NULL, rev INTEGER NOT NULL)""",
    "CREATE INDEX person_link_one ON person_link (record_id, member_id)",
    "CREATE INDEX person_link_other ON person_link (other_record_id, other_member_id)",
]


def upgrade(conn) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
