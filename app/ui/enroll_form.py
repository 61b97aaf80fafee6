"""Enrolling this laptop with the district server, as one form for the first-run wizard and the Settings
screen: a server address and the one-time code (or, for a village without a network, the enrollment file and
its printed code), a busy sign while the server is asked, and what went wrong in words. Practice mode is a
third choice in the wizard only."""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services import enrollment
from app.ui.errors import user_message
from app.ui.runner import Runner

SERVER, FILE, PRACTICE = "server", "file", "practice"
ERROR_STYLE = "color: #b3261e;"  # the message's colour when something went wrong


class EnrollForm(QWidget):
    """`enrolled(app.services.enrollment.Enrolled)` once the laptop is enrolled; `changed` when the choice,
    a field or the busy state changes (the wizard re-checks its Finish button)."""

    enrolled = Signal(object)
    failed = Signal(str)  # the message shown
    changed = Signal()

    def __init__(self, runner: Runner, store: Callable[[], object], *, practice_choice: bool) -> None:
        super().__init__()
        self.setObjectName("enrollForm")
        self.runner = runner
        self._store = store
        self.busy = False
        self.result: enrollment.Enrolled | None = None
        self.server_choice = QRadioButton(
            self.tr("Daftarkan laptop ini ke server kabupaten"), objectName="enrollServer"
        )
        self.file_choice = QRadioButton(self.tr("Dengan berkas pendaftaran (desa tanpa internet)"),
                                        objectName="enrollFile")  # fmt: skip
        self.practice_choice = QRadioButton(self.tr("Mode latihan dulu (data tidak dikirim ke server)"),
                                            objectName="enrollPractice")  # fmt: skip
        self.choices = QButtonGroup(self)
        for button in (self.server_choice, self.file_choice, self.practice_choice):
            self.choices.addButton(button)
        self.practice_choice.setVisible(practice_choice)
        (self.practice_choice if practice_choice else self.server_choice).setChecked(True)
        self.address = QLineEdit(objectName="enrollServerAddress")
        self.address.setPlaceholderText(self.tr("misalnya https://dinsos.kab.go.id atau 192.168.1.10:8000"))
        self.file_path = QLineEdit(objectName="enrollFilePath")
        self.file_path.setPlaceholderText(self.tr("berkas .jaring-enroll dari Dinas Sosial"))
        self.browse = QPushButton(self.tr("Pilih berkas…"), objectName="enrollBrowse")
        self.browse.clicked.connect(self._ask_file)
        self.code = QLineEdit(objectName="enrollCode")
        self.code.setPlaceholderText(self.tr("misalnya ABCD-EFGH-JKMN"))
        self.button = QPushButton(self.tr("Daftarkan"), objectName="enrollButton")
        self.button.clicked.connect(self.start)
        self.progress = QProgressBar(objectName="enrollProgress")
        self.progress.setRange(0, 0)  # a busy sign: one request, its length unknown
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.message = QLabel(objectName="enrollMessage")
        self.message.setWordWrap(True)
        note = QLabel(self.tr(
            "Kode pendaftaran diberikan Dinas Sosial dan hanya berlaku sekali. Isian yang dibuat sebelum "
            "pendaftaran tetap di laptop ini sebagai data latihan, ditandai LATIHAN, dan tidak pernah dikirim."),
            objectName="enrollNote")  # fmt: skip
        note.setWordWrap(True)
        self._layout(note)
        for signal in (self.choices.buttonToggled, self.address.textChanged, self.file_path.textChanged,
                       self.code.textChanged):  # fmt: skip
            signal.connect(self._update)
        self.address.returnPressed.connect(self.code.setFocus)
        self.code.returnPressed.connect(self.start)
        self._update()

    def _layout(self, note: QLabel) -> None:
        fields = QFormLayout()
        fields.addRow(self.tr("Alamat server"), self.address)
        picking = QHBoxLayout()
        picking.addWidget(self.file_path, 1)
        picking.addWidget(self.browse)
        self.file_row = QWidget()
        self.file_row.setLayout(picking)
        picking.setContentsMargins(0, 0, 0, 0)
        fields.addRow(self.tr("Berkas pendaftaran"), self.file_row)
        fields.addRow(self.tr("Kode pendaftaran"), self.code)
        self.fields = fields
        action = QHBoxLayout()
        action.addWidget(self.button)
        action.addWidget(self.progress, 3)
        action.addStretch(1)  # the button keeps its own width while the busy bar is hidden
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for choice in (self.server_choice, self.file_choice, self.practice_choice):
            layout.addWidget(choice)
        layout.addLayout(fields)
        layout.addLayout(action)
        layout.addWidget(self.message)
        layout.addWidget(note)

    # --- state ------------------------------------------------------------------------------------

    def mode(self) -> str:
        if self.practice_choice.isChecked():
            return PRACTICE
        return FILE if self.file_choice.isChecked() else SERVER

    def ready(self) -> bool:
        """The fields the chosen way needs are filled (whether they are right, the server says)."""
        mode = self.mode()
        if mode == PRACTICE:
            return True
        where = self.address.text() if mode == SERVER else self.file_path.text()
        return bool(where.strip() and self.code.text().strip())

    def _update(self, *_args) -> None:
        mode, done = self.mode(), self.result is not None
        for widget, shown in ((self.address, mode == SERVER), (self.file_row, mode == FILE),
                              (self.code, mode != PRACTICE)):  # fmt: skip
            self.fields.setRowVisible(widget, shown)
            widget.setEnabled(not self.busy and not done)
        for choice in self.choices.buttons():
            choice.setEnabled(not self.busy and not done)
        self.button.setVisible(mode != PRACTICE and not done)
        self.button.setEnabled(self.ready() and not self.busy)
        self.changed.emit()

    def _ask_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Berkas pendaftaran"), str(Path.home()),
                                              self.tr("Berkas pendaftaran (*.jaring-enroll);;Semua berkas (*)"))  # fmt: skip
        if path:
            self.file_path.setText(path)

    # --- enrolling ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Ask the server (or open the file) off the UI thread; the form shows it is busy meanwhile."""
        store = self._store()
        if self.busy or self.mode() == PRACTICE or store is None or self.result is not None:
            return
        if not self.ready():
            self._say(self.tr("Isi alamat server (atau pilih berkas) dan kode pendaftaran dulu."), error=True)
            return
        code, label = self.code.text(), platform.node()
        file = Path(self.file_path.text().strip()) if self.mode() == FILE else None
        address = self.address.text()
        self._set_busy(True)
        self._say(self.tr("Menghubungi server…") if file is None else self.tr("Membuka berkas pendaftaran…"))
        self.runner.write(
            lambda: enrollment.enroll(store, code, server_url=address, file=file, label=label),
            self._done, on_error=self._failed, changes=lambda enrolled: enrolled.changes, owner=self)  # fmt: skip

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self._update()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def _done(self, result) -> None:
        self.result = result
        self._set_busy(False)
        self._say(describe(result.status))
        self.enrolled.emit(result)

    def _failed(self, err: BaseException) -> None:
        self._set_busy(False)
        self._say(user_message(err), error=True)
        self.failed.emit(self.message.text())


def describe(status) -> str:
    """What an enrolled laptop is, in a sentence (also the Settings screen's text once enrolled)."""
    translate = QCoreApplication.translate
    text = translate(
        "EnrollForm", "Laptop ini terdaftar sebagai perangkat nomor {n} untuk {area} ({code})."
    ).format(n=status.device_number, area=status.area_name, code=status.area)
    if status.server_url:
        text += " " + translate("EnrollForm", "Server: {url}.").format(url=status.server_url)
    if status.practice_records:
        text += " " + QCoreApplication.translate(
            "EnrollForm",
            "%n isian latihan tetap di laptop ini, ditandai LATIHAN, dan tidak pernah dikirim.",
            "",
            status.practice_records,
        )
    return text
