"""This laptop's own settings — the screen language, the idle lock time and the main window's size — kept
in `settings.json` in the data directory. They hold nothing personal, are needed before anyone logs in (the login screen's
language), and belong to the laptop rather than to the village's data, so they live outside the store."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from forms.problems import UserError
from sync import files

log = logging.getLogger("app.services.settings")

FILE_NAME = "settings.json"
LANGUAGES = ("id", "en")
IDLE_MINUTES_RANGE = (1, 240)


@dataclass(frozen=True)
class LaptopSettings:
    language: str = "id"
    idle_minutes: int = 10
    # the main window's place and size as Qt saved it (base64); "" opens it maximised
    window_geometry: str = ""


def _check(settings: LaptopSettings) -> None:
    if settings.language not in LANGUAGES:
        raise UserError(
            f"Bahasa tidak dikenal: {settings.language!r} (pilih id atau en).",
            f"Unknown language: {settings.language!r} (choose id or en).",
        )
    low, high = IDLE_MINUTES_RANGE
    if not isinstance(settings.idle_minutes, int) or not low <= settings.idle_minutes <= high:
        raise UserError(
            f"Waktu kunci otomatis harus {low}–{high} menit.",
            f"The idle lock time must be {low}–{high} minutes.",
        )


def load(data_dir: Path) -> LaptopSettings:
    """The saved settings, or the defaults when there are none or the file cannot be read (logged)."""
    path = Path(data_dir) / FILE_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        settings = LaptopSettings(
            language=raw.get("language", "id"),
            idle_minutes=int(raw.get("idle_minutes", 10)),
            window_geometry=str(raw.get("window_geometry", "")),
        )
        _check(settings)
        return settings
    except FileNotFoundError:
        return LaptopSettings()
    except (OSError, ValueError, TypeError, AttributeError, UserError) as err:
        log.warning("settings file unreadable, defaults used: %s", type(err).__name__)
        return LaptopSettings()


def save(data_dir: Path, settings: LaptopSettings) -> None:
    """Write the settings atomically (a crash leaves the old file or the new one, never half of one)."""
    _check(settings)
    path = Path(data_dir) / FILE_NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    files.replace(tmp, path)


def remember_window(data_dir: Path, geometry: str) -> None:
    """Keep the main window's place and size for the next start (the other settings unchanged)."""
    save(data_dir, replace(load(data_dir), window_geometry=geometry))
