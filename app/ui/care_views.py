"""Two lists of who needs attention in this laptop's area, offline: "Jadwal kunjungan" (who is overdue or due
within a week for a follow-up visit, by desa and date) and "Belum terlayani" (PPKS persons with no service in
the last N months; N is a setting changed here). Both filter as you type and open a person's page (Enter).
"Today" is a function the main window passes, so tests give a fixed day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import care, reports, words
from app.store.store import Changes
from app.ui.errors import language
from app.ui.reload_when_shown import ReloadWhenShown
from app.ui.session import Session
from forms.domain import regions


def _desa_name(code: str) -> str:
    region = regions.get(code) if code else None
    return region.name if region is not None else code


class _PersonList(ReloadWhenShown, QWidget):
    """A filterable table of persons; `open_person(household_id, member_id)` on Enter or double-click."""

    open_person = Signal(str, str)

    def __init__(self, session: Session, today: Callable[[], date], name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.session, self.today = session, today
        self.search = QLineEdit(objectName=f"{name}Search")
        self.search.setPlaceholderText(self.tr("Saring nama atau desa…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.table = QTableWidget(0, 0, objectName=f"{name}Table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.activated.connect(self._activated)
        self.count = QLabel(objectName=f"{name}Count")
        self.top = QHBoxLayout()
        self.top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.persons: list[tuple[str, str]] = []
        session.runner.changed.connect(self.on_changes)

    def cares_about(self, changes: Changes) -> bool:
        return changes.records or changes.settings

    def fill(self, headers: list[str], rows: list[tuple[tuple[str, str], list[str]]]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        self.persons = [p for p, _ in rows]
        for r, (_, cells) in enumerate(rows):
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        typed = text.casefold().split()
        shown = 0
        for r in range(self.table.rowCount()):
            line = " ".join(self.table.item(r, c).text() for c in range(self.table.columnCount())).casefold()
            hide = not all(w in line for w in typed)
            self.table.setRowHidden(r, hide)
            shown += not hide
        self.count.setText(self.tr("%n orang", "", shown))

    def _activated(self, index) -> None:
        self.open_person.emit(*self.persons[index.row()])


class VisitScheduleView(_PersonList):
    """Jadwal kunjungan: overdue first within each desa, then due within a week, by next visit date."""

    def __init__(self, session: Session, today: Callable[[], date] = date.today) -> None:
        super().__init__(session, today, "visitSchedule")
        self.reload()

    def reload(self) -> None:
        due = care.visit_schedule(self.session.store, self.today())
        rows = []
        for d in due:
            if d.overdue:
                state = self.tr("Terlambat %n hari", "", d.days_late)
            elif d.days_late == 0:
                state = self.tr("Hari ini")
            else:
                state = self.tr("Dalam %n hari", "", -d.days_late)
            rows.append((d.person, [_desa_name(d.desa), d.name, words.date_text(d.last_visit),
                                    words.date_text(d.next_visit), state]))  # fmt: skip
        self.fill([self.tr("Desa"), self.tr("Nama"), self.tr("Kunjungan terakhir"),
                   self.tr("Kunjungan berikutnya"), self.tr("Keadaan")], rows)  # fmt: skip


class UnservedView(_PersonList):
    """Belum terlayani: PPKS persons with no service in the last N months (N kept as a laptop setting)."""

    def __init__(self, session: Session, today: Callable[[], date] = date.today) -> None:
        super().__init__(session, today, "unserved")
        self.months = QSpinBox(objectName="unservedMonths")
        self.months.setRange(1, 60)
        self.months.setSuffix(self.tr(" bulan"))
        self.months.setValue(care.unserved_months(session.store))
        self.months.valueChanged.connect(self._months_changed)
        label = QLabel(self.tr("Tanpa layanan dalam:"))
        label.setBuddy(self.months)
        self.top.addWidget(label)
        self.top.addWidget(self.months)
        self.reload()

    def _months_changed(self, months: int) -> None:
        care.set_unserved_months(self.session.store, months)
        self.reload()

    def reload(self) -> None:
        lang = language()
        found = care.unserved(self.session.store, self.today(), self.months.value())
        never = self.tr("belum pernah")
        rows = [(u.person, [u.desa_name or _desa_name(u.desa), u.name,
                            ", ".join(reports.ppks_name(c, lang) for c in u.ppks),
                            words.date_text(u.last_service) if u.last_service else never]) for u in found]  # fmt: skip
        self.fill(
            [self.tr("Desa"), self.tr("Nama"), self.tr("Kategori PPKS"), self.tr("Layanan terakhir")], rows
        )
