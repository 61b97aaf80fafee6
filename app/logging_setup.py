"""A rotating log file in the data directory; unexpected errors go there with their traceback."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "jaring.log"


def configure(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to `<data_dir>/logs/jaring.log` (1 MB × 5). Returns the path, or None if it cannot be written."""
    log_dir = data_dir / "logs"
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_dir / LOG_NAME, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(level)
    return log_dir / LOG_NAME
