"""The store's front object: open or create the encrypted store with its key slots, and hand the work to its
parts (after Anki's `Collection` and its managers; docs/architecture.md#the-store):

- `store.records` (records.py): save, delete, projections, rebuild, batches;
- `store.sync` (sync_port.py): the outbox and the sync client's port (`sync.ports.SyncStore`), pruning;
- `store.attachments` (attachments.py): photo bytes;
- `store.settings` (settings.py): one get, one put;
- `store.accounts` (operators.py): add, remove and re-password operators;
- `store.drafts` (drafts.py), `store.review` (review.py): half-filled forms, conflicts and flags.

The one-line methods below keep the names most callers use (`store.save_record(...)`)."""

from __future__ import annotations

import json
import logging
import os
import uuid
from pathlib import Path

from app.store import operators as operator_policy
from app.store.attachments import Attachments
from app.store.database import DB_FILE, Database
from app.store.drafts import Drafts
from app.store.errors import DiskFull, ReadOnlyDataDir, StoreExists, StoreMissing, UnknownRegion
from app.store.keyslots import SLOTS_FILE, KeySlots
from app.store.operators import Operators
from app.store.records import Records
from app.store.review import Review
from app.store.settings import Settings
from app.store.sync_port import SyncPort
from app.store.values import Changes, SaveResult, StoredRecord, now_iso
from forms.definition import FormDef
from forms.domain import regions
from forms.registry import Registry, default_registry
from sync.hlc import HybridClock
from sync.keys import KeyPair
from sync.ports import AttachmentRef, DeviceIdentity, PendingChange, SyncRun
from sync.protocol import AuditEntry, ChangeResult, EnrollAnswer, PullPage

__all__ = ["DEFAULT_AREA", "Changes", "SaveResult", "Store", "StoredRecord", "data_files", "now_iso"]

log = logging.getLogger(__name__)
DEFAULT_AREA = "62"  # Kalimantan Tengah until enrollment says otherwise


class Store:
    def __init__(self, data_dir: Path, db: Database, slots: KeySlots, operator: str, key: bytes,
                 registry: Registry | None = None):  # fmt: skip
        self.data_dir = data_dir
        self.db = db
        self.slots = slots
        self.operator = operator
        self._key = key
        self.settings = Settings(db)
        self.records = Records(self)
        self.sync = SyncPort(self)
        self.attachments = Attachments(self)
        self.accounts = Operators(self)
        self.drafts = Drafts(self)
        self.review = Review(self)
        self.registry = registry or self._own_registry()
        self.clock = HybridClock(self.device_id, last=self.setting("hlc_last") or None)

    def _own_registry(self) -> Registry:
        """The shipped forms plus every version the district published and this store pulled (kept in
        settings as `form:<id>@<version>`), so they survive a restart — in a registry of this store's own:
        another store in the same process (a test, a TKSK laptop's relay) must not see them."""
        registry = Registry()
        for form in default_registry().all():
            registry.add(form)
        for source in self.settings.pulled_forms():
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
        Settings(db).put({"device_id": device, "device_number": "0", "area": regions.get(area_code).code,
                          "practice": "1", "ref_counter": "0", "created_at": now_iso(),
                          "device_sign_key": sign_private, "device_box_key": box_private})  # fmt: skip
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

    # --- who this laptop is ---------------------------------------------------------------------

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

    def form(self, form_id: str, version: int | None = None) -> FormDef:
        return self.registry.get(form_id, version)

    # --- the names most callers use, each handed to its part ---------------------------------------

    def setting(self, key: str, default: str = "") -> str:
        return self.settings.get(key, default)

    def set_settings(self, values: dict[str, str]) -> Changes:
        self.settings.put(values)
        return Changes(settings=True)

    def add_operator(self, name: str, password: str, *, administrator: bool = False) -> Changes:
        return self.accounts.add(name, password, administrator=administrator)

    def remove_operator(self, name: str) -> Changes:
        return self.accounts.remove(name)

    def change_password(self, name: str, new_password: str) -> Changes:
        return self.accounts.change_password(name, new_password)

    def get_record(self, record_id: str) -> StoredRecord:
        return self.records.get(record_id)

    def save_record(self, form_id: str, answers: dict, **how) -> SaveResult:
        """`Records.save`: record_id (an edit), form_version, today."""
        return self.records.save(form_id, answers, **how)

    def delete_record(self, record_id: str) -> Changes:
        return self.records.delete(record_id)

    def batch(self):
        return self.records.batch()

    def add_attachment(self, data: bytes, media_type: str = "application/octet-stream") -> str:
        return self.attachments.add(data, media_type)

    def attachment(self, sha256: str) -> bytes | None:
        return self.attachments.get(sha256)

    # `sync.ports.SyncStore`: the sync client and USB bundles take the store itself as their port.

    def identity(self) -> DeviceIdentity | None:
        return self.sync.identity()

    def pending_changes(self, after_offset: int, limit: int) -> list[PendingChange]:
        return self.sync.pending_changes(after_offset, limit)

    def record_results(self, results: list[tuple[int, ChangeResult]]) -> None:
        self.sync.record_results(results)

    def apply_pull_page(self, page: PullPage) -> int:
        return self.sync.apply_pull_page(page)

    def pull_cursor(self) -> int:
        return self.sync.pull_cursor()

    def load_sync_run(self) -> SyncRun | None:
        return self.sync.load_sync_run()

    def save_sync_run(self, run: SyncRun) -> None:
        self.sync.save_sync_run(run)

    def pending_attachments(self, limit: int) -> list[AttachmentRef]:
        return self.attachments.pending(limit)

    def attachment_bytes(self, sha256: str, offset: int, length: int) -> bytes:
        return self.attachments.part(sha256, offset, length)

    def mark_attachment_uploaded(self, sha256: str) -> None:
        self.attachments.mark_uploaded(sha256)

    def pending_audit(self, limit: int) -> list[AuditEntry]:
        return self.sync.pending_audit(limit)

    def audit_sent(self, through: int) -> None:
        self.sync.audit_sent(through)

    def outbox_counts(self) -> dict[str, int]:
        return self.sync.outbox_counts()

    def last_sync(self) -> str | None:
        return self.sync.last_sync()

    def reference_data(self, name: str):
        return self.settings.reference_data(name)


def data_files(data_dir: Path) -> list[Path]:
    """Every file in the data directory (for the encryption test and backups)."""
    return [Path(root) / name for root, _, names in os.walk(data_dir) for name in names]
