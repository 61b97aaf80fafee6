"""One SQLCipher file: connections with the key, WAL and synchronous=FULL, one writer, versioned migrations.

Every connection opens with the raw key (`PRAGMA key = "x'…'"`, no per-connection KDF), checks it with a
cheap read, then sets WAL, synchronous=FULL (a battery dying mid-save must not lose an acknowledged save),
foreign keys and a busy timeout. All writes go through `Database.transaction()`: one connection behind one
lock, BEGIN IMMEDIATE — so autosave, services and sync never meet SQLITE_BUSY. Reads use a connection
per thread; WAL lets them run beside the writer.

Plain DB-API over `sqlcipher3` rather than an ORM: the store's SQL is small, FTS5 and hand-written
migrations do not fit an ORM's model, and one writer needs no pool.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import logging
import pkgutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher

from app.store import migrations
from app.store.errors import DiskFull, ReadOnlyDataDir, WrongPassword
from forms.problems import UserError
from sync import files

log = logging.getLogger(__name__)
DB_FILE = "jaring.db"
BUSY_TIMEOUT_MS = 15_000
PAGE_CACHE_KIB = 65_536  # decrypted pages kept per connection (the default keeps about 8 MiB)


class MigrationFailed(UserError):
    code = "migration_failed"


def _translate(err: BaseException, where: Path) -> BaseException:
    text = str(err).lower()
    if "disk is full" in text or getattr(err, "errno", None) == errno.ENOSPC:
        return DiskFull()
    if (
        "readonly" in text
        or "read-only" in text
        or getattr(err, "errno", None) in (errno.EROFS, errno.EACCES)
    ):
        return ReadOnlyDataDir(str(where))
    return err


def connect(path: Path, key: bytes, *, readonly: bool = False) -> sqlcipher.Connection:
    """A keyed connection with the durability settings asserted on every connection."""
    conn = sqlcipher.connect(
        str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("PRAGMA cipher_log_level = NONE")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError:
            raise WrongPassword() from None
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        return conn
    except BaseException:
        conn.close()
        raise


def available_migrations() -> list[tuple[int, object]]:
    """(version, module) of every app/store/migrations/mNNNN_*.py, in order; one file per step."""
    found = []
    for info in pkgutil.iter_modules(migrations.__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            found.append((int(info.name[1:5]), importlib.import_module(f"{migrations.__name__}.{info.name}")))
    return sorted(found, key=lambda pair: pair[0])


class Database:
    def __init__(self, path: Path, key: bytes):
        self.path = path
        self._key = key
        self._write_lock = threading.RLock()
        self._readers: dict[int, sqlcipher.Connection] = {}  # by OS thread id
        self._when_written: list = []  # what to forget once the current transaction ends
        try:
            self._writer = connect(path, key)
        except sqlcipher.OperationalError as err:
            raise _translate(err, path.parent) from None
        self._writer.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")  # index inserts land on random pages

    # --- migrations ---------------------------------------------------------------------------

    def version(self) -> int:
        return self._writer.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self, target: int | None = None) -> Path | None:
        """Bring the schema to `target`. An existing file is copied first; a failed step restores that copy.

        Returns the backup's path (None for a new, empty database).
        """
        steps = available_migrations()
        target = max(v for v, _ in steps) if target is None else target
        current = self.version()
        if current >= target:
            return None
        backup = self.backup(f"pre-v{target}") if current > 0 else None
        try:
            for version, module in steps:
                if current < version <= target:
                    with self.transaction() as conn:
                        module.upgrade(conn)
                        conn.execute(f"PRAGMA user_version = {version}")
                    log.info("store migrated to version %s", version)
        except Exception as err:
            log.exception("store migration failed; restoring %s", backup)
            if backup is not None:
                self.restore(backup)
            raise MigrationFailed(
                f"Pembaruan data gagal ({type(err).__name__}); data lama dipulihkan dari cadangan {backup}.",
                f"The data update failed ({type(err).__name__}); the old data was restored from backup {backup}.",
            ) from None
        return backup

    def backup(self, label: str) -> Path:
        """A consistent copy of the (encrypted) file beside it: checkpoint the WAL, then copy."""
        with self._write_lock:
            self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            target = self.path.with_name(f"{self.path.name}.backup-{label}-{time.strftime('%Y%m%d%H%M%S')}")
            files.copy(self.path, target)  # whole or absent, even if a scanner holds it
            return target

    def compact(self) -> None:
        """Rewrite the file without the pages rows were deleted from (VACUUM), and empty the WAL: after an
        erasure no page of the encrypted file or its WAL still holds the erased rows."""
        with self._write_lock:
            self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._writer.execute("VACUUM")
            self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def restore(self, backup: Path) -> None:
        with self._write_lock:
            self.close_readers()
            self._writer.close()
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            files.copy(backup, self.path)
            self._writer = connect(self.path, self._key)

    # --- writing and reading ------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlcipher.Connection]:
        """The one way to write: everything inside commits together or not at all."""
        with self._write_lock:
            conn = self._writer
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlcipher.OperationalError as err:
                raise _translate(err, self.path.parent) from None
            self._when_written = []
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as err:
                with contextlib.suppress(sqlcipher.Error):
                    conn.execute("ROLLBACK")
                translated = (
                    _translate(err, self.path.parent) if isinstance(err, (sqlcipher.Error, OSError)) else err
                )
                if translated is not err:
                    raise translated from None
                raise
            finally:
                for forget in self._when_written:  # committed or rolled back: caches read the table again
                    forget()

    def when_written(self, forget) -> None:
        """Call `forget()` once the current transaction has committed or rolled back (a cache of what it
        writes must not be refilled from the old rows in between: readers see the old rows until COMMIT)."""
        self._when_written.append(forget)

    def reader(self) -> sqlcipher.Connection:
        """This thread's read connection (opened on first use), kept with its page cache for the next call.

        Keyed by the OS thread id, not `threading.local`: a Qt worker thread gets a fresh Python thread state
        for every job, so thread-locals were lost after each one and every search opened a new connection
        with a cold cache (and kept the old one open: 40 MB more after each full-list read). An id reused by
        a later thread takes over a dead thread's connection, one thread at a time.
        """
        ident = threading.get_ident()
        conn = self._readers.get(ident)
        if conn is None:
            conn = connect(self.path, self._key)
            conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")  # search re-reads its index pages
            self._readers[ident] = conn
        return conn

    def close_readers(self) -> None:
        readers, self._readers = self._readers, {}
        for conn in readers.values():
            with contextlib.suppress(sqlcipher.Error):
                conn.close()

    def close(self) -> None:
        self.close_readers()
        with self._write_lock:
            self._writer.close()
