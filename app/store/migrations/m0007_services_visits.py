"""Version 7: records of two new kinds — `service` (a service a person received) and `visit` (a follow-up
visit) — and their projections, one row per record, keyed to the person `(household_id, member_id)`.

The `record.kind` column's CHECK listed only households and complaints; it now leaves the kind to the
forms (a record's kind is its form's). SQLite cannot alter a CHECK, and rebuilding `record` would cascade
deletes into every table referencing it, so the constraint text is edited in the schema, as SQLite's
documentation describes for a change that leaves the stored rows valid (`PRAGMA writable_schema`).
"""

OLD_CHECK = "kind TEXT NOT NULL CHECK (kind IN ('household', 'complaint'))"
NEW_CHECK = "kind TEXT NOT NULL"

STATEMENTS = [
    """CREATE TABLE service (
        record_id TEXT PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
        household_id TEXT, member_id TEXT, name TEXT, desa TEXT, code TEXT, date TEXT, agency TEXT,
        amount REAL, source TEXT)""",
    "CREATE INDEX service_person ON service (household_id, member_id, date)",
    "CREATE INDEX service_date ON service (date, desa)",
    """CREATE TABLE visit (
        record_id TEXT PRIMARY KEY REFERENCES record(id) ON DELETE CASCADE,
        household_id TEXT, member_id TEXT, name TEXT, desa TEXT, date TEXT, condition TEXT, next_date TEXT)""",
    "CREATE INDEX visit_person ON visit (household_id, member_id, date)",
]


def upgrade(conn) -> None:
    (version,) = conn.execute("PRAGMA schema_version").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'record'",
        (OLD_CHECK, NEW_CHECK),
    )
    conn.execute(f"PRAGMA schema_version = {int(version) + 1}")
    conn.execute("PRAGMA writable_schema = OFF")
    for statement in STATEMENTS:
        conn.execute(statement)
