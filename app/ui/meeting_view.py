"""Musyawarah desa (the village meeting), offline: the month's DTSEN proposals of this desa listed, the
meeting's decision recorded on each (agreed or dropped; it syncs as an edit), the place and attendance typed,
the papers saved — the BNBA list and the berita acara as PDF, both as one XLSX — and, below, what is due this
month in the cycle and the proposals the national system refused, to act on at the next meeting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import meeting, proposals
from app.store.store import Changes
from app.ui.errors import language
from app.ui.reload_when_shown import ReloadWhenShown
from app.ui.session import Session


class MeetingView(ReloadWhenShown, QWidget):
    new_proposal = Signal(dict)  # the answers a new proposal starts from; the main window opens the form

    def __init__(self, session: Session, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.setObjectName("meetingView")
        self.session, self.today = session, today
        self.month = QLineEdit(today().strftime("%Y-%m"), objectName="meetingMonth")
        self.month.setInputMask("9999-99")
        self.month.editingFinished.connect(self.reload)
        self.place = QLineEdit(self.tr("Balai Desa"), objectName="meetingPlace")
        self.attendance = QPlainTextEdit(objectName="meetingAttendance")
        self.attendance.setPlaceholderText(self.tr("Satu baris satu orang: nama — jabatan"))
        self.attendance.setFixedHeight(70)
        form = QFormLayout()
        form.addRow(self.tr("Bulan (TTTT-BB)"), self.month)
        form.addRow(self.tr("Tempat musyawarah"), self.place)
        form.addRow(self.tr("Daftar hadir"), self.attendance)
        self.table = QTableWidget(0, 5, objectName="meetingTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        # Two rows (the decisions, then the papers), so the screen fits a small window and 125% scaling.
        buttons, papers = QHBoxLayout(), QHBoxLayout()
        for row, text, slot, name in ((buttons, self.tr("Usulan baru…"), self._new, "meetingNew"),
                                      (buttons, self.tr("Disepakati"), self._agree, "meetingAgree"),
                                      (buttons, self.tr("Tidak disepakati"), self._drop, "meetingDrop"),
                                      (papers, self.tr("Simpan berita acara (PDF)…"), self._save_minutes, "meetingMinutes"),
                                      (papers, self.tr("Simpan BNBA (PDF)…"), self._save_bnba, "meetingBnba"),
                                      (papers, self.tr("Simpan XLSX…"), self._save_xlsx, "meetingXlsx")):  # fmt: skip
            button = QPushButton(text, objectName=name)
            button.clicked.connect(slot)
            row.addWidget(button)
        buttons.addStretch(1)
        papers.addStretch(1)
        self.days = {}
        cycle = QHBoxLayout()
        settings = proposals.calendar_settings(session.store)
        for key, text in (("entry_deadline", self.tr("Batas entri tanggal")),
                          ("meeting_day", self.tr("Musyawarah tanggal")),
                          ("send_day", self.tr("Kirim kabupaten tanggal"))):  # fmt: skip
            box = QSpinBox(objectName=f"meetingDay_{key}")
            box.setRange(1, 31)
            box.setValue(int(settings[key]))
            box.valueChanged.connect(lambda value, k=key: self._set_day(k, value))
            label = QLabel(text)
            label.setBuddy(box)
            cycle.addWidget(label)
            cycle.addWidget(box)
            self.days[key] = box
        cycle.addStretch(1)
        self.due = QLabel(objectName="meetingDue")
        self.due.setWordWrap(True)
        self.refused = QLabel(objectName="meetingRefused")
        self.refused.setWordWrap(True)
        self.saved = QLabel(objectName="meetingSaved")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Musyawarah desa — usulan DTSEN bulan ini</b>")))
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(papers)
        layout.addWidget(self.saved)
        layout.addLayout(cycle)
        layout.addWidget(self.due)
        layout.addWidget(self.refused)
        self.ids: list[str] = []
        session.runner.changed.connect(self.on_changes)
        self.reload()

    def cares_about(self, changes: Changes) -> bool:
        return changes.records or changes.settings

    def reload(self) -> None:
        store = self.session.store
        paper = meeting.papers(store, self.month.text())
        self.ids = [p["id"] for p in proposals.month_proposals(store, self.month.text())]
        headers = [
            self.tr("Nama"),
            self.tr("Alamat"),
            self.tr("Jenis usulan"),
            self.tr("Alasan"),
            self.tr("Keputusan"),
        ]
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(paper.rows))
        for r, row in enumerate(paper.rows):
            for c, text in enumerate((row[1], row[4], row[5], row[6], row[7])):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        lang = language()
        steps = proposals.due_this_month(store, self.today())
        self.due.setText(self.tr("Jadwal bulan ini: ") + "; ".join(
            f"{s.text(lang)} {s.day.isoformat()}" + (self.tr(" (lewat)") if s.past else "") for s in steps))  # fmt: skip
        refused = proposals.refused(store)
        names = ", ".join(str(p["answers"].get("nama") or "") for p in refused)
        self.refused.setText(self.tr("Ditolak sistem pusat, bahas lagi bulan depan: %n usulan", "", len(refused))
                             + (f" — {names}" if names else ""))  # fmt: skip

    def meeting(self) -> meeting.Meeting:
        people = [line.strip() for line in self.attendance.toPlainText().splitlines() if line.strip()]
        chair = people[0].split("—")[0].strip() if people else ""
        secretary = people[1].split("—")[0].strip() if len(people) > 1 else ""
        return meeting.Meeting(self.today(), self.place.text().strip(), chair, secretary, people)

    def decide(self, decision: str) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        for r in rows:
            proposals.decide(self.session.store, self.ids[r], decision, self.today())
        self.reload()

    def _set_day(self, key: str, value: int) -> None:
        proposals.set_calendar(self.session.store, **{key: value})
        self.reload()

    def _new(self) -> None:
        self.new_proposal.emit(proposals.new_proposal(self.session.store, "tambah", today=self.today()))

    def _agree(self) -> None:
        self.decide(proposals.AGREED)

    def _drop(self) -> None:
        self.decide(proposals.DROPPED)

    def _ask(self, title: str, name: str, kind: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), kind)
        return Path(path) if path else None

    def save_minutes(self, path: Path) -> Path:
        from app.ui.meeting_papers import write_minutes_pdf

        done = write_minutes_pdf(meeting.papers(self.session.store, self.month.text()), self.meeting(), path)
        self.saved.setText(self.tr("Tersimpan: %1").replace("%1", str(done)))
        return done

    def save_bnba(self, path: Path) -> Path:
        from app.ui.meeting_papers import write_bnba_pdf

        done = write_bnba_pdf(meeting.papers(self.session.store, self.month.text()), path)
        self.saved.setText(self.tr("Tersimpan: %1").replace("%1", str(done)))
        return done

    def save_xlsx(self, path: Path) -> Path:
        done = meeting.write_xlsx(meeting.papers(self.session.store, self.month.text()), self.meeting(), path)
        self.saved.setText(self.tr("Tersimpan: %1").replace("%1", str(done)))
        return done

    def _save_minutes(self) -> None:
        if path := self._ask(
            self.tr("Simpan berita acara"), f"berita-acara-{self.month.text()}.pdf", "PDF (*.pdf)"
        ):
            self.save_minutes(path)

    def _save_bnba(self) -> None:
        if path := self._ask(self.tr("Simpan BNBA"), f"bnba-{self.month.text()}.pdf", "PDF (*.pdf)"):
            self.save_bnba(path)

    def _save_xlsx(self) -> None:
        if path := self._ask(self.tr("Simpan XLSX"), f"musdes-{self.month.text()}.xlsx", "Excel (*.xlsx)"):
            self.save_xlsx(path)
