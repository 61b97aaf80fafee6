"""The console's A4 PDF page (fpdf2): the bundled DejaVu Sans (every name prints as written, no font of the
machine needed), margins, and a footer with the title and page numbers. Used by the SPM report and a
person's data report."""

from __future__ import annotations

from fpdf import FPDF

import resources

FONT = "DejaVu"


class PdfPage(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(format="A4")
        self.title_text = title
        self.add_font(FONT, "", str(resources.path("fonts", "DejaVuSans.ttf")))
        self.add_font(FONT, "B", str(resources.path("fonts", "DejaVuSans-Bold.ttf")))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 16, 18)
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"{self.title_text} — {self.page_no()}/{{nb}}", align="C")
