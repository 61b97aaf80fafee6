"""Version 4: attachment bytes inside the encrypted database, and the outbox by record.

A photo's bytes live in `attachment.data`, in the same SQLCipher file as the records: encrypted at rest by
the same key with no second cipher to get right, saved in a transaction like everything else (a crash
leaves a photo whole or absent), and carried by a backup of the one file. Photos from a form are a few
hundred kilobytes to a few megabytes (capped at `sync.protocol.MAX_ATTACHMENT_BYTES`), which SQLite
stores as overflow pages without trouble; chunks for the upload are read with substr().

`outbox_record` lets a pull find the changes of one record that the server has not acknowledged yet.
"""

STATEMENTS = [
    "ALTER TABLE attachment ADD COLUMN data BLOB",
    "CREATE INDEX attachment_pending ON attachment (uploaded, record_id)",
    "CREATE INDEX outbox_record ON outbox (record_id, state)",
]


def upgrade(conn) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
