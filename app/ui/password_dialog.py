"""A new password typed twice: OK only when both match and are long enough (one typo in a password typed
once locks its owner out until someone finds the recovery code)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

MIN_PASSWORD = 8


def password_problem(password: str, again: str) -> str:
    """Why these two typings are not yet a new password ('' when they are)."""
    if len(password) < MIN_PASSWORD:
        return QCoreApplication.translate("PasswordDialog", "Kata sandi minimal 8 karakter.")
    if password != again:
        return QCoreApplication.translate("PasswordDialog", "Kedua kata sandi tidak sama.")
    return ""


class PasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, prompt: str) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle(title)
        self.password = QLineEdit(objectName="newPassword")
        self.again = QLineEdit(objectName="newPasswordConfirm")
        for edit in (self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self._check)
        self.message = QLabel(objectName="passwordMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Simpan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(prompt))
        form.addRow(self.tr("Kata sandi baru"), self.password)
        form.addRow(self.tr("Ulangi kata sandi"), self.again)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self._check()

    def _check(self) -> None:
        problem = password_problem(self.password.text(), self.again.text())
        self.message.setText(problem if self.password.text() else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str) -> str | None:
        dialog = cls(parent, title, prompt)
        return dialog.password.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
