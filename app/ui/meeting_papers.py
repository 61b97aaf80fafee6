"""The village meeting's papers as A4 PDFs, drawn offline with QPainter on a QPdfWriter in the shipped DejaVu
font (as the complaint receipt): the BNBA list (landscape, a table that runs over pages with its header
repeated) and the berita acara (portrait: the opening paragraph, attendance, the decision on each proposal,
signature blocks). The content comes from `app/services/meeting.py`; the papers are in Indonesian, the
language of the village's official papers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from app import __version__
from app.services.meeting import BNBA_COLUMNS, Meeting, Papers, minutes_lines
from app.ui.receipt import ReceiptNotWritten, ensure_gui, receipt_font

PDF_DPI = 600
MARGIN_MM = 15.0
TITLE_PT = 14.0
BODY_PT = 10.0
TABLE_PT = 9.0  # the table's cells; nothing smaller
WRAP = Qt.TextFlag.TextWordWrap
BNBA_WIDTHS = (4, 15, 15, 15, 16, 10, 18, 10)  # shares of the landscape page per column
MINUTES_WIDTHS = (5, 25, 14, 38, 18)


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(receipt_font())
    font.setPointSizeF(points)
    font.setBold(bold)
    for tag in ("liga", "clig"):  # the PDF's text reads back as typed
        font.setFeature(QFont.Tag(tag), 0)
    return font


class _Page:
    """A cursor down the pages of one PDF."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer, self.painter = writer, painter
        rect = writer.pageLayout().paintRectPixels(writer.resolution())
        self.width, self.height = rect.width(), rect.height()
        self.dpi = writer.resolution()
        self.y = 0.0

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def height_of(self, text: str, font: QFont, width: float) -> float:
        return QFontMetricsF(font, self.writer).boundingRect(QRectF(0, 0, width, 1e7), WRAP, text).height()

    def text(self, text: str, font: QFont, x: float, width: float, align=Qt.AlignmentFlag.AlignLeft) -> float:
        height = self.height_of(text, font, width)
        self.painter.setFont(font)
        self.painter.drawText(QRectF(x, self.y, width, height), align | WRAP, text)
        return height

    def block(self, text: str, font: QFont, align=Qt.AlignmentFlag.AlignLeft, gap_mm: float = 2.0) -> None:
        self.room(self.height_of(text, font, self.width))
        self.y += self.text(text, font, 0, self.width, align) + self.mm(gap_mm)

    def room(self, needed: float) -> bool:
        """Start a new page when `needed` does not fit; True when it did."""
        if self.y + needed <= self.height:
            return False
        self.writer.newPage()
        self.y = 0.0
        return True

    def row(
        self, cells: tuple[str, ...], shares: tuple[int, ...], font: QFont, header: tuple[str, ...]
    ) -> None:
        widths = [self.width * s / sum(shares) for s in shares]
        pad = self.mm(1.0)
        height = (
            max(self.height_of(c, font, w - 2 * pad) for c, w in zip(cells, widths, strict=True)) + 2 * pad
        )
        if self.room(height) and cells != header:
            self.row(header, shares, _font(TABLE_PT, True), header)
        x = 0.0
        self.painter.setPen(QPen(Qt.GlobalColor.black, self.dpi / 96))
        for cell, width in zip(cells, widths, strict=True):
            self.painter.drawRect(QRectF(x, self.y, width, height))
            self.painter.setFont(font)
            self.painter.drawText(
                QRectF(x + pad, self.y + pad, width - 2 * pad, height - 2 * pad), WRAP, cell
            )
            x += width
        self.y += height


def _open(path: Path, title: str, orientation: QPageLayout.Orientation) -> tuple[QPdfWriter, QPainter]:
    ensure_gui()
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator(f"Jaring {__version__}")
    writer.setResolution(PDF_DPI)
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, margins,
                                     QPageLayout.Unit.Millimeter))  # fmt: skip
    painter = QPainter()
    if not painter.begin(writer):
        raise ReceiptNotWritten(
            "Berkas tidak dapat ditulis: periksa folder tujuan (boleh ditulisi? disk penuh?).",
            "The file could not be written: check the folder (writable? disk full?).",
        )
    return writer, painter


def write_bnba_pdf(paper: Papers, path: Path) -> Path:
    """The BNBA list: every proposal of the month by name and address, landscape A4."""
    writer, painter = _open(
        path, f"BNBA usulan DTSEN {paper.desa} {paper.month}", QPageLayout.Orientation.Landscape
    )
    try:
        page = _Page(writer, painter)
        page.block(f"DAFTAR USULAN DTSEN BY NAME BY ADDRESS (BNBA) — DESA {paper.desa} — BULAN {paper.month}",
                   _font(TITLE_PT, True), Qt.AlignmentFlag.AlignHCenter, 4)  # fmt: skip
        page.row(BNBA_COLUMNS, BNBA_WIDTHS, _font(TABLE_PT, True), BNBA_COLUMNS)
        for row in paper.rows:
            page.row(row, BNBA_WIDTHS, _font(TABLE_PT), BNBA_COLUMNS)
    finally:
        painter.end()
    return path


def write_minutes_pdf(paper: Papers, meeting: Meeting, path: Path) -> Path:
    """The berita acara of the meeting, portrait A4, ending in the chair's and secretary's signature blocks."""
    writer, painter = _open(path, f"Berita acara musyawarah desa {paper.desa} {paper.month}",
                            QPageLayout.Orientation.Portrait)  # fmt: skip
    header = ("No", "Nama", "Jenis usulan", "Alasan", "Keputusan")
    try:
        page = _Page(writer, painter)
        page.block("BERITA ACARA MUSYAWARAH DESA", _font(TITLE_PT, True), Qt.AlignmentFlag.AlignHCenter)
        page.block("Pemutakhiran Data Tunggal Sosial dan Ekonomi Nasional (DTSEN)", _font(BODY_PT, True),
                   Qt.AlignmentFlag.AlignHCenter, 5)  # fmt: skip
        for line in minutes_lines(paper, meeting):
            page.block(line, _font(BODY_PT))
        page.block("Daftar hadir:", _font(BODY_PT, True), gap_mm=1)
        for n, person in enumerate(meeting.attendance, start=1):
            page.block(f"{n}. {person}", _font(BODY_PT), gap_mm=0.5)
        page.y += page.mm(3)
        page.block("Keputusan atas setiap usulan:", _font(BODY_PT, True), gap_mm=1)
        page.row(header, MINUTES_WIDTHS, _font(TABLE_PT, True), header)
        for row in paper.rows:
            page.row((row[0], row[1], row[5], row[6], row[7]), MINUTES_WIDTHS, _font(TABLE_PT), header)
        _signatures(page, meeting)
    finally:
        painter.end()
    return path


def _signatures(page: _Page, meeting: Meeting) -> None:
    font = _font(BODY_PT)
    page.y += page.mm(8)
    page.room(page.mm(40))
    half = page.width / 2
    top = page.y
    for x, role, name in ((0, "Ketua musyawarah", meeting.chair), (half, "Notulis", meeting.secretary)):
        page.y = top
        page.y += page.text(f"{meeting.place}, {meeting.day.isoformat()}\n{role}", font, x, half,
                            Qt.AlignmentFlag.AlignHCenter)  # fmt: skip
        page.y += page.mm(22)
        page.text(f"( {name or '.' * 30} )", font, x, half, Qt.AlignmentFlag.AlignHCenter)
    page.y += page.mm(8)
