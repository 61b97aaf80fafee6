"""Where the app keeps its files: the data directory (platformdirs), overridable per run."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Jaring"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: `--data-dir`, else `JARING_DATA_DIR`, else the platform's user data dir."""
    chosen = override or os.environ.get("JARING_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
