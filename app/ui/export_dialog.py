"""What to export, asked before the file: persons or households, XLSX or CSV, masked or full — and for a full
export its reason, so nobody picks a file and is refused afterwards. Accepting hands back an ExportRequest;
the caller then asks where to save it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.export import ExportRequest
from app.ui.errors import language


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, query: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Ekspor data"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 60)
        self.query = query
        self.persons = QRadioButton(
            self.tr("Orang — satu baris per anggota rumah tangga"), objectName="exportPersons"
        )
        self.households = QRadioButton(self.tr("Rumah tangga — satu baris per rumah tangga"),
                                       objectName="exportHouseholds")  # fmt: skip
        self.persons.setChecked(True)
        self.xlsx = QRadioButton(self.tr("Excel (XLSX)"), objectName="exportXlsxFormat")
        self.csv = QRadioButton(self.tr("CSV (teks, untuk aplikasi lain)"), objectName="exportCsvFormat")
        self.xlsx.setChecked(True)
        self.full = QCheckBox(
            self.tr("Ekspor lengkap: NIK dan No. KK utuh, data disabilitas"), objectName="exportFull"
        )
        self.reason = QLineEdit(objectName="exportReason")
        self.reason.setPlaceholderText(self.tr("Alasan ekspor lengkap, misalnya “verifikasi Dukcapil”"))
        self.reason.setEnabled(False)
        self.reason_label = QLabel(self.tr("&Alasan (wajib untuk ekspor lengkap):"))
        self.reason_label.setBuddy(self.reason)
        note = QLabel(self.tr("Tanpa ekspor lengkap, NIK dan No. KK disamarkan (620301******0002) dan data "
                              "disabilitas tidak disertakan. Setiap ekspor dicatat: siapa, kapan, berapa baris "
                              "dan alasannya."), objectName="exportNote")  # fmt: skip
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(objectName="exportButtons")
        self.choose = QPushButton(self.tr("Pilih berkas…"), objectName="exportChooseFile")
        self.choose.setDefault(True)
        self.buttons.addButton(self.choose, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.full.toggled.connect(self._update)
        self.reason.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self._group(self.tr("Apa yang diekspor?"), [self.persons, self.households]))
        if query:
            searched = QLabel(self.tr("Orang: hanya hasil pencarian “{typed}”.").format(typed=query),
                              objectName="exportQuery")  # fmt: skip
            searched.setWordWrap(True)
            layout.addWidget(searched)
        layout.addWidget(self._group(self.tr("Format berkas"), [self.xlsx, self.csv]))
        layout.addWidget(self.full)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._update()

    def _group(self, title: str, choices: list[QRadioButton]) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        group = QButtonGroup(box)
        for choice in choices:
            group.addButton(choice)
            inner.addWidget(choice)
        return box

    def _update(self) -> None:
        """The reason is asked only for a full export, and a full export goes on only with one."""
        self.reason.setEnabled(self.full.isChecked())
        self.reason_label.setEnabled(self.full.isChecked())
        self.choose.setEnabled(not self.full.isChecked() or bool(self.reason.text().strip()))
        if self.full.isChecked() and not self.reason.text().strip():
            self.choose.setToolTip(self.tr("Tulis dulu alasan ekspor lengkap."))
        else:
            self.choose.setToolTip("")

    def request(self) -> ExportRequest:
        what = "persons" if self.persons.isChecked() else "households"
        return ExportRequest(what=what, fmt="xlsx" if self.xlsx.isChecked() else "csv", full=self.full.isChecked(),
                             reason=self.reason.text().strip() if self.full.isChecked() else "",
                             query=self.query if what == "persons" else "", lang=language())  # fmt: skip
