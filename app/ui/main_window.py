"""The main window. Until the desktop issues land, it says which version is running."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from app import __version__


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Jaring {version}").format(version=__version__))
        label = QLabel(self.tr("Jaring versi {version}").format(version=__version__))
        label.setObjectName("versionLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(label)
        self.resize(900, 600)
