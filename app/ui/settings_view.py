"""The settings screen: this laptop's language and idle lock time, and the operators who may log in."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services import operators, settings
from app.ui.errors import user_message
from app.ui.session import Session


class SettingsView(QWidget):
    """`settings_saved(LaptopSettings)` after a save (the app applies the new idle time at once)."""

    settings_saved = Signal(object)
    operators_changed = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("settingsView")
        self.session = session
        current = settings.load(session.data_dir)
        self.language = QComboBox(objectName="settingsLanguage")
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(current.language))
        self.idle = QSpinBox(objectName="settingsIdleMinutes")
        self.idle.setRange(*settings.IDLE_MINUTES_RANGE)
        self.idle.setValue(current.idle_minutes)
        self.idle.setSuffix(self.tr(" menit"))
        note = QLabel(
            self.tr("Bahasa baru berlaku setelah aplikasi dibuka ulang."), objectName="languageNote"
        )
        note.setWordWrap(True)
        save = QPushButton(self.tr("Simpan pengaturan"), objectName="settingsSave")
        save.clicked.connect(self.save)
        self.message = QLabel(objectName="settingsMessage")
        self.message.setWordWrap(True)
        laptop = QGroupBox(self.tr("Laptop ini"))
        form = QFormLayout(laptop)
        form.addRow(self.tr("Bahasa"), self.language)
        form.addRow("", note)
        form.addRow(self.tr("Kunci otomatis setelah tidak dipakai"), self.idle)
        form.addRow(save)
        form.addRow(self.message)

        people = QGroupBox(self.tr("Operator"))
        self.operator_list = QListWidget(objectName="settingsOperators")
        self.new_name = QLineEdit(objectName="newOperatorName")
        self.new_name.setPlaceholderText(self.tr("Nama operator baru"))
        self.new_password = QLineEdit(objectName="newOperatorPassword")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setPlaceholderText(self.tr("Kata sandi (minimal 8 karakter)"))
        add = QPushButton(self.tr("Tambah operator"), objectName="addOperator")
        add.clicked.connect(self.add_operator)
        remove = QPushButton(self.tr("Hapus operator"), objectName="removeOperator")
        remove.clicked.connect(self.remove_operator)
        password = QPushButton(self.tr("Ganti kata sandi"), objectName="changePassword")
        password.clicked.connect(self.change_password)
        self.operator_message = QLabel(objectName="operatorMessage")
        self.operator_message.setWordWrap(True)
        adding = QHBoxLayout()
        adding.addWidget(self.new_name)
        adding.addWidget(self.new_password)
        adding.addWidget(add)
        actions = QHBoxLayout()
        actions.addWidget(password)
        actions.addWidget(remove)
        actions.addStretch(1)
        column = QVBoxLayout(people)
        column.addWidget(self.operator_list, 1)
        column.addLayout(actions)
        column.addLayout(adding)
        column.addWidget(self.operator_message)

        layout = QVBoxLayout(self)
        layout.addWidget(laptop)
        layout.addWidget(people, 1)
        self.reload_operators()

    # --- laptop settings ------------------------------------------------------------------------

    def save(self) -> None:
        chosen = settings.LaptopSettings(language=self.language.currentData(), idle_minutes=self.idle.value())
        try:
            settings.save(self.session.data_dir, chosen)
        except Exception as err:  # a UserError, or a disk error shown readably
            self.message.setText(user_message(err))
            return
        self.message.setText(self.tr("Pengaturan tersimpan."))
        self.settings_saved.emit(chosen)

    # --- operators ------------------------------------------------------------------------------

    def reload_operators(self) -> None:
        current = self.operator_list.currentItem()
        keep = current.text() if current else self.session.operator
        self.operator_list.clear()
        names = operators.names(self.session.store)
        self.operator_list.addItems(names)
        if names:
            self.operator_list.setCurrentRow(names.index(keep) if keep in names else 0)

    def _selected(self) -> str | None:
        item = self.operator_list.currentItem()
        return item.text() if item else None

    def _write(self, fn, done_text: str) -> None:
        def done(_result) -> None:
            self.operator_message.setText(done_text)
            self.reload_operators()
            self.operators_changed.emit()

        self.session.runner.write(
            fn, done, on_error=lambda err: self.operator_message.setText(user_message(err)), owner=self
        )

    def add_operator(self) -> None:
        store, name, password = self.session.store, self.new_name.text().strip(), self.new_password.text()
        if not name:
            self.operator_message.setText(self.tr("Tulis nama operator baru dulu."))
            return
        self.new_password.clear()
        self.new_name.clear()
        self._write(lambda: operators.add(store, name, password),
                    self.tr("Operator {name} ditambahkan.").format(name=name))  # fmt: skip

    def remove_operator(self, *, confirm: bool = True) -> None:
        name, store = self._selected(), self.session.store
        if name is None:
            return
        if name == self.session.operator:
            self.operator_message.setText(self.tr("Operator yang sedang masuk tidak bisa dihapus."))
            return
        if confirm and not self._confirm(
            self.tr("Hapus operator {name}? Datanya tetap ada.").format(name=name)
        ):
            return
        self._write(lambda: operators.remove(store, name),
                    self.tr("Operator {name} dihapus.").format(name=name))  # fmt: skip

    def change_password(self, new_password: str | None = None) -> None:
        name, store = self._selected(), self.session.store
        if name is None:
            return
        if new_password is None:
            new_password, ok = QInputDialog.getText(
                self, self.tr("Ganti kata sandi"), self.tr("Kata sandi baru untuk {name}").format(name=name),
                QLineEdit.EchoMode.Password,
            )  # fmt: skip
            if not ok:
                return
        self._write(lambda: operators.change_password(store, name, new_password),
                    self.tr("Kata sandi {name} diganti.").format(name=name))  # fmt: skip

    def _confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Jaring"), text)
        return answer == QMessageBox.StandardButton.Yes
