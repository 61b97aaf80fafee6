"""Households & people: every person on this laptop, searched as you type (name, NIK, No. KK, desa)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import search, words
from app.store.store import Changes
from app.ui.errors import language
from app.ui.paged_model import PagedTableModel, fit_columns
from app.ui.reload_when_shown import ReloadWhenShown
from app.ui.session import Session

DIGITS_16 = "0" * 16  # a NIK or No. KK: its column shows all sixteen digits
USUAL_NAME = "Siti Nurhaliza"  # names, desa and head get at least this much room


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
        lang = language()
        # Codes in words, as the household form words them ("P" -> "Perempuan", "aktif" -> "Aktif").
        sex = words.column_words(store, "person", "sex", lang).text
        status_words = words.column_words(store, "person", "status", lang)
        status = status_words.text
        no_nik = self.tr("(tanpa NIK)")
        practice = self.tr("LATIHAN")
        # self.tr, not a helper taking a variable: lupdate finds only literal texts (English screens kept "Nama").
        self.columns = [
            (self.tr("Nama"), "name", lambda p: p.name),
            (self.tr("NIK"), "nik", lambda p: p.nik or no_nik),
            # The word's initial, as forms write it (L/P; M/F in English): the room goes to the names.
            (self.tr("L/P"), None, lambda p: sex(p.sex)[:1]),
            (self.tr("Tanggal lahir"), "birth_date", lambda p: words.date_text(p.birth_date)),
            (self.tr("Desa"), "desa", lambda p: p.desa_name or ""),
            (self.tr("No. KK"), None, lambda p: p.no_kk or ""),
            (self.tr("Kepala keluarga"), None, lambda p: p.head_name or ""),
            (self.tr("Status"), None, lambda p: status(p.status)),
            # Made in practice mode: kept on this laptop, never sent (it stays marked after enrollment).
            (self.tr("Latihan"), None, lambda p: practice if p.practice else ""),
        ]
        self.widest = {
            1: DIGITS_16,
            2: "L",
            3: "00-00-0000",
            5: DIGITS_16,
            7: status_words.longest or "Aktif",
        }


class PersonsView(ReloadWhenShown, QWidget):
    """The list with its search box; `open_person(record_id, focus_path)` asks the main window to open the
    person's household at that person (their member unfolded and focused, the others folded)."""

    open_person = Signal(str, str)
    open_person_page = Signal(str, str)  # (household record id, member id): the person's timeline
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
        self.add.setToolTip(self.tr("Catat rumah tangga baru (Ctrl+N)"))
        self.add.clicked.connect(self.new_household)
        self.history = QPushButton(self.tr("Riwayat orang"), objectName="personHistory")
        self.history.setShortcut("Ctrl+H")
        self.history.setToolTip(self.tr("Layanan, kunjungan dan riwayat orang yang dipilih (Ctrl+H)"))
        self.history.clicked.connect(self._history)
        self.count = QLabel(objectName="personsCount")
        self.model = PersonsModel(session)
        self.table = QTableView(objectName="personsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        # NIK, No. KK, dates and statuses at their values' width (never "6204063010…"); names, desa and head at
        # least a usual name's width, sharing the rest.
        fit_columns(self.table, self.model.widest, usual=USUAL_NAME)
        self.table.activated.connect(self._activated)
        # Shown instead of an empty table: what to type, or how to start when nothing is recorded yet.
        self.hint = QLabel(objectName="personsHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setMargin(12)
        self.body = QStackedWidget(objectName="personsBody")
        self.body.addWidget(self.table)
        self.body.addWidget(self.hint)
        # No typing delay: the model runs a keystroke's search at once, or the newest text after the running one.
        self.search.textChanged.connect(self.model.set_query)
        self.model.loaded.connect(self._show_count)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.history)
        top.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.count)
        session.runner.changed.connect(self.on_changes)

    def _show_count(self) -> None:
        if self.model.exact:
            self.count.setText(self.tr("%n orang", "", self.model.total))
        else:  # search-as-you-type stopped counting at the cap: "1000+ orang"
            self.count.setText(self.tr("%n+ orang", "", self.model.total))
        if self.model.rowCount() > 0:
            self.body.setCurrentWidget(self.table)
            return
        if self.model.query:
            self.hint.setText(self.tr(
                "Tidak ada orang yang cocok dengan “{typed}”.\n\n"
                "Coba ketik sebagian nama saja (misalnya “siti” atau “nur hal”), beberapa angka awal NIK atau "
                "No. KK, atau nama desa. Ejaan lain juga dicari: “aisah” menemukan “Aisyah”."
            ).format(typed=self.model.query))  # fmt: skip
        else:
            self.hint.setText(self.tr(
                "Belum ada data di laptop ini.\n\nTekan “Rumah tangga baru” (Ctrl+N) untuk mencatat rumah tangga "
                "pertama, atau sinkronkan untuk menerima data desa dari kabupaten."
            ))  # fmt: skip
        self.body.setCurrentWidget(self.hint)

    def _activated(self, index) -> None:
        person = self.model.row_at(index.row())
        self.open_person.emit(person.record_id, f"anggota/{person.member_id}/nama")

    def _history(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            person = self.model.row_at(index.row())
            self.open_person_page.emit(person.record_id, person.member_id)

    def cares_about(self, changes: Changes) -> bool:
        return changes.persons  # only persons matter here

    def reload(self) -> None:
        self.model.reload()
