"""The settings screen: this laptop's language and idle lock time, its enrollment with the district server
(from practice mode) and the operators who may log in (managed by an administrator)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services import enrollment, operators, settings
from app.ui.enroll_form import EnrollForm, describe
from app.ui.errors import user_message
from app.ui.password_dialog import PasswordDialog, password_problem
from app.ui.session import Session


class SettingsView(QWidget):
    """`settings_saved(LaptopSettings)` after a save (the app applies the new idle time at once);
    `enrolled(Enrolled)` once the laptop left practice mode from here."""

    settings_saved = Signal(object)
    operators_changed = Signal()
    operators_loaded = Signal()  # the operator list shows what the store holds now
    enrolled = Signal(object)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("settingsView")
        self.session = session
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self._laptop_group())
        column.addWidget(self._server_group())
        column.addWidget(self._operators_group(), 1)
        scroll = QScrollArea(
            objectName="settingsScroll"
        )  # at 125 % on 1366×768 the groups are taller than the screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.reload_operators()
        self.show_enrollment()

    def _laptop_group(self) -> QGroupBox:
        current = settings.load(self.session.data_dir)
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
        return laptop

    def _server_group(self) -> QGroupBox:
        group = QGroupBox(self.tr("Server kabupaten"), objectName="settingsEnrollment")
        self.enrollment_state = QLabel(objectName="enrollmentState")
        self.enrollment_state.setWordWrap(True)
        self.enroll_form = EnrollForm(self.session.runner, lambda: self.session.store, practice_choice=False)
        self.enroll_form.enrolled.connect(self._enrolled)
        column = QVBoxLayout(group)
        column.addWidget(self.enrollment_state)
        column.addWidget(self.enroll_form)
        return group

    def _operators_group(self) -> QGroupBox:
        people = QGroupBox(self.tr("Operator"))
        self.operator_list = QListWidget(objectName="settingsOperators")
        self.operator_list.setMinimumHeight(90)
        self.new_name = QLineEdit(objectName="newOperatorName")
        self.new_name.setPlaceholderText(self.tr("Nama operator baru"))
        self.new_password = QLineEdit(objectName="newOperatorPassword")
        self.new_password.setPlaceholderText(self.tr("Kata sandi (minimal 8 karakter)"))
        self.new_password_again = QLineEdit(objectName="newOperatorPasswordConfirm")
        self.new_password_again.setPlaceholderText(self.tr("Ulangi kata sandi"))
        for edit in (self.new_password, self.new_password_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_admin = QCheckBox(self.tr("Administrator"), objectName="newOperatorAdmin")
        self.new_admin.setToolTip(self.tr("Administrator boleh menambah dan menghapus operator."))
        self.add_button = QPushButton(self.tr("Tambah operator"), objectName="addOperator")
        self.add_button.clicked.connect(self.add_operator)
        self.remove_button = QPushButton(self.tr("Hapus operator"), objectName="removeOperator")
        self.remove_button.clicked.connect(self.remove_operator)
        self.password_button = QPushButton(self.tr("Ganti kata sandi"), objectName="changePassword")
        self.password_button.clicked.connect(lambda: self.change_password())
        self.operator_list.currentRowChanged.connect(self._update_operator_buttons)
        self._manager = False
        self.operator_message = QLabel(objectName="operatorMessage")
        self.operator_message.setWordWrap(True)
        self.admin_note = QLabel(objectName="operatorAdminNote")
        self.admin_note.setWordWrap(True)
        self.adding = QWidget(objectName="addOperatorRow")
        adding = QHBoxLayout(self.adding)
        adding.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.new_name,
            self.new_password,
            self.new_password_again,
            self.new_admin,
            self.add_button,
        ):
            adding.addWidget(widget)
        actions = QHBoxLayout()
        actions.addWidget(self.password_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        column = QVBoxLayout(people)
        column.addWidget(self.operator_list, 1)
        column.addWidget(self.admin_note)
        column.addLayout(actions)
        column.addWidget(self.adding)
        column.addWidget(self.operator_message)
        return people

    # --- laptop settings ------------------------------------------------------------------------

    def save(self) -> None:
        current = settings.load(
            self.session.data_dir
        )  # keeps what this screen does not show (the window size)
        chosen = replace(current, language=self.language.currentData(), idle_minutes=self.idle.value())
        try:
            settings.save(self.session.data_dir, chosen)
        except Exception as err:  # a UserError, or a disk error shown readably
            self.message.setText(user_message(err))
            return
        self.message.setText(self.tr("Pengaturan tersimpan."))
        self.settings_saved.emit(chosen)

    # --- enrollment -----------------------------------------------------------------------------

    def show_enrollment(self) -> None:
        """Practice mode: the enrollment form; enrolled: what the laptop is enrolled as."""
        store = self.session.store
        self.session.runner.run(lambda: enrollment.status(store), self._show_enrollment, owner=self)

    def _show_enrollment(self, status) -> None:
        self.enroll_form.setVisible(not status.enrolled)
        if status.enrolled:
            self.enrollment_state.setText(describe(status))
        else:
            self.enrollment_state.setText(self.tr(
                "Laptop ini masih dalam mode latihan: data tidak dikirim ke server. Daftarkan dengan kode "
                "dari Dinas Sosial."))  # fmt: skip

    def _enrolled(self, result) -> None:
        self._show_enrollment(result.status)
        self.enrolled.emit(result)

    # --- operators ------------------------------------------------------------------------------

    def reload_operators(self) -> None:
        """Who may log in and who manages them, read off the UI thread (the administrators live in the store)."""
        store = self.session.store

        def read():
            return operators.names(store), operators.administrators(store), operators.may_manage(store)

        self.session.runner.run(read, self._show_operators, owner=self)

    def _show_operators(self, found) -> None:
        names, admins, self._manager = found
        current = self.operator_list.currentItem()
        keep = current.text() if current else self.session.operator
        self.operator_list.clear()
        bold = QFont(self.operator_list.font())
        bold.setBold(True)
        for name in names:
            self.operator_list.addItem(name)
            if name in admins:
                item = self.operator_list.item(self.operator_list.count() - 1)
                item.setFont(bold)
                item.setToolTip(self.tr("Administrator"))
        if names:
            self.operator_list.setCurrentRow(names.index(keep) if keep in names else 0)
        listed = ", ".join(sorted(admins))
        self.admin_note.setText(
            self.tr("Administrator (huruf tebal): {names}.").format(names=listed)
            if self._manager
            else self.tr("Hanya administrator ({names}) yang boleh menambah atau menghapus operator. Anda boleh "
                         "mengganti kata sandi Anda sendiri.").format(names=listed)
        )  # fmt: skip
        self.adding.setEnabled(self._manager)
        self._update_operator_buttons()
        self.operators_loaded.emit()

    def _update_operator_buttons(self, *_args) -> None:
        name = self._selected()
        mine = name == self.session.operator
        self.remove_button.setEnabled(self._manager and name is not None and not mine)
        self.password_button.setEnabled(name is not None and (self._manager or mine))

    def _tell_changed(self) -> None:
        self.operators_changed.emit()

    def _selected(self) -> str | None:
        item = self.operator_list.currentItem()
        return item.text() if item else None

    def _write(self, fn, done_text: str) -> None:
        def done(_result) -> None:
            self.operator_message.setText(done_text)
            self.operators_loaded.connect(self._tell_changed, Qt.ConnectionType.SingleShotConnection)
            self.reload_operators()

        self.session.runner.write(
            fn, done, on_error=lambda err: self.operator_message.setText(user_message(err)), owner=self
        )

    def add_operator(self) -> None:
        store, name = self.session.store, self.new_name.text().strip()
        password, again, admin = (
            self.new_password.text(),
            self.new_password_again.text(),
            self.new_admin.isChecked(),
        )
        if not name:
            self.operator_message.setText(self.tr("Tulis nama operator baru dulu."))
            return
        problem = password_problem(password, again)
        if problem:
            self.operator_message.setText(problem)
            return
        for edit in (self.new_password, self.new_password_again, self.new_name):
            edit.clear()
        self.new_admin.setChecked(False)
        self._write(lambda: operators.add(store, name, password, administrator=admin),
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
            new_password = PasswordDialog.ask(self, self.tr("Ganti kata sandi"),
                                              self.tr("Kata sandi baru untuk {name}").format(name=name))  # fmt: skip
            if new_password is None:
                return
        self._write(lambda: operators.change_password(store, name, new_password),
                    self.tr("Kata sandi {name} diganti.").format(name=name))  # fmt: skip

    def _confirm(self, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Jaring"), text, parent=self)
        box.setObjectName("confirmDialog")
        yes = box.addButton(self.tr("Ya, hapus"), QMessageBox.ButtonRole.YesRole)
        yes.setObjectName("confirmYes")
        no = box.addButton(self.tr("Tidak"), QMessageBox.ButtonRole.NoRole)
        no.setObjectName("confirmNo")
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes
