"""The login screen: the laptop's operators in a list, a password, and the way in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import lifecycle
from app.ui.errors import language
from app.ui.password_dialog import password_problem
from app.ui.runner import Runner
from forms.problems import UserError


class LoginWidget(QWidget):
    """Emits `logged_in(store)` after a successful login."""

    logged_in = Signal(object)

    def __init__(self, data_dir: Path, runner: Runner, *, locked_operator: str | None = None,
                 pick: bool = False) -> None:  # fmt: skip
        super().__init__()
        self.setObjectName("loginWindow")
        self.setWindowTitle(self.tr("Jaring — masuk"))
        self.data_dir = Path(data_dir)
        self.runner = runner
        title = QLabel(self.tr("Pilih operator dan masukkan kata sandi"), objectName="loginTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.operators = QListWidget(objectName="operatorList")
        self.password = QLineEdit(objectName="loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Kata sandi"))
        self.password.returnPressed.connect(self.login)
        self.button = QPushButton(self.tr("Masuk"), objectName="loginButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self.login)
        self.message = QLabel(objectName="loginMessage")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.operators, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self._add_recovery(layout)
        self.pick = pick  # switching operator: nobody is chosen for them, the list has the focus
        self.reload(select=locked_operator)
        # A click on a name goes on to the password: the next thing anyone types is it.
        self.operators.itemClicked.connect(lambda _item: self.password.setFocus())
        self.operators.itemActivated.connect(lambda _item: self.password.setFocus())
        self._focus()
        self.resize(420, 360)

    def _focus(self) -> None:
        # Typing starts in the password, not in the list of names (unless a name must be picked first).
        (self.operators if self.pick else self.password).setFocus()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._focus()

    def reload(self, select: str | None = None) -> None:
        """Re-read the operators (cheap: the key-slot file, nothing decrypted)."""
        self.operators.clear()
        names = lifecycle.list_operators(self.data_dir)
        self.operators.addItems(names)
        if names and not self.pick:
            self.operators.setCurrentRow(names.index(select) if select in names else 0)

    def login(self) -> None:
        item = self.operators.currentItem()
        if item is None:
            self.message.setText(self.tr("Pilih operator dulu."))
            return
        name, password = item.text(), self.password.text()
        self.button.setEnabled(False)
        self.message.setText(self.tr("Membuka data…"))
        self.runner.run(lambda: lifecycle.open_session(self.data_dir, name, password), self._opened, self._failed,
                        owner=self)  # fmt: skip

    def _add_recovery(self, layout: QVBoxLayout) -> None:
        """A forgotten password: the recovery code written down at first run sets a new one."""
        forgot = QPushButton(self.tr("Lupa kata sandi?"), objectName="forgotPassword")
        forgot.setFlat(True)
        self.recovery = QWidget(objectName="recoveryPanel")
        self.recovery_code = QLineEdit(objectName="recoveryCodeInput")
        self.recovery_code.setPlaceholderText(self.tr("Kode pemulihan (dari kertas)"))
        self.recovery_password = QLineEdit(objectName="recoveryNewPassword")
        self.recovery_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery_password.setPlaceholderText(self.tr("Kata sandi baru (minimal 8 karakter)"))
        self.recovery_again = QLineEdit(objectName="recoveryNewPasswordConfirm")
        self.recovery_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery_again.setPlaceholderText(self.tr("Ulangi kata sandi baru"))
        self.recovery_button = QPushButton(self.tr("Atur ulang kata sandi"), objectName="recoveryReset")
        self.recovery_button.clicked.connect(self.recover)
        panel = QVBoxLayout(self.recovery)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.addWidget(self.recovery_code)
        panel.addWidget(self.recovery_password)
        panel.addWidget(self.recovery_again)
        panel.addWidget(self.recovery_button)
        self.recovery.setVisible(False)
        forgot.clicked.connect(self._toggle_recovery)
        layout.addWidget(forgot)
        layout.addWidget(self.recovery)

    def _toggle_recovery(self) -> None:
        self.recovery.setVisible(not self.recovery.isVisible())
        (self.recovery_code if self.recovery.isVisible() else self.password).setFocus()

    def recover(self) -> None:
        from app.services import operators

        item = self.operators.currentItem()
        if item is None:
            self.message.setText(self.tr("Pilih operator dulu."))
            return
        name, code, password = item.text(), self.recovery_code.text(), self.recovery_password.text()
        problem = password_problem(password, self.recovery_again.text())
        if problem:
            self.message.setText(problem)
            return
        data_dir = self.data_dir
        self.recovery_button.setEnabled(False)
        self.message.setText(self.tr("Membuka data…"))

        def done(_result) -> None:
            self.recovery_button.setEnabled(True)
            for edit in (self.recovery_code, self.recovery_password, self.recovery_again):
                edit.clear()
            self.recovery.setVisible(False)
            self.message.setText(self.tr("Kata sandi {name} diatur ulang. Silakan masuk.").format(name=name))
            self.password.setFocus()

        def failed(err: BaseException) -> None:
            self.recovery_button.setEnabled(True)
            self._failed(err)

        self.runner.run(lambda: operators.recover(data_dir, code, name, password), done, failed, owner=self)

    def _opened(self, store) -> None:
        self.button.setEnabled(True)
        self.password.clear()
        self.message.clear()
        self.logged_in.emit(store)

    def _failed(self, err: BaseException) -> None:
        from app.ui.errors import user_message

        self.button.setEnabled(True)
        self.password.selectAll()
        self.password.setFocus()
        self.message.setText(err.message(language()) if isinstance(err, UserError) else user_message(err))
