"""One complaint's SLRT timeline: each step with its date, who took it and the note; the district's steps
(arrived by a sync or a return bundle) are marked as such."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.services.complaints import TimelineEvent

# Marked for lupdate (a dict's values are no tr() calls): without the marks English screens kept "Diverifikasi".
STEP_LABELS = {
    "diterima": QT_TRANSLATE_NOOP("ComplaintTimeline", "Diterima"),
    "diverifikasi": QT_TRANSLATE_NOOP("ComplaintTimeline", "Diverifikasi"),
    "dirujuk": QT_TRANSLATE_NOOP("ComplaintTimeline", "Dirujuk"),
    "ditindaklanjuti": QT_TRANSLATE_NOOP("ComplaintTimeline", "Ditindaklanjuti"),
    "selesai": QT_TRANSLATE_NOOP("ComplaintTimeline", "Selesai"),
    "ditolak": QT_TRANSLATE_NOOP("ComplaintTimeline", "Ditolak"),
}


def step_label(step: str) -> str:
    """A complaint step as the screen says it, in the screen's language (the data keeps the code)."""
    return QCoreApplication.translate("ComplaintTimeline", STEP_LABELS.get(step, step))


class ComplaintTimeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("complaintTimeline")
        self.title = QLabel(self.tr("Pilih pengaduan untuk melihat riwayatnya."), objectName="timelineTitle")
        self.title.setWordWrap(True)
        self.events = QListWidget(objectName="timelineEvents")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.events, 1)

    def show_events(self, reference: str, events: list[TimelineEvent]) -> None:
        self.title.setText(self.tr("Riwayat {reference}").format(reference=reference))
        self.events.clear()
        for event in events:
            where = self.tr("kabupaten") if event.origin == "server" else self.tr("perangkat ini")
            text = f"{event.at[:16].replace('T', ' ')}  {step_label(event.step)}"
            text += f"  — {event.by} ({where})"
            if event.referral:
                text += "\n  " + self.tr("Dirujuk ke: {to}").format(to=event.referral)
            if event.note:
                text += "\n  " + event.note
            self.events.addItem(QListWidgetItem(text))

    def clear(self) -> None:
        self.title.setText(self.tr("Pilih pengaduan untuk melihat riwayatnya."))
        self.events.clear()
