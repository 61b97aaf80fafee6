"""Data only: translations, icons, fonts, region snapshot. `path()` finds them from source or a frozen bundle."""

import sys
from pathlib import Path


def path(*parts: str) -> Path:
    """Absolute path of a resource file, from source or inside the PyInstaller bundle."""
    base = (
        Path(getattr(sys, "_MEIPASS", "")) / "resources"
        if hasattr(sys, "_MEIPASS")
        else Path(__file__).parent
    )
    return base.joinpath(*parts)
