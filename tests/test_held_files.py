"""A file another program holds open, as Windows reports it (simulated here; the real thing under Wine is in
tests/test_windows_installer.py): every rename in place retries briefly, then fails with a clear message and
leaves the old file whole; the log stays bounded when it cannot rotate; a program without a console
(jaringw.exe) never fails on output."""

from __future__ import annotations

import errno
import logging
import os
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.logging_setup import SharedRotatingFileHandler
from app.services import settings
from app.store.database import DB_FILE, Database
from app.store.keyslots import SLOTS_FILE
from app.store.store import Store
from support.store import PASSWORD, new_store
from sync import files
from sync.files import FileBusy

REAL_REPLACE = os.replace
REAL_RENAME = os.rename


def held(monkeypatch, times: int | None, name: str = "replace") -> list[str]:
    """os.replace (or os.rename) refuses like Windows does for a held file: `times` times, or always."""
    calls: list[str] = []
    real = REAL_REPLACE if name == "replace" else REAL_RENAME

    def refuse(src, dst, *args, **kwargs):
        calls.append(str(dst))
        if times is None or len(calls) <= times:
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, name, refuse)
    monkeypatch.setattr(files.time, "sleep", lambda _s: None)  # the retry's waits, not the test's
    return calls


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix in (".tmp", ".part"))


def test_replace_retries_while_held_then_succeeds(tmp_path, monkeypatch):
    (tmp_path / "new").write_text("baru")
    (tmp_path / "old").write_text("lama")
    calls = held(monkeypatch, times=3)
    files.replace(tmp_path / "new", tmp_path / "old")
    assert len(calls) == 4
    assert (tmp_path / "old").read_text() == "baru" and not (tmp_path / "new").exists()


def test_replace_gives_up_with_a_message_in_both_languages(tmp_path, monkeypatch):
    (tmp_path / "new").write_text("baru")
    (tmp_path / "old").write_text("lama")
    calls = held(monkeypatch, times=None)
    with pytest.raises(FileBusy) as caught:
        files.replace(tmp_path / "new", tmp_path / "old")
    assert len(calls) == len(files.RETRY_DELAYS) + 1
    assert "sedang dipakai program lain" in caught.value.id and "in use by another program" in caught.value.en
    assert (tmp_path / "old").read_text() == "lama"


def test_key_slots_saved_once_the_other_program_lets_go(tmp_path, monkeypatch):
    store, _ = new_store(tmp_path / "data")
    held(monkeypatch, times=2)
    store.add_operator("budi", "kata-sandi-budi")
    store.close()
    assert Store.operators(tmp_path / "data") == ["ani", "budi"]
    Store.open(tmp_path / "data", "budi", "kata-sandi-budi").close()


def test_key_slots_held_for_good_refuse_cleanly_and_keep_the_old_file(tmp_path, monkeypatch):
    store, _ = new_store(tmp_path / "data")
    before = (tmp_path / "data" / SLOTS_FILE).read_bytes()
    held(monkeypatch, times=None)
    with pytest.raises(FileBusy):
        store.add_operator("budi", "kata-sandi-budi")
    store.close()
    assert (tmp_path / "data" / SLOTS_FILE).read_bytes() == before
    assert leftovers(tmp_path / "data") == []
    monkeypatch.setattr(os, "replace", REAL_REPLACE)
    Store.open(tmp_path / "data", "ani", PASSWORD).close()  # the old slots still open the store


def test_cli_says_the_file_is_in_use_instead_of_a_traceback(tmp_path, monkeypatch, capsys):
    new_store(tmp_path / "data")[0].close()
    monkeypatch.setenv("JARING_PASSWORD", PASSWORD)
    monkeypatch.setenv("JARING_NEW_PASSWORD", "kata-sandi-budi")
    held(monkeypatch, times=None)
    code = main(["--data-dir", str(tmp_path / "data"), "--operator", "ani", "operator", "add", "budi"])
    err = capsys.readouterr().err
    assert code == 2
    assert "sedang dipakai program lain" in err and "Traceback" not in err


def test_settings_held_keep_the_old_settings(tmp_path, monkeypatch):
    settings.save(tmp_path, settings.LaptopSettings(language="en", idle_minutes=5))
    held(monkeypatch, times=None)
    with pytest.raises(FileBusy):
        settings.save(tmp_path, settings.LaptopSettings(language="id", idle_minutes=30))
    assert settings.load(tmp_path) == settings.LaptopSettings(language="en", idle_minutes=5)


def test_migration_backup_is_whole_when_the_store_is_briefly_held(tmp_path, monkeypatch):
    store, _ = new_store(tmp_path / "data")
    key = store._key
    store.close()
    db = Database(tmp_path / "data" / DB_FILE, key)
    held(monkeypatch, times=2)
    backup = db.backup("pre-v9")
    db.close()
    assert backup.read_bytes() == (tmp_path / "data" / DB_FILE).read_bytes()
    assert leftovers(tmp_path / "data") == []


def test_migration_backup_held_for_good_leaves_no_partial_copy(tmp_path, monkeypatch):
    store, _ = new_store(tmp_path / "data")
    key = store._key
    store.close()
    db = Database(tmp_path / "data" / DB_FILE, key)
    held(monkeypatch, times=None)
    with pytest.raises(FileBusy):
        db.backup("pre-v9")
    db.close()
    assert [p.name for p in (tmp_path / "data").iterdir() if "backup" in p.name] == []
    assert leftovers(tmp_path / "data") == []


def _log_lines(handler: logging.Handler, count: int) -> None:
    logger = logging.getLogger("test.held.log")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for i in range(count):
            logger.warning("baris %05d %s", i, "x" * 80)
    finally:
        logger.removeHandler(handler)
        handler.close()


def test_log_that_cannot_be_renamed_stays_bounded_and_keeps_its_lines(tmp_path, monkeypatch):
    held(monkeypatch, times=None, name="rename")
    held(monkeypatch, times=None, name="replace")
    log = tmp_path / "jaring.log"
    _log_lines(SharedRotatingFileHandler(log, max_bytes=10_000, backups=3), 2_000)  # ~200 kB written
    assert log.stat().st_size <= 10_000
    assert "baris" in (tmp_path / "jaring.log.1").read_text(encoding="utf-8")  # the older lines, copied
    assert "baris 01999" in log.read_text(encoding="utf-8").splitlines()[-1]  # the newest line is kept


def test_log_that_can_be_neither_renamed_nor_emptied_stops_at_its_hard_limit(tmp_path, monkeypatch):
    held(monkeypatch, times=None, name="rename")
    held(monkeypatch, times=None, name="replace")
    monkeypatch.setattr(SharedRotatingFileHandler, "_copy_and_empty", lambda self: None)
    log = tmp_path / "jaring.log"
    _log_lines(SharedRotatingFileHandler(log, max_bytes=10_000, backups=3), 2_000)
    assert log.stat().st_size <= 20_000 + 200


def test_program_without_console_writes_progress_without_failing(tmp_path, monkeypatch):
    """jaringw.exe: sys.stdout and sys.stderr are None; demo-data draws a progress bar on stderr."""
    new_store(tmp_path / "data")[0].close()
    monkeypatch.setenv("JARING_PASSWORD", PASSWORD)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    code = main(["--data-dir", str(tmp_path / "data"), "--operator", "ani", "demo-data", "--households", "2"])
    monkeypatch.undo()
    assert code == 0
    store = Store.open(tmp_path / "data", "ani", PASSWORD)
    try:
        assert store.db.reader().execute("SELECT count(*) FROM household").fetchone()[0] == 2
    finally:
        store.close()
