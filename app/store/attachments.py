"""Attachments (`store.attachments`): a photo's bytes inside the encrypted database, named by their SHA-256
(m0004_attachment_bytes); tied to the record that names them, sent once, pruned when nothing names them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from app.store.errors import AttachmentRefused
from app.store.values import now_iso
from sync.canonical import sha256_hex
from sync.ports import AttachmentRef
from sync.protocol import MAX_ATTACHMENT_BYTES

_SHA256 = re.compile(r"^[0-9a-f]{64}$")  # a photo answer: the SHA-256 of an attachment


class Attachments:
    def __init__(self, store) -> None:
        self.store = store

    def add(self, data: bytes, media_type: str = "application/octet-stream") -> str:
        """Keep a file's bytes by their SHA-256 (the value a photo field holds); the same file twice is kept
        once. Saved before the record that names it; saving the record then ties it to that record."""
        AttachmentRefused.check_size(len(data), MAX_ATTACHMENT_BYTES)
        sha = sha256_hex(data)
        with self.store.records.transaction() as conn:
            conn.execute("INSERT INTO attachment(sha256, record_id, size, media_type, uploaded, created_at, data) "
                         "VALUES (?, NULL, ?, ?, 0, ?, ?) ON CONFLICT(sha256) DO NOTHING",
                         (sha, len(data), media_type, now_iso(), data))  # fmt: skip
        return sha

    def keep_downloaded(self, sha256: str, data: bytes, record_id: str) -> None:
        """Keep the bytes of a photo another device sent (fetched from the server for `record_id`): tied to
        that record, marked as already on the server so it is never sent back."""
        AttachmentRefused.check_size(len(data), MAX_ATTACHMENT_BYTES)
        if sha256_hex(data) != sha256:
            raise ValueError("the bytes are not the named attachment")
        with self.store.records.transaction() as conn:
            conn.execute("INSERT INTO attachment(sha256, record_id, size, media_type, uploaded, created_at, data) "
                         "VALUES (?, ?, ?, 'application/octet-stream', 1, ?, ?) "
                         "ON CONFLICT(sha256) DO UPDATE SET data = excluded.data WHERE attachment.data IS NULL",
                         (sha256, record_id, len(data), now_iso(), data))  # fmt: skip

    @staticmethod
    def link(conn, record_id: str, flat: dict) -> None:
        """Tie the attachments a record's answers name to that record, and untie those it no longer names (a
        photo removed or replaced is not sent: collect only what the form needs), in the record's transaction."""
        named = sorted({v for v in flat.values() if isinstance(v, str) and _SHA256.match(v)})
        marks = ",".join("?" * len(named))
        conn.execute(f"UPDATE attachment SET record_id = NULL WHERE record_id = ? AND sha256 NOT IN ({marks})",
                     (record_id, *named))  # fmt: skip
        for sha in named:
            # A photo a practice record holds belongs to a real record that names it too (it then travels with it).
            conn.execute("UPDATE attachment SET record_id = ? WHERE sha256 = ? AND (record_id IS NULL OR (record_id "
                         "IN (SELECT id FROM record WHERE practice = 1) AND ? NOT IN (SELECT id FROM record WHERE "
                         "practice = 1)))", (record_id, sha, record_id))  # fmt: skip

    def prune_unused(self, keep_days: int = 30, *, now: datetime | None = None) -> int:
        """Delete photos no saved record names and no draft holds, once older than `keep_days` (chosen for a
        form that was abandoned, or removed from a record): their bytes are personal data nobody needs."""
        cutoff = ((now or datetime.now(UTC)) - timedelta(days=keep_days)).isoformat(timespec="milliseconds")
        with self.store.db.transaction() as conn:
            drafts = " ".join(answers for (answers,) in conn.execute("SELECT answers FROM draft"))
            unused = [sha for (sha,) in conn.execute(
                "SELECT sha256 FROM attachment WHERE record_id IS NULL AND created_at < ?", (cutoff,))
                if sha not in drafts]  # fmt: skip
            conn.executemany("DELETE FROM attachment WHERE sha256 = ?", [(sha,) for sha in unused])
            if unused:
                self.store.audit("attachments_pruned", detail=str(len(unused)), conn=conn)
        return len(unused)

    def get(self, sha256: str) -> bytes | None:
        row = (
            self.store.db.reader()
            .execute("SELECT data FROM attachment WHERE sha256 = ?", (sha256,))
            .fetchone()
        )
        return bytes(row[0]) if row and row[0] is not None else None

    def pending(self, limit: int) -> list[AttachmentRef]:
        """Attachments to upload: of records the server acknowledged, never of a practice record."""
        rows = self.store.db.reader().execute(
            "SELECT a.sha256, a.size FROM attachment a JOIN record r ON r.id = a.record_id WHERE a.uploaded = 0 "
            "AND a.data IS NOT NULL AND r.acknowledged = 1 AND r.practice = 0 ORDER BY a.created_at LIMIT ?",
            (limit,)).fetchall()  # fmt: skip
        return [AttachmentRef(sha, size) for sha, size in rows]

    def part(self, sha256: str, offset: int, length: int) -> bytes:
        row = self.store.db.reader().execute("SELECT substr(data, ?, ?) FROM attachment WHERE sha256 = ?",
                                             (offset + 1, length, sha256)).fetchone()  # fmt: skip
        return bytes(row[0]) if row and row[0] is not None else b""

    def mark_uploaded(self, sha256: str) -> None:
        with self.store.db.transaction() as conn:
            conn.execute("UPDATE attachment SET uploaded = 1 WHERE sha256 = ?", (sha256,))

    def unsent(self) -> dict[str, bytes]:
        """Attachments of saved records the server has not confirmed yet, for a USB bundle — never a practice
        record's: its photo is training data like the record itself, which never leaves the laptop."""
        rows = self.store.db.reader().execute(
            "SELECT a.sha256, a.data FROM attachment a JOIN record r ON r.id = a.record_id WHERE a.uploaded = 0 "
            "AND a.data IS NOT NULL AND r.practice = 0 ORDER BY a.created_at").fetchall()  # fmt: skip
        return {sha: bytes(data) for sha, data in rows}
