"""The PySide6 GUI: the only package that imports Qt."""

from __future__ import annotations


def run_gui(args) -> int:
    """Start the desktop application and block until its last window closes."""
    import sys

    from PySide6.QtWidgets import QApplication

    from app import logging_setup
    from app.paths import data_dir
    from app.ui.app import JaringApp

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName("Jaring")
    where = data_dir(getattr(args, "data_dir", None))
    logging_setup.configure(where)
    from app.services import settings
    from app.ui.translations import apply_language

    apply_language(settings.load(where).language)
    jaring = JaringApp(where)
    jaring.start()
    try:
        return qt_app.exec()
    finally:
        jaring.shutdown()
