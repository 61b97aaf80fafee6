"""The SPM report as an A4 PDF (fpdf2, server/web/pdf_page.py): title, period, area, a table of the five basic
services — persons who needed each, persons served, the share — and a bar chart of needed beside served."""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from server.web.pdf_page import FONT, PdfPage

NEEDED_RGB = (191, 199, 217)
SERVED_RGB = (33, 107, 158)


def share_text(needed: int, served: int) -> str:
    """The share served as written in Indonesian: 50,0%."""
    return f"{served * 100 / needed:.1f}%".replace(".", ",") if needed else "–"


def spm_pdf(title: str, subtitle: str, headers: list[str], rows: list[tuple[str, int, int]],
            legend: tuple[str, str], footer: str) -> bytes:  # fmt: skip
    """`rows`: (service name, persons who needed it, persons served)."""
    pdf = PdfPage(title)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 6, subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=(92, 30, 28, 20), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"), line_height=5.5,
                   borders_layout="HORIZONTAL_LINES") as table:  # fmt: skip
        table.row(headers)
        for name, needed, served in rows:
            table.row(
                [
                    name,
                    f"{needed:,}".replace(",", "."),
                    f"{served:,}".replace(",", "."),
                    share_text(needed, served),
                ]
            )
    pdf.ln(8)
    _chart(pdf, rows, legend)
    pdf.set_y(-22)
    pdf.set_font(FONT, "", 8)
    pdf.multi_cell(0, 4, footer, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def _chart(pdf: PdfPage, rows: list[tuple[str, int, int]], legend: tuple[str, str]) -> None:
    """One pair of bars per service, needed (light) beside served (dark), each labelled with its count."""
    top = max([n for _, n, _ in rows] + [s for _, _, s in rows] + [1])
    left, width, height = pdf.l_margin + 8, pdf.epw - 8, 70
    base = pdf.get_y() + height
    pdf.set_draw_color(0)
    pdf.line(left, base, left + width, base)
    pdf.line(left, base - height - 2, left, base)
    pdf.set_font(FONT, "", 7)
    pdf.text(pdf.l_margin, base - height + 2, f"{top:,}".replace(",", "."))
    pdf.text(pdf.l_margin + 4, base, "0")
    slot = width / max(len(rows), 1)
    for i, (name, needed, served) in enumerate(rows):
        x = left + i * slot + slot * 0.15
        bar = slot * 0.32
        for j, (value, rgb) in enumerate(((needed, NEEDED_RGB), (served, SERVED_RGB))):
            h = height * value / top
            pdf.set_fill_color(*rgb)
            pdf.rect(x + j * bar, base - h, bar, h, style="F")
            pdf.text(x + j * bar + 1, base - h - 1.5, str(value))
        pdf.set_xy(left + i * slot + 1, base + 2)
        pdf.multi_cell(slot - 2, 3.2, name, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP, max_line_height=3.2)
    pdf.set_y(base + 20)
    pdf.set_font(FONT, "", 9)
    for label, rgb in zip(legend, (NEEDED_RGB, SERVED_RGB), strict=True):
        pdf.set_fill_color(*rgb)
        pdf.rect(pdf.get_x(), pdf.get_y() + 1, 4, 4, style="F")
        pdf.set_x(pdf.get_x() + 6)
        pdf.cell(50, 6, label)
