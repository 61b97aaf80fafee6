"""The store: open/create with key slots, save records with projections and outbox in one transaction,
and the sync client's port (`sync.ports.SyncStore`)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.store import operators as operator_policy
from app.store.database import DB_FILE, PAGE_CACHE_KIB, Database
from app.store.errors import (
    AttachmentRefused,
    DiskFull,
    ReadOnlyDataDir,
    SaveRefused,
    StoreExists,
    StoreMissing,
    UnknownRecord,
    UnknownRegion,
)
from app.store.keyslots import SLOTS_FILE, KeySlots
from app.store.queries import complaint_words, person_text, person_words
from forms.definition import FormDef
from forms.domain import regions
from forms.projection import project
from forms.registry import Registry, default_registry
from forms.validate import calculate, validate
from sync.canonical import sha256_hex
from sync.hlc import HybridClock
from sync.keys import KeyPair
from sync.merge import RecordState, adopt_acknowledged, conflicts_to_log, merge, same_value
from sync.paths import DELETED, flatten, unflatten
from sync.ports import AttachmentRef, DeviceIdentity, PendingChange, SyncRun
from sync.protocol import (
    MAX_ATTACHMENT_BYTES,
    Change,
    ChangeResult,
    ComplaintStep,
    EnrollAnswer,
    Kind,
    PullPage,
    ReferenceData,
    ResultStatus,
)
from sync.reference import make_reference

log = logging.getLogger(__name__)
DEFAULT_AREA = "62"  # Kalimantan Tengah until enrollment says otherwise
BATCH_CACHE_KIB = 262_144  # the writer's page cache inside `Store.batch` (demo-data), back to the usual after


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Changes:
    """What a write changed, so views refresh only what they show (after Anki's OpChanges;
    docs/architecture.md#views-refresh-from-changes)."""

    records: bool = False
    persons: bool = False
    complaints: bool = False
    outbox: bool = False
    drafts: bool = False
    operators: bool = False
    settings: bool = False
    record_id: str | None = None


@dataclass
class SaveResult:
    record_id: str
    changes: Changes
    reference: str | None = None
    warnings: list = field(default_factory=list)
    overridden: list = field(default_factory=list)


@dataclass
class StoredRecord:
    id: str
    kind: str
    form_id: str
    form_version: int
    answers: dict
    clocks: dict
    area: str
    rev: int | None
    deleted: bool
    practice: bool
    acknowledged: bool
    reference: str | None
    review_flags: list
    created_by: str
    created_at: str
    updated_at: str


_SHA256 = re.compile(r"^[0-9a-f]{64}$")  # a photo answer: the SHA-256 of an attachment
_WORD_SQL = "INSERT OR IGNORE INTO search_word(kind, word, sort, record_id, member_id) VALUES (?, ?, ?, ?, ?)"
_TEXT_SQL = "INSERT INTO person_text(sort, record_id, member_id, text) VALUES (?, ?, ?, ?)"


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Store:
    def __init__(self, data_dir: Path, db: Database, slots: KeySlots, operator: str, key: bytes,
                 registry: Registry | None = None):  # fmt: skip
        self.data_dir = data_dir
        self.db = db
        self.slots = slots
        self.operator = operator
        self._key = key
        self.registry = registry or self._own_registry()
        self.clock = HybridClock(self.device_id, last=self.setting("hlc_last") or None)

    def _own_registry(self) -> Registry:
        """The shipped forms plus every version the district published and this store pulled (kept in
        settings as `form:<id>@<version>`), so they survive a restart — in a registry of this store's own:
        another store in the same process (a test, a TKSK laptop's relay) must not see them."""
        registry = Registry()
        for form in default_registry().all():
            registry.add(form)
        rows = self.db.reader().execute("SELECT value FROM settings WHERE key LIKE 'form:%' ORDER BY key")
        for (source,) in rows.fetchall():
            try:
                registry.add_source(json.loads(source))
            except Exception:  # noqa: BLE001 - a bad pulled definition must not lock the laptop out
                log.exception("a pulled form definition could not be loaded")
        return registry

    # --- opening --------------------------------------------------------------------------------

    @staticmethod
    def exists(data_dir: Path) -> bool:
        return (data_dir / DB_FILE).exists() and (data_dir / SLOTS_FILE).exists()

    @staticmethod
    def operators(data_dir: Path) -> list[str]:
        """The operators who can log in — readable before anything is decrypted."""
        if not Store.exists(data_dir):
            return []
        return KeySlots.load(data_dir).operators()

    @classmethod
    def init(
        cls, data_dir: Path, operator: str, password: str, *, area: str | None = None
    ) -> tuple[Store, str]:
        """Create the encrypted store and the first operator; returns the store and the recovery code."""
        data_dir = Path(data_dir)
        if cls.exists(data_dir):
            raise StoreExists(str(data_dir))
        area_code = area or DEFAULT_AREA
        if regions.get(area_code) is None:
            raise UnknownRegion(area_code)
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            probe = data_dir / ".write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as err:
            raise (
                DiskFull() if getattr(err, "errno", None) == 28 else ReadOnlyDataDir(str(data_dir))
            ) from None
        slots, key, recovery = KeySlots.create(data_dir, operator, password)
        db = Database(data_dir / DB_FILE, key)
        db.migrate()
        device = f"local-{uuid.uuid4().hex[:12]}"  # replaced by the server's id at enrollment
        sign_private, box_private = KeyPair.generate().private_parts()  # kept only inside the encrypted store
        with db.transaction() as conn:
            for k, v in {"device_id": device, "device_number": "0", "area": regions.get(area_code).code,
                         "practice": "1", "ref_counter": "0", "created_at": now_iso(),
                         "device_sign_key": sign_private, "device_box_key": box_private}.items():  # fmt: skip
                conn.execute("INSERT INTO settings(key, value) VALUES (?, ?)", (k, v))
        store = cls(data_dir, db, slots, operator, key)
        operator_policy.set_administrators(store, [operator])  # who set the laptop up manages its operators
        store.audit("init", detail=f"area {area_code}")
        return store, recovery

    @classmethod
    def open(cls, data_dir: Path, operator: str, password: str) -> Store:
        data_dir = Path(data_dir)
        if not cls.exists(data_dir):
            raise StoreMissing(str(data_dir))
        slots = KeySlots.load(data_dir)
        key = slots.unlock(operator, password)
        return cls._open_with_key(data_dir, slots, operator, key, action="login")

    @classmethod
    def open_with_recovery(cls, data_dir: Path, code: str) -> Store:
        data_dir = Path(data_dir)
        if not cls.exists(data_dir):
            raise StoreMissing(str(data_dir))
        slots = KeySlots.load(data_dir)
        key = slots.unlock_with_recovery(code)
        return cls._open_with_key(data_dir, slots, "__recovery__", key, action="recovery_login")

    @classmethod
    def _open_with_key(cls, data_dir: Path, slots: KeySlots, operator: str, key: bytes, action: str) -> Store:
        db = Database(data_dir / DB_FILE, key)
        db.migrate()  # an update migrates on first start, after a backup copy (database.py)
        store = cls(data_dir, db, slots, operator, key)
        store.audit(action)
        return store

    def close(self) -> None:
        self.db.close()

    # --- operators (each touches only its own slot) -----------------------------------------------

    def add_operator(self, name: str, password: str, *, administrator: bool = False) -> Changes:
        operator_policy.check_may_manage(self)
        self.slots.add(self._key, name, password)
        if administrator:
            operator_policy.set_administrators(self, [*operator_policy.administrators(self), name])
        self.audit("operator_add", detail=name + (" (admin)" if administrator else ""))
        return Changes(operators=True)

    def remove_operator(self, name: str) -> Changes:
        operator_policy.check_may_manage(self)
        operator_policy.check_removable(self, name)
        admins = operator_policy.administrators(self)
        self.slots.remove(name)
        if name in admins:
            operator_policy.set_administrators(self, [a for a in admins if a != name])
        self.audit("operator_remove", detail=name)
        return Changes(operators=True)

    def change_password(self, name: str, new_password: str) -> Changes:
        operator_policy.check_may_manage(self, name)
        self.slots.change_password(self._key, name, new_password)
        self.audit("operator_password", detail=name)
        return Changes(operators=True)

    # --- settings -------------------------------------------------------------------------------

    # Read on every save and changed only through set_settings (enrollment): kept in memory.
    _CACHED_SETTINGS = frozenset({"device_id", "device_number", "area", "practice"})

    def setting(self, key: str, default: str = "") -> str:
        cache = self.__dict__.setdefault("_settings_cache", {})
        if key in cache:
            return cache[key]
        row = self.db.reader().execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row and key in self._CACHED_SETTINGS:
            cache[key] = row[0]
        return row[0] if row else default

    def set_settings(self, values: dict[str, str]) -> Changes:
        self.__dict__.pop("_settings_cache", None)
        with self.db.transaction() as conn:
            for k, v in values.items():
                conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (k, str(v)))  # fmt: skip
        return Changes(settings=True)

    @property
    def device_id(self) -> str:
        return self.setting("device_id")

    @property
    def area(self) -> str:
        return self.setting("area", DEFAULT_AREA)

    @property
    def practice(self) -> bool:
        return self.setting("practice", "1") == "1"

    def device_keys(self) -> KeyPair:
        return KeyPair.from_private(self.setting("device_sign_key"), self.setting("device_box_key"))

    def apply_enrollment(self, answer: EnrollAnswer, *, server_url: str = "") -> Changes:
        """Leave practice mode: the server's device id, number, area, token and keys (`jaring enroll`)."""
        region = regions.get(answer.area)
        if region is None:
            raise UnknownRegion(answer.area)
        self.set_settings({
            "device_id": answer.device_id, "device_number": str(answer.device_number), "area": region.code,
            "token": answer.token, "server_url": server_url or answer.server_url, "practice": "0",
            "server_sign_key": answer.server_sign_key, "server_box_key": answer.server_box_key,
        })  # fmt: skip
        self.clock = HybridClock(self.device_id, last=None)
        self.clock.restore(self.setting("hlc_last") or "0000000000000-0000-x")
        self.audit("enroll", detail=f"{answer.device_id} {region.code}")
        return Changes(settings=True)

    def audit(self, action: str, record_id: str | None = None, detail: str = "", conn=None) -> None:
        row = (now_iso(), self.operator, action, record_id, detail)
        sql = "INSERT INTO audit(at, operator, action, record_id, detail) VALUES (?, ?, ?, ?, ?)"
        if conn is not None:
            conn.execute(sql, row)
        else:
            with self.db.transaction() as c:
                c.execute(sql, row)

    # --- records --------------------------------------------------------------------------------

    def form(self, form_id: str, version: int | None = None) -> FormDef:
        return self.registry.get(form_id, version)

    def get_record(self, record_id: str) -> StoredRecord:
        row = (
            self.db.reader()
            .execute(
                "SELECT id, kind, form_id, form_version, answers, clocks, area, rev, deleted, practice, acknowledged, "
                "reference, review_flags, created_by, created_at, updated_at FROM record WHERE id = ?",
                (record_id,),
            )
            .fetchone()
        )
        if row is None:
            raise UnknownRecord(record_id)
        return StoredRecord(row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5]), row[6], row[7],
                            bool(row[8]), bool(row[9]), bool(row[10]), row[11], json.loads(row[12]), row[13],
                            row[14], row[15])  # fmt: skip

    def save_record(self, form_id: str, answers: dict, *, record_id: str | None = None,
                    form_version: int | None = None, today: date | None = None) -> SaveResult:  # fmt: skip
        """Validate, stamp the changed fields, and write record + projections + audit + outbox in ONE transaction.

        Errors refuse the save (SaveRefused) unless overridden with a reason in the answers; warnings are kept.
        """
        existing = self.get_record(record_id) if record_id else None
        if existing is not None:
            form_version = existing.form_version  # judged against the version it was captured with
        form = self.form(form_id, form_version)
        answers = calculate(form, answers, today=today)
        result = validate(form, answers, today=today)
        if result.errors:
            raise SaveRefused(result.errors)
        new_flat = flatten(answers)
        old_flat = flatten(existing.answers) if existing else {}
        changed = {p: v for p, v in new_flat.items() if p not in old_flat or not same_value(old_flat[p], v)}
        changed.update({p: None for p in old_flat if p not in new_flat})
        record_id = record_id or str(uuid.uuid4())
        # A record made in practice mode stays practice after enrollment: its edits never reach the outbox.
        practice = existing.practice if existing is not None else self.practice
        if existing is not None and not changed:
            return SaveResult(record_id, Changes(record_id=record_id), existing.reference, result.warnings,
                              result.overridden)  # fmt: skip
        clocks = dict(existing.clocks) if existing else {}
        stamp = self.clock.tick()  # one save is one event: every field it changed carries the same stamp
        clocks.update(dict.fromkeys(changed, stamp))
        projections = project(form, answers, today=today)
        desa = self._desa_of(projections)
        reference = existing.reference if existing else None
        timestamp = now_iso()
        with self._transaction() as conn:
            if existing is None and form.kind == "complaint":
                reference = self._next_reference(conn, desa)
            if existing is None:
                conn.execute(
                    "INSERT INTO record(id, kind, form_id, form_version, answers, clocks, area, rev, origin_device, "
                    "created_by, practice, reference, overrides, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)",
                    (record_id, form.kind, form.form_id, form.version, _json(answers), _json(clocks), desa or self.area,
                     self.device_id, self.operator, int(practice), reference,
                     _json([[p.path, p.code, r] for p, r in result.overridden]), timestamp, timestamp),
                )  # fmt: skip
            else:
                conn.execute(
                    "UPDATE record SET answers = ?, clocks = ?, overrides = ?, updated_at = ? WHERE id = ?",
                    (_json(answers), _json(clocks), _json([[p.path, p.code, r] for p, r in result.overridden]),
                     timestamp, record_id),
                )  # fmt: skip
            self._write_projections(conn, record_id, form, projections, reference, new=existing is None)
            self._link_attachments(conn, record_id, new_flat)
            received = None  # a new complaint's `diterima` event, sent after the complaint itself
            if existing is None and form.kind == "complaint":
                received = str(uuid.uuid4())
                self._add_event(
                    conn, record_id, ComplaintStep.DITERIMA, timestamp, note="", event_id=received
                )
            unacknowledged = existing is None or not existing.acknowledged
            fields = new_flat if unacknowledged else changed
            if unacknowledged and existing is not None:
                fields = {**{p: None for p in old_flat if p not in new_flat}, **new_flat}
            self._enqueue(conn, Change(
                change_id=str(uuid.uuid4()), kind=Kind(form.kind), record_id=record_id,
                base_rev=existing.rev if existing else None, form_id=form.form_id, form_version=form.version,
                fields=fields, clocks={p: clocks[p] for p in fields}, deleted=False,
                reference=reference or ""), practice=practice)  # fmt: skip
            if received is not None:
                # The district dates the complaint from when the citizen filed it here, not from when a sync or
                # a USB bundle brought it (weeks later, maybe): its deadlines and age are counted from this.
                event = {"complaint_id": record_id, "step": ComplaintStep.DITERIMA.value, "at": timestamp,
                         "by": self.operator}  # fmt: skip
                self._enqueue(conn, Change(change_id=str(uuid.uuid4()), kind=Kind.COMPLAINT_EVENT, record_id=received,
                                           fields=event, clocks=dict.fromkeys(event, stamp)),
                              practice=practice)  # fmt: skip
            conn.execute("INSERT INTO settings(key, value) VALUES ('hlc_last', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (self.clock.last,))  # fmt: skip
            self.audit("create" if existing is None else "update", record_id, form.key, conn=conn)
        changes = Changes(records=True, persons=form.kind == "household", complaints=form.kind == "complaint",
                          outbox=not practice, record_id=record_id)  # fmt: skip
        return SaveResult(record_id, changes, reference, result.warnings, result.overridden)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Saves inside share ONE transaction (one fsync), each in its own savepoint: `jaring demo-data` only.

        Real entry saves one record per transaction; a batch that fails midway keeps nothing of itself.
        The writer keeps more pages meanwhile: a 10,000-household batch run inserts into indexes (random record
        ids, words) far larger than the usual cache, and each page evicted was encrypted, read back and decrypted.
        """
        with self.db.transaction() as conn:
            self._batch = conn
            conn.execute(f"PRAGMA cache_size = -{BATCH_CACHE_KIB}")
            try:
                yield
            finally:
                self._batch = None
                conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator:
        conn = getattr(self, "_batch", None)
        if conn is None:
            with self.db.transaction() as conn:
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

    def delete_record(self, record_id: str) -> Changes:
        """A tombstone: the record disappears from lists and search; the deletion syncs like any change."""
        existing = self.get_record(record_id)
        stamp = self.clock.tick()
        clocks = {**existing.clocks, DELETED: stamp}
        with self.db.transaction() as conn:
            conn.execute("UPDATE record SET deleted = 1, clocks = ?, updated_at = ? WHERE id = ?",
                         (_json(clocks), now_iso(), record_id))  # fmt: skip
            self._clear_projections(conn, record_id)
            self._enqueue(conn, Change(change_id=str(uuid.uuid4()), kind=Kind(existing.kind), record_id=record_id,
                                       base_rev=existing.rev, form_id=existing.form_id,
                                       form_version=existing.form_version, fields={DELETED: True},
                                       clocks={DELETED: stamp}, deleted=True), practice=existing.practice)  # fmt: skip
            conn.execute("UPDATE settings SET value = ? WHERE key = 'hlc_last'", (self.clock.last,))
            self.audit("delete", record_id, conn=conn)
        return Changes(records=True, persons=existing.kind == "household", complaints=existing.kind == "complaint",
                       outbox=not existing.practice, record_id=record_id)  # fmt: skip

    def _desa_of(self, projections) -> str | None:
        for row in (projections.household, projections.complaint):
            if row and row.get("desa"):
                return row["desa"]
        return None

    def _next_reference(self, conn, desa: str | None) -> str:
        counter = int(conn.execute("SELECT value FROM settings WHERE key = 'ref_counter'").fetchone()[0]) + 1
        conn.execute("UPDATE settings SET value = ? WHERE key = 'ref_counter'", (str(counter),))
        number = int(conn.execute("SELECT value FROM settings WHERE key = 'device_number'").fetchone()[0])
        return make_reference(desa or self.area, number, counter, practice=self.practice)

    def _add_event(self, conn, record_id: str, step: ComplaintStep, at: str, note: str = "", referral: str = "",
                   origin: str = "device", event_id: str | None = None, by: str | None = None) -> None:  # fmt: skip
        conn.execute(
            "INSERT OR IGNORE INTO complaint_event(id, record_id, step, at, by, note, referral, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event_id or str(uuid.uuid4()),
                record_id,
                step.value,
                at,
                by or self.operator,
                note,
                referral,
                origin,
            ),
        )
        conn.execute("UPDATE complaint SET status = ?, status_at = ? WHERE record_id = ? AND status_at <= ?",
                     (step.value, at, record_id, at))  # fmt: skip

    def _clear_projections(self, conn, record_id: str) -> None:
        for table in ("household", "person", "complaint"):
            conn.execute(f"DELETE FROM {table} WHERE record_id = ?", (record_id,))
        conn.execute("DELETE FROM search_word WHERE record_id = ?", (record_id,))
        conn.execute("DELETE FROM person_text WHERE record_id = ?", (record_id,))

    def _write_projections(self, conn, record_id: str, form: FormDef, rows, reference: str | None, *,
                           new: bool) -> None:  # fmt: skip
        status = None
        if rows.complaint is not None and not new:
            found = conn.execute("SELECT status, received_at, status_at FROM complaint WHERE record_id = ?",
                                 (record_id,)).fetchone()  # fmt: skip
            status = found
        if not new:  # a new record has no projections yet
            self._clear_projections(conn, record_id)
        household = rows.household
        desa = self._desa_of(rows)
        desa_name = (regions.get(desa).name if desa and regions.get(desa) else "") or ""
        if household is not None:
            conn.execute(
                "INSERT INTO household(record_id, no_kk, head_name, desa, desa_name, address, decile, member_count) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (record_id, household.get("no_kk"), household.get("head_name"), desa, desa_name,
                 household.get("address"), household.get("decile"), household.get("member_count")),
            )  # fmt: skip
        kk = household.get("no_kk") if household else None
        conn.executemany(
            "INSERT INTO person(record_id, member_id, position, nik, no_nik_reason, name, sex, birth_date, desa, "
            "desa_name, ppks, status, disability, relation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(record_id, person["member_id"], person["position"], person.get("nik"),
              None if person.get("nik") else person.get("no_nik_reason"), person.get("name"), person.get("sex"),
              person.get("birth_date"), desa, desa_name, _json(person.get("ppks") or []), person.get("status"),
              _json(person.get("disability") or []), person.get("relation")) for person in rows.persons],
        )  # fmt: skip
        words = [
            (person, person_words(person.get("name"), person.get("nik"), kk, desa_name))
            for person in rows.persons
        ]
        conn.executemany(_WORD_SQL, [("person", w, person.get("name") or "", record_id, person["member_id"])
                                     for person, found in words for w in found])  # fmt: skip
        conn.executemany(
            _TEXT_SQL,
            [
                (person.get("name") or "", record_id, person["member_id"], person_text(found))
                for person, found in words
            ],
        )
        complaint = rows.complaint
        if complaint is not None:
            received = status[1] if status else now_iso()
            conn.execute(
                "INSERT INTO complaint(record_id, reference, category, urgency, subject_name, subject_nik, desa, "
                "desa_name, referral, status, received_at, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record_id, reference, complaint.get("category"), complaint.get("urgency"),
                 complaint.get("subject_name"), complaint.get("subject_nik"), desa, desa_name,
                 complaint.get("referral"), status[0] if status else ComplaintStep.DITERIMA.value, received,
                 status[2] if status else received),
            )  # fmt: skip
            words = complaint_words(
                complaint.get("subject_name"), complaint.get("subject_nik"), reference, desa_name
            )
            conn.executemany(_WORD_SQL, [("complaint", w, "", record_id, "") for w in words])

    def rebuild_index(self) -> int:
        """Rebuild every projection from the records (`jaring rebuild-index`)."""
        rows = self.db.reader().execute(
            "SELECT id, form_id, form_version, answers, reference, deleted FROM record").fetchall()  # fmt: skip
        with self.db.transaction() as conn:
            for table in ("household", "person", "search_word", "person_text"):
                conn.execute(f"DELETE FROM {table}")
            for record_id, form_id, version, answers, reference, deleted in rows:
                if deleted:
                    self._clear_projections(conn, record_id)
                    continue
                form = self.form(form_id, version)
                self._write_projections(conn, record_id, form, project(form, json.loads(answers)), reference,
                                        new=False)  # fmt: skip
            self.audit("rebuild_index", detail=f"{len(rows)} records", conn=conn)
        return len(rows)

    # --- outbox ---------------------------------------------------------------------------------

    def _enqueue(self, conn, change: Change, *, practice: bool) -> None:
        """Queue a change for the district, unless it is a practice record's: decided by the record, not by the
        laptop's mode, so a training record edited or deleted after enrollment still never leaves the laptop."""
        if practice:
            return
        conn.execute("INSERT INTO outbox(change_id, record_id, kind, body, created_at) VALUES (?, ?, ?, ?, ?)",
                     (change.change_id, change.record_id, change.kind.value, change.model_dump_json(), now_iso()))  # fmt: skip

    def outbox_counts(self) -> dict[str, int]:
        rows = self.db.reader().execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        return {"pending": 0, "acknowledged": 0, "rejected": 0, **dict(rows)}

    # --- the sync port (sync.ports.SyncStore) ----------------------------------------------------

    def identity(self) -> DeviceIdentity | None:
        if self.practice:
            return None
        return DeviceIdentity(self.device_id, int(self.setting("device_number", "0")), self.area,
                              self.setting("token"), self.setting("server_url"))  # fmt: skip

    def pending_changes(self, after_offset: int, limit: int) -> list[PendingChange]:
        rows = (
            self.db.reader()
            .execute(
                "SELECT offset, body FROM outbox WHERE state = 'pending' AND offset > ? ORDER BY offset LIMIT ?",
                (after_offset, limit),
            )
            .fetchall()
        )
        return [PendingChange(offset, Change.model_validate_json(body)) for offset, body in rows]

    def record_results(self, results: list[tuple[int, ChangeResult]]) -> None:
        with self.db.transaction() as conn:
            for offset, result in results:
                state = "rejected" if result.status is ResultStatus.REJECTED else "acknowledged"
                row = conn.execute("SELECT record_id FROM outbox WHERE offset = ?", (offset,)).fetchone()
                conn.execute("UPDATE outbox SET state = ?, result = ?, acknowledged_at = ? WHERE offset = ?",
                             (state, result.model_dump_json(), now_iso(), offset))  # fmt: skip
                if row and state == "acknowledged" and result.rev is not None:
                    conn.execute("UPDATE record SET rev = max(coalesce(rev, 0), ?), acknowledged = 1 WHERE id = ?",
                                 (result.rev, row[0]))  # fmt: skip

    def apply_pull_page(self, page: PullPage) -> int:
        with self.db.transaction() as conn:
            for pulled in page.records:
                local = conn.execute("SELECT answers, clocks, form_id, form_version, reference FROM record "
                                     "WHERE id = ?", (pulled.record_id,)).fetchone()  # fmt: skip
                # The receipt number this laptop printed stays; the server's is for records made elsewhere.
                reference = (local[4] if local is not None else None) or pulled.reference or None
                for stamp in pulled.clocks.values():
                    self.clock.receive(stamp)
                remote = RecordState(flatten(pulled.answers), dict(pulled.clocks))
                if pulled.deleted:
                    remote.fields[DELETED] = True
                if local is None:
                    merged, found = remote, conflicts_to_log(self.device_id, [], set(), pulled.conflicts)
                else:
                    mine = RecordState(flatten(json.loads(local[0])), json.loads(local[1]))
                    # the server's (clamped) stamps for our acknowledged writes replace our own first
                    unacknowledged = self._unacknowledged_paths(conn, pulled.record_id)
                    mine, adopted = adopt_acknowledged(mine, remote, self.device_id, unacknowledged)
                    result = merge(mine, remote.fields, remote.clocks)
                    merged = result.state
                    found = conflicts_to_log(self.device_id, adopted + result.conflicts, unacknowledged,
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
                    (pulled.record_id, pulled.kind.value, pulled.form_id, pulled.form_version, _json(answers),
                     _json(merged.clocks), pulled.area, pulled.rev, pulled.origin_device, pulled.created_by,
                     int(deleted), _json([f.model_dump() for f in pulled.review_flags]), pulled.reference or None,
                     now_iso(), now_iso()),
                )  # fmt: skip
                if deleted:
                    self._clear_projections(conn, pulled.record_id)
                else:
                    form = self.form(pulled.form_id, pulled.form_version)
                    self._write_projections(conn, pulled.record_id, form, project(form, answers), reference,
                                            new=local is None)  # fmt: skip
            for event in page.events:
                self._add_event(conn, event.record_id, event.step, event.at, event.note, event.referral,
                                origin="server", event_id=event.event_id, by=event.by)  # fmt: skip
            for update in page.forms:
                self.registry.add_source(update.definition)
                conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                             "value = excluded.value", (f"form:{update.form_id}@{update.version}",
                                                        _json(update.definition)))  # fmt: skip
            conn.executemany("INSERT OR REPLACE INTO person_link(id, record_id, member_id, other_record_id, "
                             "other_member_id, by, at, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             [(k.link_id, k.record_id, k.member_id, k.other_record_id, k.other_member_id, k.by,
                               k.at, k.rev) for k in page.person_links])  # fmt: skip
            _keep_reference_data(conn, page.reference)
            conn.execute("INSERT INTO settings(key, value) VALUES ('pull_cursor', ?) ON CONFLICT(key) DO UPDATE "
                         "SET value = excluded.value", (str(page.next_cursor),))  # fmt: skip
            conn.execute("UPDATE settings SET value = ? WHERE key = 'hlc_last'", (self.clock.last,))
        return len(page.records) + len(page.events) + len(page.person_links)

    def linked_persons(self, record_id: str, member_id: str) -> list[tuple[str, str]]:
        """(record id, member id) of every person the district linked to this one as the same person."""
        rows = self.db.reader().execute(
            "SELECT other_record_id, other_member_id FROM person_link WHERE record_id = ? AND member_id = ? "
            "UNION SELECT record_id, member_id FROM person_link WHERE other_record_id = ? AND other_member_id = ?",
            (record_id, member_id, record_id, member_id),
        )
        return sorted((r, m) for r, m in rows.fetchall())

    def _unacknowledged_paths(self, conn, record_id: str) -> set[str]:
        """Paths of this record's changes the server has not acknowledged (pending or rejected)."""
        rows = conn.execute("SELECT body FROM outbox WHERE record_id = ? AND state IN ('pending', 'rejected')",
                            (record_id,)).fetchall()  # fmt: skip
        return {path for (body,) in rows for path in json.loads(body)["fields"]}

    def prune_acknowledged(self, keep_days: int = 30, *, now: datetime | None = None) -> int:
        """Forget outbox rows the server acknowledged more than `keep_days` ago, and finished sync runs as old,
        so sync state never grows without bound. Pending and rejected changes are always kept."""
        cutoff = ((now or datetime.now(UTC)) - timedelta(days=keep_days)).isoformat(timespec="milliseconds")
        with self.db.transaction() as conn:
            gone = conn.execute("DELETE FROM outbox WHERE state = 'acknowledged' AND acknowledged_at < ?",
                                (cutoff,)).rowcount  # fmt: skip
            conn.execute("DELETE FROM sync_run WHERE finished_at IS NOT NULL AND finished_at < ?", (cutoff,))
        return gone

    def reference_data(self, name: str) -> ReferenceData | None:
        """The newest version pulled (or brought by a return bundle) of a reference data set; None before."""
        stored = self.setting(REFERENCE_KEY + name)
        return ReferenceData(name=name, **json.loads(stored)) if stored else None

    def pull_cursor(self) -> int:
        return int(self.setting("pull_cursor", "0"))

    def load_sync_run(self) -> SyncRun | None:
        row = self.db.reader().execute(
            "SELECT body FROM sync_run WHERE finished_at IS NULL ORDER BY started_at DESC LIMIT 1").fetchone()  # fmt: skip
        return SyncRun(**json.loads(row[0])) if row else None

    def save_sync_run(self, run: SyncRun) -> None:
        finished = now_iso() if run.status in ("done", "failed") else None
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO sync_run(run_id, started_at, finished_at, body) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(run_id) DO UPDATE SET finished_at = excluded.finished_at, body = excluded.body",
                (run.run_id, now_iso(), finished, _json(run.__dict__)),
            )

    # --- attachments (bytes inside the encrypted database: m0004_attachment_bytes) -----------------

    def add_attachment(self, data: bytes, media_type: str = "application/octet-stream") -> str:
        """Keep a file's bytes by their SHA-256 (the value a photo field holds); the same file twice is kept
        once. Saved before the record that names it; `save_record` then ties it to that record."""
        AttachmentRefused.check_size(len(data), MAX_ATTACHMENT_BYTES)
        sha = sha256_hex(data)
        with self._transaction() as conn:
            conn.execute("INSERT INTO attachment(sha256, record_id, size, media_type, uploaded, created_at, data) "
                         "VALUES (?, NULL, ?, ?, 0, ?, ?) ON CONFLICT(sha256) DO NOTHING",
                         (sha, len(data), media_type, now_iso(), data))  # fmt: skip
        return sha

    def keep_downloaded_attachment(self, sha256: str, data: bytes, record_id: str) -> None:
        """Keep the bytes of a photo another device sent (fetched from the server for `record_id`): tied to
        that record, marked as already on the server so it is never sent back."""
        AttachmentRefused.check_size(len(data), MAX_ATTACHMENT_BYTES)
        if sha256_hex(data) != sha256:
            raise ValueError("the bytes are not the named attachment")
        with self._transaction() as conn:
            conn.execute("INSERT INTO attachment(sha256, record_id, size, media_type, uploaded, created_at, data) "
                         "VALUES (?, ?, ?, 'application/octet-stream', 1, ?, ?) "
                         "ON CONFLICT(sha256) DO UPDATE SET data = excluded.data WHERE attachment.data IS NULL",
                         (sha256, record_id, len(data), now_iso(), data))  # fmt: skip

    def _link_attachments(self, conn, record_id: str, flat: dict) -> None:
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

    def prune_unused_attachments(self, keep_days: int = 30, *, now: datetime | None = None) -> int:
        """Delete photos no saved record names and no draft holds, once older than `keep_days` (chosen for a
        form that was abandoned, or removed from a record): their bytes are personal data nobody needs."""
        cutoff = ((now or datetime.now(UTC)) - timedelta(days=keep_days)).isoformat(timespec="milliseconds")
        with self.db.transaction() as conn:
            drafts = " ".join(answers for (answers,) in conn.execute("SELECT answers FROM draft"))
            unused = [sha for (sha,) in conn.execute(
                "SELECT sha256 FROM attachment WHERE record_id IS NULL AND created_at < ?", (cutoff,))
                if sha not in drafts]  # fmt: skip
            conn.executemany("DELETE FROM attachment WHERE sha256 = ?", [(sha,) for sha in unused])
            if unused:
                self.audit("attachments_pruned", detail=str(len(unused)), conn=conn)
        return len(unused)

    def attachment(self, sha256: str) -> bytes | None:
        row = self.db.reader().execute("SELECT data FROM attachment WHERE sha256 = ?", (sha256,)).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    def pending_attachments(self, limit: int) -> list[AttachmentRef]:
        rows = self.db.reader().execute(
            "SELECT a.sha256, a.size FROM attachment a JOIN record r ON r.id = a.record_id WHERE a.uploaded = 0 "
            "AND a.data IS NOT NULL AND r.acknowledged = 1 AND r.practice = 0 ORDER BY a.created_at LIMIT ?",
            (limit,)).fetchall()  # fmt: skip
        return [AttachmentRef(sha, size) for sha, size in rows]

    def attachment_bytes(self, sha256: str, offset: int, length: int) -> bytes:
        row = self.db.reader().execute("SELECT substr(data, ?, ?) FROM attachment WHERE sha256 = ?",
                                       (offset + 1, length, sha256)).fetchone()  # fmt: skip
        return bytes(row[0]) if row and row[0] is not None else b""

    def mark_attachment_uploaded(self, sha256: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("UPDATE attachment SET uploaded = 1 WHERE sha256 = ?", (sha256,))

    def unsent_attachments(self) -> dict[str, bytes]:
        """Attachments of saved records the server has not confirmed yet, for a USB bundle — never a practice
        record's: its photo is training data like the record itself, which never leaves the laptop."""
        rows = self.db.reader().execute(
            "SELECT a.sha256, a.data FROM attachment a JOIN record r ON r.id = a.record_id WHERE a.uploaded = 0 "
            "AND a.data IS NOT NULL AND r.practice = 0 ORDER BY a.created_at").fetchall()  # fmt: skip
        return {sha: bytes(data) for sha, data in rows}

    def last_sync(self) -> str | None:
        row = self.db.reader().execute(
            "SELECT max(finished_at) FROM sync_run WHERE finished_at IS NOT NULL").fetchone()  # fmt: skip
        return row[0] if row else None


REFERENCE_KEY = "reference:"  # settings key prefix of each reference data set's newest version


def _keep_reference_data(conn, sets: list[ReferenceData]) -> None:
    """Each reference data set's version as pulled, the older one replaced: pull and return bundles bring
    them in publication order, so the last one applied is the district's newest."""
    for ref in sets:
        conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                     "value = excluded.value", (REFERENCE_KEY + ref.name, _json({"version": ref.version,
                                                                                 "data": ref.data})))  # fmt: skip


def _log_conflicts(conn, record_id: str, found: list) -> None:
    """Into the conflict log, once each (a page pulled again, or a note the server repeats, adds nothing)."""
    for c in found:
        known = conn.execute("SELECT 1 FROM conflict WHERE record_id = ? AND path = ? "
                             "AND json_extract(body, '$.loser.stamp') = ?", (record_id, c.path, c.loser_stamp))  # fmt: skip
        if known.fetchone() is None:
            conn.execute("INSERT INTO conflict(record_id, path, body, found_at) VALUES (?, ?, ?, ?)",
                         (record_id, c.path, _json(c.to_json()), now_iso()))  # fmt: skip


def data_files(data_dir: Path) -> list[Path]:
    """Every file in the data directory (for the encryption test and backups)."""
    return [Path(root) / name for root, _, names in os.walk(data_dir) for name in names]
