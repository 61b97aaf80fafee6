"""The first-run wizard: create the encrypted store and the first operator, show the recovery code once
(the user must confirm it was written down), then choose how this laptop joins the district server.

Enrolling with a server or a file arrives with the sync issue; until then only the clearly marked
practice mode (nothing syncs, references carry the practice marker: docs/records.md#practice-mode) can
be chosen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from app.services import ui_support
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
        form = QFormLayout(self)
        form.addRow(self.tr("Nama operator"), self.name)
        form.addRow(self.tr("Kata sandi (min. 8 karakter)"), self.password)
        form.addRow(self.tr("Ulangi kata sandi"), self.confirm)
        form.addRow(self.message)
        for edit in (self.name, self.password, self.confirm):
            edit.textChanged.connect(self._check)
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

    def mark_created(self) -> None:
        self._created = True
        for edit in (self.name, self.password, self.confirm):
            edit.setReadOnly(True)


class RecoveryPage(QWizardPage):
    """The recovery code, shown once; Next stays disabled until the user ticks that it was written down."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Kode pemulihan"))
        self.setSubTitle(
            self.tr(
                "Tulis kode ini di kertas dan simpan di tempat aman (misalnya lemari TKSK). Kode ini hanya "
                "ditampilkan sekali dan membuka data bila semua kata sandi terlupa."
            )
        )
        self.code = QLabel(objectName="recoveryCode")
        font = QFont("DejaVu Sans Mono")
        font.setPointSize(14)
        self.code.setFont(font)
        self.code.setTextInteractionFlags(self.code.textInteractionFlags())
        self.confirmed = QCheckBox(
            self.tr("Saya sudah menulis kode pemulihan ini"), objectName="recoveryConfirmed"
        )
        self.confirmed.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(self.confirmed)

    def show_code(self, code: str) -> None:
        self.code.setText(code)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.confirmed.isChecked() and bool(self.code.text())

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override
        pass  # going back must not clear the tick


class EnrollPage(QWizardPage):
    """How this laptop joins the district: server, file, or practice mode (the only one available now)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Hubungkan ke server kabupaten"))
        self.server = QRadioButton(
            self.tr("Dengan alamat server dan kode pendaftaran"), objectName="enrollServer"
        )
        self.file = QRadioButton(self.tr("Dengan berkas pendaftaran"), objectName="enrollFile")
        self.practice = QRadioButton(
            self.tr("Mode latihan (data tidak dikirim ke server)"), objectName="enrollPractice"
        )
        for button in (self.server, self.file):
            button.setEnabled(False)  # the enrollment call arrives with the sync issue
        self.practice.setChecked(True)
        note = QLabel(
            self.tr(
                "Pendaftaran ke server belum tersedia di versi ini. Mode latihan: semua isian tersimpan di laptop "
                "ini dan ditandai LATIHAN; tidak ada yang dikirim."
            ),
            objectName="enrollNote",
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        for w in (self.server, self.file, self.practice, note):
            layout.addWidget(w)


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
        self.recovery_page = RecoveryPage()
        self.enroll_page = EnrollPage()
        for page in (self.operator_page, self.recovery_page, self.enroll_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButton, False)
        self.button(QWizard.WizardButton.NextButton).setObjectName("wizardNext")
        self.button(QWizard.WizardButton.FinishButton).setObjectName("wizardFinish")
        self.button(QWizard.WizardButton.BackButton).setObjectName("wizardBack")
        self.button(QWizard.WizardButton.CancelButton).setObjectName("wizardCancel")
        self.currentIdChanged.connect(self._page_changed)
        self.resize(640, 440)

    def create_store(self, name: str, password: str) -> None:
        self.creating = True
        self.operator_page.completeChanged.emit()
        self.runner.run(lambda: ui_support.create_store(self.data_dir, name, password), self._created,
                        self._failed, parent_widget=self, owner=self)  # fmt: skip

    def _created(self, result) -> None:
        self.store, code = result
        self.creating = False
        self.operator_page.mark_created()
        self.recovery_page.show_code(code)
        self.next()

    def _failed(self, err: BaseException) -> None:
        from app.ui.errors import show_error

        self.creating = False
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
