"""A person's data report as an A4 PDF (fpdf2, in the bundled DejaVu Sans so every name prints as written):
who it is about, what is held in words, record by record, the photos listed, and every access, change and
export — with the time in the desa's own zone. The content is crud/data_report.py's."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from forms.domain import regions
from forms.domain.timezones import local_time
from server.crud.data_report import Access, PersonReport
from server.web.audit_words import action_words
from server.web.pdf_page import FONT, PdfPage

KINDS = {"household": "Rumah tangga", "complaint": "Pengaduan", "service": "Layanan", "visit": "Kunjungan"}


def _when(moment, desa: str) -> str:
    local, zone = local_time(moment.isoformat(), desa)
    return f"{local:%d-%m-%Y %H.%M} {zone.name}"


def person_report_pdf(report: PersonReport) -> bytes:
    """The report, every section on as many pages as it needs. Long because it is drawn top to bottom:
    the heading, the person, each record's answers and photos, then the accesses and the exports."""
    person = report.person
    pdf = PdfPage(f"Laporan data pribadi: {person.name}")
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, "Laporan data pribadi", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 10)
    made_by = report.made_by.removeprefix("user:")
    pdf.multi_cell(0, 5, f"Dibuat {_when(report.made_at, person.area)} oleh {made_by} atas permintaan yang "
                         "bersangkutan (UU 27/2022 tentang Pelindungan Data Pribadi).",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.ln(3)
    _facts(pdf, [("Nama", person.name), ("NIK", person.nik or "—"), ("Tanggal lahir", _day(person.birth_date)),
                 ("Desa/kelurahan", _place(person.area))])  # fmt: skip
    _heading(pdf, f"Data yang disimpan ({len(report.records)} catatan)")
    for held in report.records:
        title = f"{KINDS.get(held.kind, held.kind)} · {held.reference or held.record_id} · sejak {_when(held.created_at, held.area)}"
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 6, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        _facts(pdf, [(a.label, a.text) for a in held.answers], size=9)
        for sha, size in held.photos:
            pdf.set_font(FONT, "", 9)
            pdf.multi_cell(0, 5, f"Foto: {sha[:16]}… ({size:,} bita)".replace(",", "."), new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)  # fmt: skip
        pdf.ln(2)
    _heading(pdf, f"Akses, perubahan dan pembagian ({len(report.accesses)})")
    _accesses(pdf, report.accesses, person.area)
    _heading(pdf, f"Ekspor daftar wilayahnya yang mungkin memuatnya ({len(report.exports)})")
    _accesses(pdf, report.exports, person.area)
    return bytes(pdf.output())


def _day(iso: str | None) -> str:
    """1969-09-07 as written at home: 07-09-1969."""
    return "-".join(reversed(iso.split("-"))) if iso and len(iso) == 10 else (iso or "—")


def _place(code: str) -> str:
    region = regions.get(code) if code else None
    return f"{region.name} ({code})" if region else code


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _facts(pdf: FPDF, pairs: list[tuple[str, str]], size: int = 10) -> None:
    pdf.set_font(FONT, "", size)
    with pdf.table(col_widths=(40, 60), text_align="LEFT", first_row_as_headings=False, line_height=size / 2 + 1,
                   borders_layout="HORIZONTAL_LINES") as table:  # fmt: skip
        for label, text in pairs:
            row = table.row()
            row.cell(label)
            row.cell(text or "—")


def _accesses(pdf: FPDF, rows: list[Access], desa: str) -> None:
    pdf.set_font(FONT, "", 8.5)
    if not rows:
        pdf.multi_cell(0, 5, "Tidak ada.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    with pdf.table(col_widths=(28, 42, 34, 40), text_align="LEFT", line_height=4.5) as table:
        table.row(["Waktu", "Siapa", "Apa", "Keterangan"])
        for a in rows:
            table.row([_when(a.at, desa), a.who, action_words(a.action), a.detail])
