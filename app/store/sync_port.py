"""The sync port (`store.sync`; the front `Store` carries `sync.ports.SyncStore` by handing each call here): the outbox the saves feed, what is pending, the
server's results, pulled pages merged in, the resumable sync run, and pruning what the server has."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from app.store import projections
from app.store.values import now_iso, to_json
from forms.projection import project
from sync.merge import RecordState, adopt_acknowledged, conflicts_to_log, merge
from sync.paths import DELETED, flatten, unflatten
from sync.ports import DeviceIdentity, PendingChange, SyncRun
from sync.protocol import AuditEntry, Change, ChangeResult, PullPage, ResultStatus


class SyncPort:
    def __init__(self, store) -> None:
        self.store = store

    # --- the outbox ---------------------------------------------------------------------------------

    @staticmethod
    def enqueue(conn, change: Change, *, practice: bool) -> None:
        """Queue a change for the district, unless it is a practice record's: decided by the record, not by the
        laptop's mode, so a training record edited or deleted after enrollment still never leaves the laptop."""
        if practice:
            return
        conn.execute("INSERT INTO outbox(change_id, record_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?)",
                     (change.change_id, change.record_id, change.kind.value, change.model_dump_json(), now_iso()))  # fmt: skip

    def outbox_counts(self) -> dict[str, int]:
        rows = self.store.db.reader().execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        return {"pending": 0, "acknowledged": 0, "rejected": 0, **dict(rows)}

    def rejected(self) -> list[tuple[str, dict]]:
        """(record id, the server's result) of each refused change no later change of its record replaced.
        A refused complaint's diterima event is refused with it ("unknown complaint"): the complaint is what
        the volunteer corrects, and the district dates it by its first stamp meanwhile — it is left out."""
        rows = self.store.db.reader().execute(
            "SELECT o.record_id, o.result FROM outbox o WHERE o.state = 'rejected' AND o.kind != 'complaint_event' "
            "AND NOT EXISTS "
            "(SELECT 1 FROM outbox n WHERE n.record_id = o.record_id AND n.offset > o.offset) ORDER BY o.offset"
        ).fetchall()  # fmt: skip
        return [(record_id, json.loads(result or "{}")) for record_id, result in rows]

    # --- sync.ports.SyncStore -----------------------------------------------------------------------

    def pending_audit(self, limit: int) -> list[AuditEntry]:
        """This laptop's audit rows the district has not confirmed (the `audit_sent` setting), oldest first; rows
        about a practice record stay here, as the record does."""
        rows = self.store.db.reader().execute(
            "SELECT id, at, operator, action, record_id, detail FROM audit WHERE id > ? AND (record_id IS NULL OR "
            "record_id NOT IN (SELECT id FROM record WHERE practice = 1)) ORDER BY id LIMIT ?",
            (int(self.store.setting("audit_sent", "0") or 0), limit)).fetchall()  # fmt: skip
        return [AuditEntry(seq=i, at=at, operator=op[:80], action=action[:40], record_id=rid, detail=(detail or "")[:500])
                for i, at, op, action, rid, detail in rows]  # fmt: skip

    def audit_sent(self, through: int) -> None:
        if through > int(self.store.setting("audit_sent", "0") or 0):
            self.store.settings.put({"audit_sent": through})

    def identity(self) -> DeviceIdentity | None:
        store = self.store
        if store.practice:
            return None
        return DeviceIdentity(store.device_id, int(store.setting("device_number", "0")), store.area,
                              store.setting("token"), store.setting("server_url"))  # fmt: skip

    def pending_changes(self, after_offset: int, limit: int) -> list[PendingChange]:
        rows = self.store.db.reader().execute(
            "SELECT offset, body FROM outbox WHERE state = 'pending' AND offset > ? ORDER BY offset LIMIT ?",
            (after_offset, limit)).fetchall()  # fmt: skip
        return [PendingChange(offset, Change.model_validate_json(body)) for offset, body in rows]

    def record_results(self, results: list[tuple[int, ChangeResult]]) -> None:
        with self.store.db.transaction() as conn:
            for offset, result in results:
                state = "rejected" if result.status is ResultStatus.REJECTED else "acknowledged"
                row = conn.execute("SELECT record_id FROM outbox WHERE offset = ?", (offset,)).fetchone()
                conn.execute("UPDATE outbox SET state = ?, result = ?, acknowledged_at = ? WHERE offset = ?",
                             (state, result.model_dump_json(), now_iso(), offset))  # fmt: skip
                if row and state == "acknowledged" and result.rev is not None:
                    conn.execute("UPDATE record SET rev = max(coalesce(rev, 0), ?), acknowledged = 1 WHERE id = ?",
                                 (result.rev, row[0]))  # fmt: skip

    def apply_pull_page(self, page: PullPage) -> int:
        """Merge a page of the district's records, events, form versions, person links and reference data,
        and move the pull cursor past it, in one transaction."""
        store = self.store
        with store.db.transaction() as conn:
            for pulled in page.records:
                self._apply_record(conn, pulled)
            for event in page.events:
                projections.add_event(conn, event.record_id, event.step, event.at, note=event.note,
                                      referral=event.referral, origin="server", event_id=event.event_id,
                                      by=event.by or store.operator)  # fmt: skip
            for update in page.forms:
                store.registry.add_source(update.definition)
                store.settings.keep_form(update.form_id, update.version, update.definition, conn)
            conn.executemany("INSERT OR REPLACE INTO person_link(id, record_id, member_id, other_record_id, "
                             "other_member_id, by, at, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             [(k.link_id, k.record_id, k.member_id, k.other_record_id, k.other_member_id, k.by,
                               k.at, k.rev) for k in page.person_links if not k.withdrawn])  # fmt: skip
            conn.executemany("DELETE FROM person_link WHERE id = ?",  # the district took these links back
                             [(k.link_id,) for k in page.person_links if k.withdrawn])  # fmt: skip
            store.settings.keep_reference_data(page.reference, conn)
            for purge in page.purges:
                self._purge(conn, purge.record_id)
            store.settings.put({"pull_cursor": page.next_cursor, "hlc_last": store.clock.last}, conn)
        if page.purges:
            store.db.compact()  # the erased bytes leave the file too, not only the tables
        return len(page.records) + len(page.events) + len(page.person_links) + len(page.purges)

    def _purge(self, conn, record_id: str) -> None:
        """Every trace of a record the district erased for good: answers, search rows, history, drafts, photos,
        links and unsent or refused changes. The audit keeps only that it was purged."""
        projections.clear(conn, record_id)
        for sql in ("DELETE FROM record WHERE id = ?", "DELETE FROM outbox WHERE record_id = ?",
                    "DELETE FROM complaint_event WHERE record_id = ?", "DELETE FROM conflict WHERE record_id = ?",
                    "DELETE FROM draft WHERE record_id = ?", "DELETE FROM attachment WHERE record_id = ?",
                    "DELETE FROM outbox WHERE kind = 'complaint_event' AND json_extract(body, '$.fields.complaint_id') = ?"):  # fmt: skip
            conn.execute(sql, (record_id,))
        conn.execute(
            "DELETE FROM person_link WHERE record_id = ? OR other_record_id = ?", (record_id, record_id)
        )
        self.store.audit("purged", record_id, detail="erased at the district", conn=conn)

    def _apply_record(self, conn, pulled) -> None:
        """One pulled record merged field by field with this laptop's copy; the losers go to the conflict log."""
        store = self.store
        local = conn.execute("SELECT answers, clocks, form_id, form_version, reference FROM record WHERE id = ?",
                             (pulled.record_id,)).fetchone()  # fmt: skip
        # The receipt number this laptop printed stays; the server's is for records made elsewhere.
        reference = (local[4] if local is not None else None) or pulled.reference or None
        for stamp in pulled.clocks.values():
            store.clock.receive(stamp)
        remote = RecordState(flatten(pulled.answers), dict(pulled.clocks))
        if pulled.deleted:
            remote.fields[DELETED] = True
        if local is None:
            merged, found = remote, conflicts_to_log(store.device_id, [], set(), pulled.conflicts)
        else:
            mine = RecordState(flatten(json.loads(local[0])), json.loads(local[1]))
            # the server's (clamped) stamps for our acknowledged writes replace our own first
            unacknowledged = _unacknowledged_paths(conn, pulled.record_id)
            mine, adopted = adopt_acknowledged(mine, remote, store.device_id, unacknowledged)
            result = merge(mine, remote.fields, remote.clocks)
            merged = result.state
            found = conflicts_to_log(store.device_id, adopted + result.conflicts, unacknowledged,
                                     pulled.conflicts)  # fmt: skip
        _log_conflicts(conn, pulled.record_id, found)
        answers = unflatten({p: v for p, v in merged.fields.items() if p != DELETED})
        deleted = merged.fields.get(DELETED) is True
        conn.execute(
            "INSERT INTO record(id, kind, form_id, form_version, answers, clocks, area, rev, origin_device, "
            "created_by, deleted, review_flags, acknowledged, reference, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "answers = excluded.answers, clocks = excluded.clocks, rev = excluded.rev, "
            "deleted = excluded.deleted, review_flags = excluded.review_flags, acknowledged = 1, "
            "reference = coalesce(record.reference, excluded.reference), updated_at = excluded.updated_at",
            (pulled.record_id, pulled.kind.value, pulled.form_id, pulled.form_version, to_json(answers),
             to_json(merged.clocks), pulled.area, pulled.rev, pulled.origin_device, pulled.created_by,
             int(deleted), to_json([f.model_dump() for f in pulled.review_flags]), pulled.reference or None,
             now_iso(), now_iso()),
        )  # fmt: skip
        if deleted:
            projections.clear(conn, pulled.record_id)
        else:
            form = store.form(pulled.form_id, pulled.form_version)
            projections.write(conn, pulled.record_id, project(form, answers), reference, new=local is None)

    def pull_cursor(self) -> int:
        return int(self.store.setting("pull_cursor", "0"))

    def load_sync_run(self) -> SyncRun | None:
        row = self.store.db.reader().execute(
            "SELECT body FROM sync_run WHERE finished_at IS NULL ORDER BY started_at DESC LIMIT 1").fetchone()  # fmt: skip
        return SyncRun(**json.loads(row[0])) if row else None

    def save_sync_run(self, run: SyncRun) -> None:
        finished = now_iso() if run.status in ("done", "failed") else None
        with self.store.db.transaction() as conn:
            conn.execute(
                "INSERT INTO sync_run(run_id, started_at, finished_at, body) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(run_id) DO UPDATE SET finished_at = excluded.finished_at, body = excluded.body",
                (run.run_id, now_iso(), finished, to_json(run.__dict__)),
            )

    def last_sync(self) -> str | None:
        row = self.store.db.reader().execute(
            "SELECT max(finished_at) FROM sync_run WHERE finished_at IS NOT NULL").fetchone()  # fmt: skip
        return row[0] if row else None

    # --- pruning ------------------------------------------------------------------------------------

    def prune_acknowledged(self, keep_days: int = 30, *, now: datetime | None = None) -> int:
        """Forget outbox rows the server acknowledged more than `keep_days` ago, and finished sync runs as old,
        so sync state never grows without bound. Pending and rejected changes are always kept."""
        cutoff = ((now or datetime.now(UTC)) - timedelta(days=keep_days)).isoformat(timespec="milliseconds")
        with self.store.db.transaction() as conn:
            gone = conn.execute("DELETE FROM outbox WHERE state = 'acknowledged' AND acknowledged_at < ?",
                                (cutoff,)).rowcount  # fmt: skip
            conn.execute("DELETE FROM sync_run WHERE finished_at IS NOT NULL AND finished_at < ?", (cutoff,))
        return gone


def _unacknowledged_paths(conn, record_id: str) -> set[str]:
    """Paths of this record's changes the server has not acknowledged (pending or rejected)."""
    rows = conn.execute("SELECT body FROM outbox WHERE record_id = ? AND state IN ('pending', 'rejected')",
                        (record_id,)).fetchall()  # fmt: skip
    return {path for (body,) in rows for path in json.loads(body)["fields"]}


def _log_conflicts(conn, record_id: str, found: list) -> None:
    """Into the conflict log, once each (a page pulled again, or a note the server repeats, adds nothing)."""
    for c in found:
        known = conn.execute("SELECT 1 FROM conflict WHERE record_id = ? AND path = ? "
                             "AND json_extract(body, '$.loser.stamp') = ?", (record_id, c.path, c.loser_stamp))  # fmt: skip
        if known.fetchone() is None:
            conn.execute("INSERT INTO conflict(record_id, path, body, found_at) VALUES (?, ?, ?, ?)",
                         (record_id, c.path, to_json(c.to_json()), now_iso()))  # fmt: skip
