"""The tanda terima (complaint receipt) as a PDF: QTextDocument laid out on a QPdfWriter page with the
shipped DejaVu font, so it looks the same on every laptop. Also used by `jaring selfcheck`."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

import resources
from app.services.complaints import Receipt

_family: str | None = None
_app = None


def ensure_gui() -> None:
    """Fonts and QPdfWriter need a Qt application; make one when called outside the app (selfcheck)."""
    global _app
    if QGuiApplication.instance() is None:
        _app = QApplication(["jaring-receipt"])


def _tr(text: str) -> str:
    return QCoreApplication.translate("Receipt", text)


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


def receipt_html(info: Receipt) -> str:
    e = html.escape
    practice = f"<p><b>{e(_tr('LATIHAN — bukan pengaduan sungguhan'))}</b></p>" if info.practice else ""
    rows = [
        (_tr("Nomor tanda terima"), f"<b>{e(info.reference)}</b>"),
        (_tr("Tanggal diterima"), e(info.received_at[:10])),
        (_tr("Desa/Kelurahan"), e(info.desa_name)),
        (_tr("Atas nama"), e(info.subject_name or "-")),
        (_tr("Kategori"), e(info.category or "-")),
        (_tr("Ringkasan"), e(info.summary)),
    ]
    table = "".join(f"<tr><td width='35%'>{k}</td><td>{v}</td></tr>" for k, v in rows)
    return (
        f"<h2>{e(_tr('TANDA TERIMA PENGADUAN'))}</h2>{practice}"
        f"<table cellpadding='4'>{table}</table>"
        f"<p>{e(_tr('Simpan tanda terima ini. Status pengaduan dapat diperiksa dengan nomor di atas.'))}</p>"
    )


def render_receipt_pdf(info: Receipt, path: Path) -> Path:
    """Write the receipt to `path` (A5 portrait) and return it."""
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setTitle(f"Tanda terima {info.reference}")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A5), QPageLayout.Orientation.Portrait,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))  # fmt: skip
    doc = QTextDocument()
    doc.setDefaultFont(QFont(receipt_font(), 10))
    doc.setHtml(receipt_html(info))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    painter = QPainter(writer)
    try:
        doc.drawContents(painter)
    finally:
        painter.end()
    return path
