"""Draws Jaring's app icon (a net over a teal tile) into resources/icons/ as PNG and ICO.

Run once when the design changes: `QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icon.py`.
"""

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    tile = QPainterPath()
    tile.addRoundedRect(QRectF(0, 0, size, size), size * 0.18, size * 0.18)
    p.fillPath(tile, QColor("#0f766e"))
    pen = QPen(QColor("white"), max(1.0, size / 28))
    p.setPen(pen)
    margin, steps = size * 0.2, 4
    span = size - 2 * margin
    for i in range(steps + 1):  # a diamond net: two families of diagonals
        t = margin + span * i / steps
        p.drawLine(int(margin), int(t), int(t), int(margin))
        p.drawLine(int(t), int(size - margin), int(size - margin), int(t))
        p.drawLine(int(margin), int(size - t), int(t), int(size - margin))
        p.drawLine(int(t), int(margin), int(size - margin), int(size - t))
    p.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication([])
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(str(OUT / "jaring.png"))
    draw(256).save(str(OUT / "jaring.ico"))
    print("written", sorted(x.name for x in OUT.iterdir()))
