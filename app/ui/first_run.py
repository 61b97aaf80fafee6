"""The first-run wizard: create the encrypted store and the first operator (with a busy sign: it takes a few
seconds), show the recovery code once (to print, save as a PDF or write down; the user must confirm), then
enroll the laptop with the district server — online or with an enrollment file — or start in practice mode
(nothing syncs, references carry the practice marker: docs/records.md#practice-mode).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.services import lifecycle
from app.ui.enroll_form import PRACTICE, EnrollForm
from app.ui.runner import Runner

MIN_PASSWORD = 8


class OperatorPage(QWizardPage):
    """Name and password of the first operator; the store is created when the user presses Next."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Selamat datang di Jaring"))
        self.setSubTitle(self.tr("Buat operator pertama laptop ini. Data disimpan terenkripsi."))
        self.name = QLineEdit(objectName="operatorName")
        self.password = QLineEdit(objectName="operatorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(objectName="operatorPasswordConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(objectName="operatorMessage")
        self.message.setWordWrap(True)
        self.busy = QProgressBar(objectName="creatingProgress")
        self.busy.setRange(0, 0)  # Argon2id and the first encrypted pages: seconds, not a measurable amount
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        form = QFormLayout(self)
        form.addRow(self.tr("Nama operator"), self.name)
        form.addRow(self.tr("Kata sandi (min. 8 karakter)"), self.password)
        form.addRow(self.tr("Ulangi kata sandi"), self.confirm)
        form.addRow(self.message)
        form.addRow(self.busy)
        for edit in (self.name, self.password, self.confirm):
            edit.textChanged.connect(self._check)
        self.name.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.confirm.setFocus)
        self._created = False

    def _problem(self) -> str:
        if not self.name.text().strip():
            return self.tr("Isi nama operator.")
        if len(self.password.text()) < MIN_PASSWORD:
            return self.tr("Kata sandi minimal 8 karakter.")
        if self.password.text() != self.confirm.text():
            return self.tr("Kedua kata sandi tidak sama.")
        return ""

    def _check(self) -> None:
        self.message.setText(self._problem() if self.password.text() else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return not self._problem() and not self._wizard.creating

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Create the store in the background; the wizard moves on when it is done."""
        if self._created:
            return True
        self._wizard.create_store(self.name.text().strip(), self.password.text())
        return False

    def show_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy:
            self.message.setText(self.tr("Membuat penyimpanan terenkripsi… (beberapa detik)"))
        for edit in (self.name, self.password, self.confirm):
            edit.setEnabled(not busy)

    def mark_created(self) -> None:
        self._created = True
        self.show_busy(False)
        self.message.clear()
        for edit in (self.name, self.password, self.confirm):
            edit.setReadOnly(True)


class RecoveryPage(QWizardPage):
    """The recovery code, shown once, with Print and Save as PDF; Next stays disabled until the user ticks
    that it was written down or printed."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Kode pemulihan"))
        self.setSubTitle(
            self.tr(
                "Cetak atau tulis kode ini dan simpan di tempat aman (misalnya lemari TKSK). Kode ini hanya "
                "ditampilkan sekali dan membuka data bila semua kata sandi terlupa."
            )
        )
        self.code = QLabel(objectName="recoveryCode")
        font = QFont("DejaVu Sans Mono")
        font.setPointSize(14)
        self.code.setFont(font)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        print_button = QPushButton(self.tr("Cetak…"), objectName="recoveryPrint")
        print_button.clicked.connect(self.print_code)
        save_button = QPushButton(self.tr("Simpan sebagai PDF…"), objectName="recoverySave")
        save_button.clicked.connect(self._ask_pdf_path)
        self.saved = QLabel(objectName="recoverySaved")
        self.saved.setWordWrap(True)
        self.confirmed = QCheckBox(
            self.tr("Saya sudah mencetak atau menulis kode pemulihan ini"), objectName="recoveryConfirmed"
        )
        self.confirmed.toggled.connect(self.completeChanged)
        buttons = QHBoxLayout()
        buttons.addWidget(print_button)
        buttons.addWidget(save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addLayout(buttons)
        layout.addWidget(self.saved)
        layout.addWidget(self.confirmed)

    def show_code(self, code: str) -> None:
        self.code.setText(code)

    def print_code(self) -> None:
        from app.ui import recovery_sheet

        if recovery_sheet.print_with_dialog(self, self.code.text(), self._wizard.operator_name()):
            self.saved.setText(self.tr("Kode pemulihan dikirim ke printer."))

    def _ask_pdf_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Simpan kode pemulihan"),
                                              str(Path.home() / "kode-pemulihan-jaring.pdf"), "PDF (*.pdf)")  # fmt: skip
        if path:
            self.save_pdf(Path(path))

    def save_pdf(self, path: Path) -> None:
        from app.ui import recovery_sheet

        try:
            recovery_sheet.save_pdf(path, self.code.text(), self._wizard.operator_name())
        except OSError as err:
            self.saved.setText(
                self.tr("Tidak dapat menyimpan {path}: {reason}").format(path=path, reason=err.strerror)
            )
            return
        self.saved.setText(self.tr("Disimpan di {path}. Cetak, lalu hapus berkasnya.").format(path=path))

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.confirmed.isChecked() and bool(self.code.text())

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override
        pass  # going back must not clear the tick


class EnrollPage(QWizardPage):
    """How this laptop joins the district: enrolled with the server (online or by file), or practice mode."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Hubungkan ke server kabupaten"))
        self.setSubTitle(self.tr(
            "Dengan kode pendaftaran dari Dinas Sosial, data yang diisi di laptop ini dikirim ke server "
            "kabupaten. Tanpa kode, mulai dalam mode latihan dan daftarkan nanti dari Pengaturan."))  # fmt: skip
        self.form = EnrollForm(wizard.runner, lambda: wizard.store, practice_choice=True)
        self.form.changed.connect(self.completeChanged)
        self.form.enrolled.connect(self._enrolled)
        self.form.failed.connect(self._not_enrolled)
        self._finish_when_enrolled = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return not self.form.busy and (self.form.result is not None or self.form.ready())

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        """Finish: practice mode, or enrolled already; else enroll now and finish when the server has answered."""
        if self.form.mode() == PRACTICE or self.form.result is not None:
            return True
        self._finish_when_enrolled = True
        self.form.start()
        return False

    def _enrolled(self, _result) -> None:
        if self._finish_when_enrolled:
            self._wizard.accept()

    def _not_enrolled(self, _message: str) -> None:
        self._finish_when_enrolled = False  # the message stays on the page; a later success is shown first


class FirstRunWizard(QWizard):
    """Emits `finished_with(store)` once the store exists and the user went through every page."""

    finished_with = Signal(object)

    def __init__(self, data_dir: Path, runner: Runner) -> None:
        super().__init__()
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Jaring — persiapan pertama"))
        self.data_dir = Path(data_dir)
        self.runner = runner
        self.store = None
        self.creating = False
        self.operator_page = OperatorPage(self)
        self.recovery_page = RecoveryPage(self)
        self.enroll_page = EnrollPage(self)
        for page in (self.operator_page, self.recovery_page, self.enroll_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButton, False)
        names = {QWizard.WizardButton.NextButton: ("wizardNext", self.tr("Lanjut >")),
                 QWizard.WizardButton.FinishButton: ("wizardFinish", self.tr("Selesai")),
                 QWizard.WizardButton.BackButton: ("wizardBack", self.tr("< Kembali")),
                 QWizard.WizardButton.CancelButton: ("wizardCancel", self.tr("Batal"))}  # fmt: skip
        for which, (name, text) in names.items():
            self.button(which).setObjectName(name)
            self.setButtonText(which, text)
        self.currentIdChanged.connect(self._page_changed)
        self.resize(720, 520)

    def operator_name(self) -> str:
        return self.store.operator if self.store is not None else self.operator_page.name.text().strip()

    def create_store(self, name: str, password: str) -> None:
        self.creating = True
        self.operator_page.show_busy(True)
        self.operator_page.completeChanged.emit()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.runner.run(lambda: lifecycle.create_store(self.data_dir, name, password), self._created,
                        self._failed, parent_widget=self, owner=self)  # fmt: skip

    def _created(self, result) -> None:
        QApplication.restoreOverrideCursor()
        self.store, code = result
        self.creating = False
        self.operator_page.mark_created()
        self.recovery_page.show_code(code)
        self.next()

    def _failed(self, err: BaseException) -> None:
        from app.ui.errors import show_error

        QApplication.restoreOverrideCursor()
        self.creating = False
        self.operator_page.show_busy(False)
        self.operator_page.completeChanged.emit()
        show_error(self, err)

    def _page_changed(self, page_id: int) -> None:
        # Once the store exists, going back to the operator page would only confuse: hide Back there.
        if self.page(page_id) is self.recovery_page:
            self.button(QWizard.WizardButton.BackButton).setVisible(False)

    def accept(self) -> None:
        super().accept()
        if self.store is not None:
            self.finished_with.emit(self.store)
