"""A person's page: who they are, and one timeline of what happened to them — registration and its changes,
complaints naming them, services, visits, and the other record the district confirmed as the same person —
with "Catat layanan" (Alt+L) and "Catat kunjungan" (Alt+K) opening the forms with the person filled in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import care, reports, words
from app.ui.errors import language
from app.ui.session import Session


class PersonPage(QWidget):
    """`record_service(household_id, member_id)`, `record_visit(...)` ask the main window to open a form;
    `open_record(record_id)` to open a timeline line's record."""

    record_service = Signal(str, str)
    record_visit = Signal(str, str)
    open_record = Signal(str)

    def __init__(self, session: Session, household_id: str, member_id: str) -> None:
        super().__init__()
        self.setObjectName("personPage")
        self.session, self.person_key = session, (household_id, member_id)
        self.heading = QLabel(objectName="personHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.facts = QLabel(objectName="personFacts")
        self.facts.setWordWrap(True)
        self.service_button = QPushButton(self.tr("Catat &layanan"), objectName="recordService")
        self.visit_button = QPushButton(self.tr("Catat &kunjungan"), objectName="recordVisit")
        self.household_button = QPushButton(self.tr("Buka &rumah tangga"), objectName="openHousehold")
        self.service_button.clicked.connect(lambda: self.record_service.emit(*self.person_key))
        self.visit_button.clicked.connect(lambda: self.record_visit.emit(*self.person_key))
        self.household_button.clicked.connect(lambda: self.open_record.emit(household_id))
        self.table = QTableWidget(0, 3, objectName="personTimeline")
        self.table.setHorizontalHeaderLabels([self.tr("Tanggal"), self.tr("Apa"), self.tr("Keterangan")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)
        buttons = QHBoxLayout()
        for b in (self.service_button, self.visit_button, self.household_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.events: list[care.Event] = []
        session.runner.changed.connect(self._on_changes)
        self.reload()

    def _on_changes(self, note) -> None:  # noqa: ANN001 - app.ui.runner.Changed
        if note.changes.records:
            self.reload()

    def reload(self) -> None:
        store, lang = self.session.store, language()
        person, self.events = care.timeline(store, *self.person_key)
        if person is None:
            self.heading.setText(self.tr("Orang ini tidak ada di laptop ini."))
            self.facts.setText("")
        else:
            self.heading.setText(person["name"] or self.tr("(tanpa nama)"))
            ppks = ", ".join(reports.ppks_name(c, lang) for c in person["ppks"]) or self.tr("bukan PPKS")
            self.facts.setText(self.tr("NIK {nik} · lahir {born} · {desa} · KK {kk} ({head})\nPPKS: {ppks}").format(
                nik=person["nik"] or self.tr("(tanpa NIK)"), born=words.date_text(person["birth_date"]),
                desa=person["desa_name"] or "", kk=person["no_kk"] or "", head=person["head_name"] or "",
                ppks=ppks))  # fmt: skip
        self.setWindowTitle(self.tr("Riwayat — {name}").format(name=(person or {}).get("name") or ""))
        self.table.setRowCount(len(self.events))
        for row, event in enumerate(self.events):
            cells = (words.date_text(event.when[:10]) if event.when else "", self._kind(event.kind),
                     self._detail(event, lang))  # fmt: skip
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        if self.events:
            self.table.setCurrentCell(0, 0)

    def _kind(self, kind: str) -> str:
        return {
            "registration": self.tr("Pendaftaran"),
            "change": self.tr("Perubahan data"),
            "complaint": self.tr("Pengaduan"),
            "service": self.tr("Layanan"),
            "visit": self.tr("Kunjungan"),
            "link": self.tr("Data ganda"),
        }.get(kind, kind)

    def _detail(self, event: care.Event, lang: str) -> str:
        store, d = self.session.store, event.detail
        if event.kind == "service":
            amount = d.get("amount")
            text = care.service_name(store, event.what, lang)
            if d.get("agency"):
                text += " — " + care.agency_name(store, d["agency"], lang)
            if amount:
                text += self.tr(" · jumlah {amount}").format(amount=f"{amount:,.0f}".replace(",", "."))
            return text
        if event.kind == "visit":
            condition = care.choice_text(store, "visit", "kondisi", event.what, lang)
            needs = ", ".join(care.service_name(store, n, lang) for n in d.get("needs", []))
            text = self.tr("Kondisi: {condition}").format(condition=condition)
            if needs:
                text += self.tr(" · kebutuhan: {needs}").format(needs=needs)
            if d.get("next_date"):
                text += self.tr(" · kunjungan berikutnya {date}").format(date=words.date_text(d["next_date"]))
            return text
        if event.kind == "complaint":
            return self.tr("No. {reference} · {category}").format(
                reference=d.get("reference") or "",
                category=care.choice_text(store, "pengaduan", "kategori", event.what, lang))  # fmt: skip
        if event.kind == "link":
            where = d.get("desa_name") or ""
            if not d.get("held"):
                return self.tr("Dikonfirmasi Dinas Sosial sebagai orang yang sama (data di wilayah lain)")
            return self.tr("Dikonfirmasi Dinas Sosial sebagai orang yang sama: {name}, {desa}").format(
                name=event.what, desa=where)  # fmt: skip
        if event.kind == "change" and d.get("operator"):
            return self.tr("oleh {operator}").format(operator=d["operator"])
        return ""

    def _activated(self, index) -> None:
        event = self.events[index.row()]
        self.open_record.emit(event.record_id)
