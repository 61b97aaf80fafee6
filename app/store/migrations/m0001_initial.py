"""Version 1: records as documents, their projections, search index, outbox, sync state, audit."""

STATEMENTS = [
    """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    """CREATE TABLE record (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('household', 'complaint')),
        form_id TEXT NOT NULL,
        form_version INTEGER NOT NULL,
        answers TEXT NOT NULL,
        clocks TEXT NOT NULL,
        area TEXT NOT NULL,
        rev INTEGER,
        origin_device TEXT NOT NULL,
        created_by TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        review_flags TEXT NOT NULL DEFAULT '[]',
        overrides TEXT NOT NULL DEFAULT '[]',
        practice INTEGER NOT NULL DEFAULT 0,
        acknowledged INTEGER NOT NULL DEFAULT 0,
        reference TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE household (
        record_id TEXT PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
        no_kk TEXT, head_name TEXT, desa TEXT, desa_name TEXT, address TEXT, decile TEXT, member_count INTEGER)""",
    """CREATE TABLE person (
        record_id TEXT NOT NULL REFERENCES record(id) ON DELETE CASCADE,
        member_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        nik TEXT, no_nik_reason TEXT, name TEXT, sex TEXT, birth_date TEXT, desa TEXT, desa_name TEXT,
        ppks TEXT NOT NULL DEFAULT '[]', status TEXT, disability TEXT NOT NULL DEFAULT '[]', relation TEXT,
        PRIMARY KEY (record_id, member_id))""",
    "CREATE INDEX person_nik ON person (nik)",
    "CREATE INDEX person_name ON person (name COLLATE NOCASE)",
    "CREATE INDEX person_desa ON person (desa)",
    """CREATE TABLE complaint (
        record_id TEXT PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
        reference TEXT UNIQUE NOT NULL, category TEXT, urgency TEXT, subject_name TEXT, subject_nik TEXT,
        desa TEXT, desa_name TEXT, referral TEXT, status TEXT NOT NULL, received_at TEXT NOT NULL,
        status_at TEXT NOT NULL)""",
    """CREATE TABLE complaint_event (
        id TEXT PRIMARY KEY,
        record_id TEXT NOT NULL REFERENCES record(id) ON DELETE CASCADE,
        step TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
        referral TEXT NOT NULL DEFAULT '', origin TEXT NOT NULL CHECK (origin IN ('device', 'server')))""",
    "CREATE INDEX complaint_event_record ON complaint_event (record_id, at)",
    # Search over names (folded for spelling variants), NIK, No. KK and desa name; trigram = substring search.
    """CREATE VIRTUAL TABLE search_index USING fts5(
        record_id UNINDEXED, member_id UNINDEXED, kind UNINDEXED, terms, tokenize = 'trigram')""",
    """CREATE TABLE draft (
        id TEXT PRIMARY KEY, form_id TEXT NOT NULL, form_version INTEGER NOT NULL, record_id TEXT,
        answers TEXT NOT NULL, operator TEXT NOT NULL, updated_at TEXT NOT NULL)""",
    """CREATE TABLE outbox (
        offset INTEGER PRIMARY KEY AUTOINCREMENT,
        change_id TEXT UNIQUE NOT NULL,
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'acknowledged', 'rejected')),
        result TEXT,
        acknowledged_at TEXT)""",
    "CREATE INDEX outbox_state ON outbox (state, offset)",
    """CREATE TABLE sync_run (
        run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, body TEXT NOT NULL)""",
    """CREATE TABLE conflict (
        id INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, path TEXT NOT NULL,
        body TEXT NOT NULL, found_at TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, operator TEXT NOT NULL,
        action TEXT NOT NULL, record_id TEXT, detail TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE attachment (
        sha256 TEXT PRIMARY KEY, record_id TEXT, size INTEGER NOT NULL, media_type TEXT NOT NULL,
        uploaded INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)""",
]


def upgrade(conn) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
