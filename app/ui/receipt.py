"""The tanda terima (complaint receipt) a citizen takes home: one A5 page drawn with QPainter on any paged
device — a PDF (QPdfWriter) or a printer (QPrinter) — in the shipped DejaVu font, so it reads the same
everywhere. Also used by `jaring selfcheck`.

Every size is in points or millimetres and converted with the device's own resolution. (The receipt this
replaces laid a QTextDocument out in screen pixels on a 300 dpi page: its 10 pt came out at 3 pt.)"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QApplication

import resources
from app import __version__
from app.services.complaints import Receipt
from app.ui.errors import language
from app.ui.receipt_text import when_text
from forms.problems import UserError

PAGE = QPageSize.PageSizeId.A5
MARGIN_MM = 12.0
PDF_DPI = 1200  # QPdfWriter's own default: positions exact to 1/1200 inch
HEADER_PT = 12.5
TITLE_PT = 16.0
REFERENCE_PT = 20.0
BODY_PT = 10.5
SMALL_PT = 9.5  # labels and the footer; nothing on the page is smaller
INK = QColor("#000000")
MUTED = QColor("#404040")
WRAP = Qt.TextFlag.TextWordWrap
LEFT = Qt.AlignmentFlag.AlignLeft
CENTER = Qt.AlignmentFlag.AlignHCenter

_family: str | None = None
_app = None


def ensure_gui() -> None:
    """Fonts and QPdfWriter need a Qt application; make one when called outside the app (selfcheck)."""
    global _app
    if QGuiApplication.instance() is None:
        _app = QApplication(["jaring-receipt"])


# lupdate reads `translate("Receipt", "…")` calls (a helper taking only the text would hide them from it).
translate = QCoreApplication.translate


def receipt_font() -> str:
    """Load the shipped DejaVu Sans once and return its family name."""
    global _family
    if _family is None:
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            font_id = QFontDatabase.addApplicationFont(str(resources.path("fonts", name)))
            if font_id < 0:
                raise RuntimeError(f"font {name} could not be loaded")
            _family = _family or QFontDatabase.applicationFontFamilies(font_id)[0]
    return _family


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont(receipt_font())
    font.setPointSizeF(points)
    font.setBold(bold)
    # No "ffi"/"fi" ligatures: the PDF's text must read back (search, copy, screen readers) as typed.
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


class _Sheet:
    """A cursor down the page: wrapped blocks measured and drawn at the device's resolution."""

    def __init__(self, painter: QPainter, width: float, height: float) -> None:
        self.painter = painter
        self.width = width
        self.height = height
        self.y = 0.0
        self.dpi = painter.device().logicalDpiY()

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def measure(self, text: str, font: QFont, width: float) -> float:
        metrics = QFontMetricsF(font, self.painter.device())
        return metrics.boundingRect(QRectF(0, 0, width, 1e7), WRAP, text).height()

    def text_at(self, text: str, font: QFont, x: float, y: float, width: float, *, align=LEFT,
                color: QColor = INK) -> float:  # fmt: skip
        """Draw a wrapped block with its top left at (x, y); return its height."""
        height = self.measure(text, font, width)
        self.painter.setFont(font)
        self.painter.setPen(color)
        self.painter.drawText(QRectF(x, y, width, height), align | WRAP, text)
        return height

    def block(self, text: str, font: QFont, *, align=LEFT, color: QColor = INK, indent: float = 0.0) -> None:
        self.y += self.text_at(text, font, indent, self.y, self.width - indent, align=align, color=color)

    def rule(self, width_pt: float = 0.8, color: QColor = INK) -> None:
        pen = QPen(color)
        pen.setWidthF(width_pt * self.dpi / 72)
        self.painter.setPen(pen)
        self.painter.drawLine(QPointF(0, self.y), QPointF(self.width, self.y))

    def fit(self, text: str, font: QFont, width: float, max_height: float) -> str:
        """`text` cut (at a word, with "…") to what fits in `max_height`; a long description stays readable."""
        if self.measure(text, font, width) <= max_height:
            return text
        low, high = 0, len(text)
        while low < high:  # the longest prefix that fits with its ellipsis
            middle = (low + high + 1) // 2
            if self.measure(text[:middle].rstrip() + " …", font, width) <= max_height:
                low = middle
            else:
                high = middle - 1
        cut = text[:low]
        if " " in cut[-20:]:
            cut = cut[: cut.rindex(" ")]
        return cut.rstrip() + " …"


def _header(sheet: _Sheet, info: Receipt) -> None:
    place = info.place
    kind = (
        translate("Receipt", "KELURAHAN") if place.desa_kind == "kelurahan" else translate("Receipt", "DESA")
    )
    name = (place.desa or info.desa_name or "").upper()
    title = translate("Receipt", "PUSKESOS {kind} {name}").format(kind=kind, name=name).strip()
    sheet.block(title, _font(HEADER_PT, True), align=CENTER)
    parts = []
    if place.kecamatan:
        distrik = place.kecamatan_kind == "distrik"
        area = translate("Receipt", "Distrik") if distrik else translate("Receipt", "Kecamatan")
        parts.append(f"{area} {place.kecamatan}")
    parts += [part for part in (place.kabupaten, place.provinsi) if part]
    if parts:
        sheet.y += sheet.mm(0.8)
        sheet.block("\n".join(_packed(sheet, parts, _font(BODY_PT))), _font(BODY_PT), align=CENTER)
    sheet.y += sheet.mm(2.5)
    sheet.rule(1.2)
    sheet.y += sheet.mm(1)
    sheet.rule(0.4)
    sheet.y += sheet.mm(4)
    sheet.block(translate("Receipt", "TANDA TERIMA PENGADUAN"), _font(TITLE_PT, True), align=CENTER)
    if info.practice:
        sheet.y += sheet.mm(1.5)
        sheet.block(
            translate("Receipt", "LATIHAN — bukan pengaduan sungguhan"), _font(BODY_PT, True), align=CENTER
        )


def _packed(sheet: _Sheet, parts: list[str], font: QFont) -> list[str]:
    """Parts joined with " · " into as few lines as fit the page's width, never breaking inside a name
    ("Kabupaten Kotawaringin / Timur" would read as two places)."""
    metrics = QFontMetricsF(font, sheet.painter.device())
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and metrics.horizontalAdvance(joined) <= sheet.width:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines


def _reference(sheet: _Sheet, info: Receipt) -> None:
    sheet.y += sheet.mm(4)
    sheet.block(translate("Receipt", "Nomor tanda terima"), _font(SMALL_PT), align=CENTER, color=MUTED)
    sheet.y += sheet.mm(1)
    font = _font(REFERENCE_PT, True)
    while QFontMetricsF(font, sheet.painter.device()).horizontalAdvance(
        info.reference
    ) > sheet.width - sheet.mm(8):
        font.setPointSizeF(
            font.pointSizeF() - 0.5
        )  # a practice number carries "LATIHAN-": keep it on one line
    height = sheet.measure(info.reference, font, sheet.width) + sheet.mm(4)
    pen = QPen(INK)
    pen.setWidthF(1.2 * sheet.dpi / 72)
    sheet.painter.setPen(pen)
    sheet.painter.drawRoundedRect(QRectF(sheet.mm(4), sheet.y, sheet.width - sheet.mm(8), height),
                                  sheet.mm(1.5), sheet.mm(1.5))  # fmt: skip
    sheet.text_at(info.reference, font, 0, sheet.y + sheet.mm(2), sheet.width, align=CENTER)
    sheet.y += height + sheet.mm(2)
    if info.status_code:  # the public status page asks for it below the number, as its form says
        code = f"{info.status_code[:3]} {info.status_code[3:]}"
        sheet.block(
            translate("Receipt", "Kode status: {code}").format(code=code),
            _font(HEADER_PT, True),
            align=CENTER,
        )
    sheet.y += sheet.mm(2)


def _details(sheet: _Sheet, info: Receipt, bottom: float) -> None:
    """Label and value rows; the description (last) takes the room left above `bottom`, cut if longer."""
    place_label = (
        translate("Receipt", "Kelurahan")
        if info.place.desa_kind == "kelurahan"
        else translate("Receipt", "Desa")
    )
    rows = [
        (
            translate("Receipt", "Diterima"),
            when_text(info.received_local, info.zone, language()) if info.received_local else "",
        ),
        (translate("Receipt", "Atas nama"), info.subject_name or "-"),
        (translate("Receipt", "Pelapor"), info.reporter or translate("Receipt", "Anonim")),
        (place_label, info.place.desa or info.desa_name or "-"),
        (translate("Receipt", "Kategori"), info.category or "-"),
    ]
    label_width = sheet.width * 0.27
    value_x = label_width + sheet.mm(2)
    value_width = sheet.width - value_x
    gap = sheet.mm(1.6)
    for label, value in rows:
        height = sheet.text_at(value, _font(BODY_PT), value_x, sheet.y, value_width)
        sheet.text_at(label, _font(SMALL_PT), 0, sheet.y + sheet.mm(0.3), label_width, color=MUTED)
        sheet.y += height + gap
    summary = sheet.fit(info.summary or "-", _font(BODY_PT), value_width, max(bottom - sheet.y, sheet.mm(5)))
    height = sheet.text_at(summary, _font(BODY_PT), value_x, sheet.y, value_width)
    sheet.text_at(
        translate("Receipt", "Uraian"), _font(SMALL_PT), 0, sheet.y + sheet.mm(0.3), label_width, color=MUTED
    )
    sheet.y += height


def _status_lines(info: Receipt) -> list[tuple[str, bool]]:
    """(line, bold) of the box telling the citizen how to follow the complaint."""
    if info.status_url:
        lines = [
            (translate("Receipt", "Cara memeriksa status pengaduan"), True),
            (translate("Receipt", "Buka alamat ini di ponsel atau komputer:"), False),
            (info.status_url, True),
            (translate("Receipt", "lalu ketik nomor tanda terima dan kode status di atas, dan tekan “Cek status”."),
             False),
        ]  # fmt: skip
    elif info.practice:
        lines = [(translate("Receipt", "Tanda terima latihan: pengaduan latihan tidak dikirim ke kabupaten, statusnya tidak dapat "
                      "diperiksa."), False)]  # fmt: skip
    else:
        lines = [
            (translate("Receipt", "Cara memeriksa status pengaduan"), True),
            (translate("Receipt", "Tanyakan ke Puskesos desa atau Dinas Sosial kabupaten dengan menyebut nomor tanda terima di "
                 "atas."), False),
        ]  # fmt: skip
    lines.append((translate("Receipt", "Simpan tanda terima ini sampai pengaduan selesai."), False))
    return lines


def _status_height(sheet: _Sheet, info: Receipt) -> float:
    inner = sheet.width - sheet.mm(6)
    lines = _status_lines(info)
    return (
        sum(sheet.measure(t, _font(BODY_PT, b), inner) for t, b in lines)
        + sheet.mm(1) * len(lines)
        + sheet.mm(5)
    )


def _status(sheet: _Sheet, info: Receipt) -> None:
    height = _status_height(sheet, info)
    pen = QPen(MUTED)
    pen.setWidthF(0.8 * sheet.dpi / 72)
    sheet.painter.setPen(pen)
    sheet.painter.drawRect(QRectF(0, sheet.y, sheet.width, height))
    y = sheet.y + sheet.mm(2.5)
    for text, bold in _status_lines(info):
        y += sheet.text_at(text, _font(BODY_PT, bold), sheet.mm(3), y, sheet.width - sheet.mm(6)) + sheet.mm(
            1
        )
    sheet.y += height


SIGN_COLUMN = 0.46  # of the page's width, each signature
DATE_COLUMN = 0.7  # the place and date above the officer's signature, right-aligned: one line for long names


def _signed_at(info: Receipt, printed: datetime) -> str:
    place = info.place.desa or info.desa_name
    day = when_text(printed, info.zone, language(), time=False)
    return f"{place}, {day}" if place else day


def _sign_rows(sheet: _Sheet, signed_at: str) -> tuple[float, float, float, float, float]:
    """Tops of the place-and-date line, the roles, the signature line, the names and the footer: the block
    stands on the foot of the page, whatever the body above holds."""
    line = sheet.measure("Ag", _font(BODY_PT), sheet.width)
    footer_top = sheet.height - sheet.measure("Ag", _font(SMALL_PT), sheet.width)
    name_top = footer_top - sheet.mm(5) - line
    line_y = name_top - sheet.mm(1.5)
    role_top = line_y - sheet.mm(15) - line  # room to sign
    date_top = role_top - sheet.mm(1) - sheet.measure(signed_at, _font(BODY_PT), sheet.width * DATE_COLUMN)
    return date_top, role_top, line_y, name_top, footer_top


def _signatures(sheet: _Sheet, info: Receipt, printed: datetime) -> None:
    """Two signature lines at the foot of the page: the reporter's and the receiving officer's."""
    signed_at = _signed_at(info, printed)
    date_top, role_top, line_y, name_top, footer_top = _sign_rows(sheet, signed_at)
    column = sheet.width * SIGN_COLUMN
    metrics = QFontMetricsF(_font(BODY_PT), sheet.painter.device())
    if metrics.horizontalAdvance(signed_at) <= column:  # in line with the signature under it
        sheet.text_at(signed_at, _font(BODY_PT), sheet.width - column, date_top, column)
    else:
        wide = sheet.width * DATE_COLUMN
        sheet.text_at(
            signed_at, _font(BODY_PT), sheet.width - wide, date_top, wide, align=Qt.AlignmentFlag.AlignRight
        )
    names = [
        (translate("Receipt", "Pelapor,"), info.reporter or translate("Receipt", "(anonim)")),
        (translate("Receipt", "Petugas penerima,"), info.officer or ""),
    ]
    pen = QPen(INK)
    pen.setWidthF(0.6 * sheet.dpi / 72)
    for i, (role, name) in enumerate(names):
        x = 0 if i == 0 else sheet.width - column
        sheet.text_at(role, _font(BODY_PT), x, role_top, column)
        sheet.painter.setPen(pen)
        sheet.painter.drawLine(QPointF(x, line_y), QPointF(x + column, line_y))
        sheet.text_at(name, _font(BODY_PT, True), x, name_top, column)
    footer = translate("Receipt", "Dicetak {when} dengan Jaring {version}").format(
        when=when_text(printed, info.zone, language()), version=__version__
    )
    sheet.text_at(footer, _font(SMALL_PT), 0, footer_top, sheet.width, align=CENTER, color=MUTED)


def paint_receipt(painter: QPainter, width: float, height: float, info: Receipt,
                  printed: datetime | None = None) -> None:  # fmt: skip
    """Draw the receipt in the rectangle (0, 0, width, height) of the painter's device, in device pixels."""
    sheet = _Sheet(painter, width, height)
    printed = printed or datetime.now(UTC)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _header(sheet, info)
    _reference(sheet, info)
    status_top = _sign_rows(sheet, _signed_at(info, printed))[0] - _status_height(sheet, info) - sheet.mm(4)
    _details(sheet, info, status_top - sheet.mm(4))
    sheet.y = max(sheet.y + sheet.mm(4), status_top)  # the box sits just above the signatures
    _status(sheet, info)
    _signatures(sheet, info, printed)


class ReceiptNotWritten(UserError):
    code = "receipt_not_written"


def paint_on(device: QPagedPaintDevice, info: Receipt, printed: datetime | None = None) -> None:
    """Paint the receipt on a PDF writer or a printer, inside its page margins; ReceiptNotWritten when the
    device cannot be opened (a folder that cannot be written, a printer gone)."""
    rect = device.pageLayout().paintRectPixels(device.resolution())
    painter = QPainter()
    if not painter.begin(device):
        raise ReceiptNotWritten(
            "Tanda terima tidak dapat ditulis: periksa folder tujuan (boleh ditulisi? disk penuh?) atau printernya.",
            "The receipt could not be written: check the folder (writable? disk full?) or the printer.",
        )
    try:
        paint_receipt(painter, rect.width(), rect.height(), info, printed)
    finally:
        painter.end()


def a5_layout() -> QPageLayout:
    return QPageLayout(QPageSize(PAGE), QPageLayout.Orientation.Portrait,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)  # fmt: skip


def render_receipt_pdf(info: Receipt, path: Path, printed: datetime | None = None) -> Path:
    """Write the receipt to `path` (A5 portrait) and return it."""
    ensure_gui()  # fonts without an application crash the process instead of failing
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setTitle(translate("Receipt", "Tanda terima {reference}").format(reference=info.reference))
    writer.setCreator(f"Jaring {__version__}")
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(a5_layout())
    paint_on(writer, info, printed)
    return path
