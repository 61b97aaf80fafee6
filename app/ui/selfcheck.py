"""The Qt half of `jaring selfcheck`: the GUI stack can start and paint (offscreen in tests)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication


def render_main_window(out: Path) -> Path:
    """Create the main window without showing it on screen, grab it to a PNG and return the path."""
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["jaring-selfcheck"])
    window = MainWindow()
    window.resize(640, 400)
    if not window.grab().save(str(out), "PNG"):
        raise RuntimeError("could not render the main window")
    window.close()
    app.processEvents()
    return out
