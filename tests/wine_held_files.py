"""Run by the Windows CPython under Wine (tests/test_windows_installer.py), not by pytest: a file really held
open by another process, with Windows' sharing rules, against the app's own code. Prints one JSON object.

    python.exe wine_held_files.py <source root> <work folder>
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, sys.argv[1])

from app.logging_setup import SharedRotatingFileHandler  # noqa: E402
from app.store.keyslots import KeySlots  # noqa: E402
from sync import files  # noqa: E402

WORK = Path(sys.argv[2])
# Holds the file open until its standard input closes.
HOLDER = "import sys; f = open(sys.argv[1], 'ab'); print('held', flush=True); sys.stdin.read()"


def hold(path: Path, seconds: float) -> subprocess.Popen:
    """Another process opens the file as Python (and most programs) do, without FILE_SHARE_DELETE, and lets
    go after `seconds`."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE,
                            stdin=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout.readline().strip() == "held"
    timer = threading.Timer(seconds, proc.stdin.close)
    timer.daemon = True
    timer.start()
    return proc


def fresh(name: str, text: str) -> tuple[Path, Path]:
    target, new = WORK / name, WORK / f"{name}.new"
    target.write_text("lama " + text, encoding="utf-8")
    new.write_text("baru " + text, encoding="utf-8")
    return target, new


def plain_replace_refused() -> str:
    target, new = fresh("plain.txt", "plain")
    holder = hold(target, 3)
    try:
        os.replace(new, target)
        return "replaced"
    except PermissionError as err:
        return f"PermissionError winerror={getattr(err, 'winerror', None)}"
    finally:
        holder.wait()


def retried_replace(held_for: float) -> dict:
    target, new = fresh(f"held-{held_for}.txt", str(held_for))
    holder = hold(target, held_for)
    outcome = "replaced"
    try:
        files.replace(new, target)
    except files.FileBusy as err:
        outcome = f"FileBusy: {err.en}"
    holder.wait()
    return {"outcome": outcome, "content": target.read_text(encoding="utf-8"), "new_left": new.exists()}


def keyslots_held_briefly() -> dict:
    folder = WORK / "slots"
    folder.mkdir(exist_ok=True)
    slots, key, _recovery = KeySlots.create(folder, "ani", "rahasia-desa-1")
    holder = hold(folder / "keyslots.json", 0.6)
    slots.add(key, "budi", "kata-sandi-budi")
    holder.wait()
    return {"operators": KeySlots.load(folder).operators(), "left": sorted(p.name for p in folder.iterdir())}


def log_while_held(handler_class) -> dict:
    """Log ~300 kB with a 20 kB limit while another process holds the log open (a second Jaring)."""
    folder = WORK / f"logs-{handler_class.__name__}"
    folder.mkdir(exist_ok=True)
    log = folder / "jaring.log"
    log.touch()
    if handler_class is SharedRotatingFileHandler:
        handler = SharedRotatingFileHandler(log, 20_000, 3)
    else:
        handler = handler_class(log, maxBytes=20_000, backupCount=3, encoding="utf-8")
    handler.handleError = lambda record: None  # the standard handler complains on stderr each time
    logger = logging.getLogger(f"held.{handler_class.__name__}")
    logger.propagate = False
    logger.addHandler(handler)
    holder = hold(log, 3600)
    try:
        for i in range(3000):
            logger.warning("baris %05d %s", i, "x" * 80)
    finally:
        logger.removeHandler(handler)
        handler.close()
        holder.stdin.close()
        holder.wait()
    text = log.read_text(encoding="utf-8")
    return {"bytes": len(text.encode()), "newest_kept": "baris 02999" in text}


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    report = {
        "plain_replace": plain_replace_refused(),
        "held_briefly": retried_replace(0.5),
        "held_for_good": retried_replace(8),
        "keyslots": keyslots_held_briefly(),
        "log_standard": log_while_held(logging.handlers.RotatingFileHandler),
        "log_shared": log_while_held(SharedRotatingFileHandler),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
