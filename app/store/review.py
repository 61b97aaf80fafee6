"""What a sync leaves to look at (`store.review`): the conflict log's open entries, the records the district
flagged, and the labels (household head and No. KK, or a complaint's reference) that name them."""

from __future__ import annotations

from app.store.values import Changes


class Review:
    def __init__(self, store) -> None:
        self.store = store

    def open_conflicts(self) -> list[tuple]:
        """(id, record id, path, body, found_at, form id, form version, answers) of each conflict not yet
        reviewed, newest first."""
        return self.store.db.reader().execute(
            "SELECT c.id, c.record_id, c.path, c.body, c.found_at, r.form_id, r.form_version, r.answers "
            "FROM conflict c JOIN record r ON r.id = c.record_id WHERE c.resolved = 0 ORDER BY c.id DESC"
        ).fetchall()  # fmt: skip

    def flagged(self) -> list[tuple]:
        """(record id, form id, form version, answers, review flags) of each live record the district flagged."""
        return self.store.db.reader().execute(
            "SELECT id, form_id, form_version, answers, review_flags FROM record "
            "WHERE review_flags != '[]' AND deleted = 0 ORDER BY updated_at DESC"
        ).fetchall()  # fmt: skip

    def mark_reviewed(self, conflict_id: int) -> Changes:
        """A conflict leaves the list, audited."""
        with self.store.db.transaction() as conn:
            row = conn.execute("SELECT record_id FROM conflict WHERE id = ?", (conflict_id,)).fetchone()
            if row is None:
                return Changes()
            conn.execute("UPDATE conflict SET resolved = 1 WHERE id = ?", (conflict_id,))
            self.store.audit("conflict_reviewed", record_id=row[0], detail=str(conflict_id), conn=conn)
        return Changes(records=True)

    def labels(self, record_ids: set[str]) -> dict[str, str]:
        """A household as its head and No. KK, a complaint as its reference and subject."""
        if not record_ids:
            return {}
        marks = ",".join("?" * len(record_ids))
        reader = self.store.db.reader()
        labels = {rid: f"{head or '?'} (KK {kk or '-'})" for rid, head, kk in reader.execute(
            f"SELECT record_id, head_name, no_kk FROM household WHERE record_id IN ({marks})", list(record_ids))}  # fmt: skip
        labels.update({rid: f"{ref} — {name or ''}".rstrip(" —") for rid, ref, name in reader.execute(
            f"SELECT record_id, reference, subject_name FROM complaint WHERE record_id IN ({marks})",
            list(record_ids))})  # fmt: skip
        return labels
