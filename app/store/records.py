"""The records (`store.records`): read one, save (validate, stamp, record + projections + attachments +
outbox + audit in one transaction), delete as a tombstone, rebuild every projection, and batches of saves
(`jaring demo-data`)."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from datetime import date

from app.store import projections
from app.store.database import PAGE_CACHE_KIB
from app.store.errors import SaveRefused, UnknownRecord
from app.store.values import Changes, SaveResult, StoredRecord, now_iso, to_json
from forms.projection import project
from forms.validate import calculate, validate
from sync.merge import same_value
from sync.paths import DELETED, flatten
from sync.protocol import Change, ComplaintStep, Kind
from sync.reference import make_reference

BATCH_CACHE_KIB = 262_144  # the writer's page cache inside `batch` (demo-data), back to the usual after
_COLUMNS = ("id, kind, form_id, form_version, answers, clocks, area, rev, deleted, practice, acknowledged, "
            "reference, review_flags, created_by, created_at, updated_at")  # fmt: skip


class Records:
    def __init__(self, store) -> None:
        self.store = store
        self._batch = None  # the connection of a running `batch`

    def get(self, record_id: str) -> StoredRecord:
        row = (
            self.store.db.reader()
            .execute(f"SELECT {_COLUMNS} FROM record WHERE id = ?", (record_id,))
            .fetchone()
        )
        if row is None:
            raise UnknownRecord(record_id)
        return StoredRecord(row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5]), row[6], row[7],
                            bool(row[8]), bool(row[9]), bool(row[10]), row[11], json.loads(row[12]), row[13],
                            row[14], row[15])  # fmt: skip

    def save(self, form_id: str, answers: dict, *, record_id: str | None = None, form_version: int | None = None,
             today: date | None = None) -> SaveResult:  # fmt: skip
        """Validate, stamp the changed fields, and write record + projections + audit + outbox in ONE transaction.

        Errors refuse the save (SaveRefused) unless overridden with a reason in the answers; warnings are kept.
        """
        store = self.store
        existing = self.get(record_id) if record_id else None
        if existing is not None:
            form_version = existing.form_version  # judged against the version it was captured with
        form = store.form(form_id, form_version)
        answers = calculate(form, answers, today=today)
        result = validate(form, answers, today=today)
        if result.errors:
            raise SaveRefused(result.errors)
        new_flat = flatten(answers)
        old_flat = flatten(existing.answers) if existing else {}
        changed = {p: v for p, v in new_flat.items() if p not in old_flat or not same_value(old_flat[p], v)}
        changed.update({p: None for p in old_flat if p not in new_flat})
        record_id = record_id or str(uuid.uuid4())
        if existing is not None and not changed:
            return SaveResult(record_id, Changes(record_id=record_id), existing.reference, result.warnings,
                              result.overridden)  # fmt: skip
        # A record made in practice mode stays practice after enrollment: its edits never reach the outbox.
        practice = existing.practice if existing is not None else store.practice
        clocks = dict(existing.clocks) if existing else {}
        stamp = store.clock.tick()  # one save is one event: every field it changed carries the same stamp
        clocks.update(dict.fromkeys(changed, stamp))
        rows = project(form, answers, today=today)
        overrides = to_json([[p.path, p.code, r] for p, r in result.overridden])
        timestamp = now_iso()
        with self.transaction() as conn:
            reference = self._write_record(conn, form, record_id, existing, answers, clocks, overrides,
                                           projections.desa_of(rows), practice, timestamp)  # fmt: skip
            projections.write(conn, record_id, rows, reference, new=existing is None)
            store.attachments.link(conn, record_id, new_flat)
            unacknowledged = existing is None or not existing.acknowledged
            fields = new_flat if unacknowledged else changed
            if unacknowledged and existing is not None:
                fields = {**{p: None for p in old_flat if p not in new_flat}, **new_flat}
            store.sync.enqueue(conn, Change(
                change_id=str(uuid.uuid4()), kind=Kind(form.kind), record_id=record_id,
                base_rev=existing.rev if existing else None, form_id=form.form_id, form_version=form.version,
                fields=fields, clocks={p: clocks[p] for p in fields}, deleted=False,
                reference=reference or ""), practice=practice)  # fmt: skip
            if existing is None and form.kind == "complaint":
                self._receive_complaint(conn, record_id, stamp, timestamp, practice)
            store.settings.put({"hlc_last": store.clock.last}, conn)
            store.audit("create" if existing is None else "update", record_id, form.key, conn=conn)
        changes = Changes(records=True, persons=form.kind == "household", complaints=form.kind == "complaint",
                          outbox=not practice, record_id=record_id)  # fmt: skip
        return SaveResult(record_id, changes, reference, result.warnings, result.overridden)

    def _write_record(self, conn, form, record_id: str, existing: StoredRecord | None, answers: dict, clocks: dict,
                      overrides: str, desa: str | None, practice: bool, timestamp: str) -> str | None:  # fmt: skip
        """The record row itself (a new complaint takes its reference number here); returns the reference."""
        store = self.store
        if existing is not None:
            conn.execute("UPDATE record SET answers = ?, clocks = ?, overrides = ?, updated_at = ? WHERE id = ?",
                         (to_json(answers), to_json(clocks), overrides, timestamp, record_id))  # fmt: skip
            return existing.reference
        reference = self._next_reference(conn, desa) if form.kind == "complaint" else None
        conn.execute(
            "INSERT INTO record(id, kind, form_id, form_version, answers, clocks, area, rev, origin_device, "
            "created_by, practice, reference, overrides, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, form.kind, form.form_id, form.version, to_json(answers), to_json(clocks), desa or store.area,
             store.device_id, store.operator, int(practice), reference, overrides, timestamp, timestamp),
        )  # fmt: skip
        return reference

    def _receive_complaint(self, conn, record_id: str, stamp: str, at: str, practice: bool) -> None:
        """A new complaint's `diterima` event, sent after the complaint itself. The district dates the complaint
        from when the citizen filed it here, not from when a sync or a USB bundle brought it (weeks later,
        maybe): its deadlines and age are counted from this."""
        store, received = self.store, str(uuid.uuid4())
        projections.add_event(
            conn, record_id, ComplaintStep.DITERIMA, at, by=store.operator, event_id=received
        )
        event = {
            "complaint_id": record_id,
            "step": ComplaintStep.DITERIMA.value,
            "at": at,
            "by": store.operator,
        }
        store.sync.enqueue(conn, Change(change_id=str(uuid.uuid4()), kind=Kind.COMPLAINT_EVENT, record_id=received,
                                        fields=event, clocks=dict.fromkeys(event, stamp)), practice=practice)  # fmt: skip

    def _next_reference(self, conn, desa: str | None) -> str:
        settings = self.store.settings
        counter = int(settings.get("ref_counter", "0", conn)) + 1
        settings.put({"ref_counter": counter}, conn)
        number = int(settings.get("device_number", "0", conn))
        return make_reference(desa or self.store.area, number, counter, practice=self.store.practice)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Saves inside share ONE transaction (one fsync), each in its own savepoint: `jaring demo-data` only.

        Real entry saves one record per transaction; a batch that fails midway keeps nothing of itself.
        The writer keeps more pages meanwhile: a 10,000-household batch run inserts into indexes (random record
        ids, words) far larger than the usual cache, and each page evicted was encrypted, read back and decrypted.
        """
        with self.store.db.transaction() as conn:
            self._batch = conn
            conn.execute(f"PRAGMA cache_size = -{BATCH_CACHE_KIB}")
            try:
                yield
            finally:
                self._batch = None
                conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator:
        """The writer's transaction, or a savepoint of the running batch's."""
        conn = self._batch
        if conn is None:
            with self.store.db.transaction() as conn:
                yield conn
            return
        conn.execute("SAVEPOINT save_record")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO save_record")
            conn.execute("RELEASE save_record")
            raise
        conn.execute("RELEASE save_record")

    def delete(self, record_id: str) -> Changes:
        """A tombstone: the record disappears from lists and search; the deletion syncs like any change."""
        store = self.store
        existing = self.get(record_id)
        stamp = store.clock.tick()
        clocks = {**existing.clocks, DELETED: stamp}
        with store.db.transaction() as conn:
            conn.execute("UPDATE record SET deleted = 1, clocks = ?, updated_at = ? WHERE id = ?",
                         (to_json(clocks), now_iso(), record_id))  # fmt: skip
            projections.clear(conn, record_id)
            store.sync.enqueue(conn, Change(change_id=str(uuid.uuid4()), kind=Kind(existing.kind), record_id=record_id,
                                            base_rev=existing.rev, form_id=existing.form_id,
                                            form_version=existing.form_version, fields={DELETED: True},
                                            clocks={DELETED: stamp}, deleted=True), practice=existing.practice)  # fmt: skip
            store.settings.put({"hlc_last": store.clock.last}, conn)
            store.audit("delete", record_id, conn=conn)
        return Changes(records=True, persons=existing.kind == "household", complaints=existing.kind == "complaint",
                       outbox=not existing.practice, record_id=record_id)  # fmt: skip

    def rebuild_index(self) -> int:
        """Rebuild every projection from the records (`jaring rebuild-index`)."""
        store = self.store
        rows = store.db.reader().execute(
            "SELECT id, form_id, form_version, answers, reference, deleted FROM record").fetchall()  # fmt: skip
        with store.db.transaction() as conn:
            for table in ("household", "person", "service", "visit", "search_word", "person_text"):
                conn.execute(f"DELETE FROM {table}")
            for record_id, form_id, version, answers, reference, deleted in rows:
                if deleted:
                    projections.clear(conn, record_id)
                    continue
                form = store.form(form_id, version)
                projections.write(conn, record_id, project(form, json.loads(answers)), reference, new=False)
            store.audit("rebuild_index", detail=f"{len(rows)} records", conn=conn)
        return len(rows)

    def linked_persons(self, record_id: str, member_id: str) -> list[tuple[str, str]]:
        """(record id, member id) of every person the district linked to this one as the same person."""
        rows = self.store.db.reader().execute(
            "SELECT other_record_id, other_member_id FROM person_link WHERE record_id = ? AND member_id = ? "
            "UNION SELECT record_id, member_id FROM person_link WHERE other_record_id = ? AND other_member_id = ?",
            (record_id, member_id, record_id, member_id),
        )
        return sorted((r, m) for r, m in rows.fetchall())
