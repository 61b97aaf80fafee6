"""Households & people: every person on this laptop, searched as you type (name, NIK, No. KK, desa)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import search
from app.ui.paged_model import PagedTableModel
from app.ui.reload_when_shown import ReloadWhenShown
from app.ui.session import Session


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonsModel", text)


class PersonsModel(PagedTableModel):
    def __init__(self, session: Session) -> None:
        store = session.store
        super().__init__(
            session.runner,
            lambda q, sort, desc, offset, limit: search.list_persons(
                store, query=q, sort=sort, descending=desc, offset=offset, limit=limit
            ),
            default_sort="name",
        )
        self.columns = [
            (_tr("Nama"), "name", lambda p: p.name),
            (_tr("NIK"), "nik", lambda p: p.nik or _tr("(tanpa NIK)")),
            (_tr("L/P"), None, lambda p: p.sex or ""),
            (_tr("Tanggal lahir"), "birth_date", lambda p: p.birth_date or ""),
            (_tr("Desa"), "desa", lambda p: p.desa_name or ""),
            (_tr("No. KK"), None, lambda p: p.no_kk or ""),
            (_tr("Kepala keluarga"), None, lambda p: p.head_name or ""),
            (_tr("Status"), None, lambda p: p.status or ""),
            # Made in practice mode: kept on this laptop, never sent (it stays marked after enrollment).
            (_tr("Latihan"), None, lambda p: _tr("LATIHAN") if p.practice else ""),
        ]


class PersonsView(ReloadWhenShown, QWidget):
    """The list with its search box; `open_record(record_id)` asks the main window to open a household."""

    open_record = Signal(str)
    new_household = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("personsView")
        self.session = session
        self.search = QLineEdit(objectName="personsSearch")
        self.search.setPlaceholderText(self.tr("Cari nama, NIK, No. KK atau desa…"))
        self.search.setClearButtonEnabled(True)
        self.add = QPushButton(self.tr("Rumah tangga baru"), objectName="newHousehold")
        self.add.setShortcut("Ctrl+N")
        self.add.clicked.connect(self.new_household)
        self.count = QLabel(objectName="personsCount")
        self.model = PersonsModel(session)
        self.table = QTableView(objectName="personsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        # No typing delay: the model runs a keystroke's search at once, or the newest text after the running one.
        self.search.textChanged.connect(self.model.set_query)
        self.model.loaded.connect(self._show_count)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        session.runner.changed.connect(self.on_changes)

    def _show_count(self) -> None:
        if self.model.exact:
            self.count.setText(self.tr("%n orang", "", self.model.total))
        else:  # search-as-you-type stopped counting at the cap: "1000+ orang"
            self.count.setText(self.tr("%n+ orang", "", self.model.total))

    def _activated(self, index) -> None:
        self.open_record.emit(self.model.row_at(index.row()).record_id)

    def cares_about(self, changes) -> bool:  # noqa: ANN001 - app.store.store.Changes
        return bool(getattr(changes, "persons", False))  # only persons matter here

    def reload(self) -> None:
        self.model.reload()
