"""A rotating log file in the data directory; unexpected errors go there with their traceback.

Two Jaring processes may write the same log (the window and a `jaring.exe sync` on Windows). There the file
cannot be renamed while the other holds it open; the standard handler then retries the rotation on every
record and drops it (seen with the Windows CPython under Wine: the log falls silent, each line a "Logging
error" on stderr). `SharedRotatingFileHandler` copies the log to the first backup and empties it in place
instead, and stops writing past a hard limit if even that is refused, so the file never grows without bound.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import shutil
import sys
from pathlib import Path

LOG_NAME = "jaring.log"
MAX_BYTES = 1_000_000
BACKUPS = 5


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose file stays bounded when another process holds it open."""

    def __init__(self, filename: os.PathLike[str] | str, max_bytes: int, backups: int) -> None:
        super().__init__(filename, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self.hard_limit = 2 * max_bytes  # written up to here at most, whatever refuses the rotation

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:  # the log or a backup is held open by another process (Windows)
            if self.stream is not None:
                self.stream.close()
                self.stream = None  # type: ignore[assignment]
            self._copy_and_empty()
            self.stream = self._open()

    def _copy_and_empty(self) -> None:
        """The lines so far go to the first backup (if it can be written), then the log is emptied in place:
        a file another process holds can still be written, only not renamed."""
        base = self.baseFilename
        try:
            shutil.copyfile(base, self.rotation_filename(f"{base}.1"))
        except OSError:
            pass  # the backup is held as well: the old lines are lost, the log stays bounded
        try:
            with open(base, "r+b") as fh:
                fh.truncate(0)
        except OSError:
            pass  # refused too: emit() stops at the hard limit

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.shouldRollover(record):
                self.doRollover()
            if self.stream is not None and self.stream.tell() >= self.hard_limit:
                return  # neither rotated nor emptied: dropping the line keeps the disk from filling
            logging.FileHandler.emit(self, record)
        except Exception:
            self.handleError(record)


def ensure_streams() -> None:
    """`jaringw.exe` (Windows, no console) starts with sys.stdout and sys.stderr set to None: a progress bar
    or a warning written there would raise. Give them a sink that discards; the log keeps what matters."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # open as long as the process lives


def configure(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to `<data_dir>/logs/jaring.log` (1 MB × 5). Returns the path, or None if it cannot be written."""
    ensure_streams()
    log_dir = data_dir / "logs"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = SharedRotatingFileHandler(log_dir / LOG_NAME, MAX_BYTES, BACKUPS)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(level)
    return log_dir / LOG_NAME
