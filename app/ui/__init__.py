"""The PySide6 GUI: the only package that imports Qt."""

from __future__ import annotations


def run_gui(args) -> int:
    """Start the desktop application and block until its last window closes."""
    import sys

    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName("Jaring")
    window = MainWindow()
    window.show()
    return qt_app.exec()
