"""The Reports screen's coverage tab: for this laptop's area and a period (a month, or a whole year), PPKS
persons by category against persons served, persons served by service, and the five SPM services — the same
counts the district's console shows (forms/care.py), two records confirmed as one person counted once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import care, reports
from app.ui.errors import language
from app.ui.session import Session
from forms.care import period_bounds


def _table(name: str) -> QTableWidget:
    table = QTableWidget(objectName=name)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


class CoverageTab(QWidget):
    def __init__(self, session: Session, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.setObjectName("coverageTab")
        self.session = session
        now = today()
        self.year = QSpinBox(objectName="coverageYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(now.year)
        self.month = QComboBox(objectName="coverageMonth")
        self.month.addItem(self.tr("Setahun penuh"), None)
        for m in range(1, 13):
            self.month.addItem(date(2000, m, 1).strftime("%m"), m)
        self.month.setCurrentIndex(now.month)
        self.summary = QLabel(objectName="coverageSummary")
        self.by_category = _table("coverageByCategory")
        self.by_service = _table("coverageByService")
        self.spm = _table("coverageSpm")
        top = QHBoxLayout()
        label = QLabel(self.tr("&Periode:"))
        label.setBuddy(self.year)
        for w in (label, self.year, self.month):
            top.addWidget(w)
        top.addWidget(self.summary, 1)
        tables = QHBoxLayout()
        tables.addWidget(self.by_category, 3)
        tables.addWidget(self.by_service, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tables, 2)
        layout.addWidget(self.spm, 1)
        self.year.valueChanged.connect(self.reload)
        self.month.currentIndexChanged.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        start, end = period_bounds(self.year.value(), self.month.currentData())
        store, lang = self.session.store, language()
        found = care.coverage(store, start, end)
        self.summary.setText(self.tr("{served} dari {total} orang PPKS terlayani ({start} – {end})").format(
            served=found.ppks_served, total=found.ppks_total, start=start, end=end))  # fmt: skip
        share = self.tr("Persen")
        rows = sorted(((reports.ppks_name(c, lang), n, s) for c, (n, s) in found.by_category.items()),
                      key=lambda r: -r[1])  # fmt: skip
        self._fill(self.by_category, [self.tr("Kategori PPKS"), self.tr("Orang PPKS"), self.tr("Terlayani"), share],
                   [[name, n, s, f"{s * 100 / n:.1f} %" if n else "—"] for name, n, s in rows])  # fmt: skip
        self._fill(self.by_service, [self.tr("Layanan"), self.tr("Terlayani")],
                   sorted(([care.service_name(store, c, lang), n] for c, n in found.by_service.items()),
                          key=lambda r: -r[1]))  # fmt: skip
        self._fill(self.spm, [self.tr("Layanan SPM"), self.tr("Membutuhkan"), self.tr("Terlayani"), share],
                   [[s["label"].get(lang) or s["label"]["id"], n, k, f"{k * 100 / n:.1f} %" if n else "—"]
                    for s, n, k in found.spm])  # fmt: skip

    def _fill(self, table: QTableWidget, headers: list[str], rows: list[list]) -> None:
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
