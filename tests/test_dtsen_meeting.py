"""The village meeting's papers (issue #34 item 2), offline: the BNBA list and the minutes as A4 PDFs read back
(every proposal's name, reason and decision present) and the XLSX opened."""

from __future__ import annotations

import random
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from app.services import meeting, proposals, records
from app.ui import meeting_papers
from support.care import make_household, member_of
from support.live_server import DESA
from support.store import new_store

DAY = date(2026, 11, 3)
A4 = (595, 842)  # points


def _store_with_proposals(tmp_path):
    store, _ = new_store(tmp_path / "s", area=DESA)
    household = make_household(random.Random(1), DESA, date(2026, 11, 1), serial=1)
    hid = records.save_household(store, household).record_id
    mid, member = member_of(household)
    gone = {**proposals.new_proposal(store, "hapus", hid, mid, today=DAY), "alasan_hapus": "meninggal",
            "alasan": "Wafat Oktober"}  # fmt: skip
    added = {**proposals.new_proposal(store, "tambah", today=DAY), "nama": "Ahmad Baru", "alamat": "RT 1/RW 2",
             "alasan": "Keluarga miskin baru"}  # fmt: skip
    ids = [proposals.save_proposal(store, a).record_id for a in (gone, added)]
    proposals.decide(store, ids[0], proposals.AGREED, date(2026, 11, 20))
    proposals.decide(store, ids[1], proposals.DROPPED, date(2026, 11, 20))
    return store, member["nama"]


def _text(path) -> tuple[str, list]:
    reader = PdfReader(str(path))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages), reader.pages


def test_the_minutes_and_bnba_pdfs_carry_every_proposal_and_the_xlsx_opens(tmp_path):
    store, removed_name = _store_with_proposals(tmp_path)
    paper = meeting.papers(store, "2026-11")
    held = meeting.Meeting(date(2026, 11, 20), "Balai Desa", "Budi Santoso", "Sri Wahyuni",
                           ["Budi Santoso — Kepala Desa", "Sri Wahyuni — Sekretaris Desa"])  # fmt: skip
    minutes, pages = _text(meeting_papers.write_minutes_pdf(paper, held, tmp_path / "minutes.pdf"))
    for expected in ("BERITA ACARA MUSYAWARAH DESA", "2026-11-20", "Balai Desa", "Sri Wahyuni — Sekretaris Desa",
                     removed_name, "Meninggal", "Wafat Oktober", "Disepakati musyawarah desa", "Ahmad Baru",
                     "Keluarga miskin baru", "Tidak disepakati", "Ketua musyawarah", "Notulis"):  # fmt: skip
        assert expected in minutes, expected
    assert [round(float(v)) for v in pages[0].mediabox.upper_right] == list(A4)

    bnba, pages = _text(meeting_papers.write_bnba_pdf(paper, tmp_path / "bnba.pdf"))
    for expected in (
        removed_name,
        "Ahmad Baru",
        "Meninggal",
        "Keluarga miskin baru",
        "Tidak disepakati",
        "RT 1/RW 2",
    ):
        assert expected in bnba, expected
    assert [round(float(v)) for v in pages[0].mediabox.upper_right] == list(reversed(A4))  # landscape

    book = load_workbook(meeting.write_xlsx(paper, held, tmp_path / "papers.xlsx"))
    rows = list(book["BNBA"].iter_rows(values_only=True))
    assert rows[0] == meeting.BNBA_COLUMNS
    assert [(r[1], r[7]) for r in rows[1:]] == [(removed_name, "Disepakati musyawarah desa"),
                                                ("Ahmad Baru", "Tidak disepakati")]  # fmt: skip
    assert "Wafat Oktober" in rows[1][6]
    assert any("Balai Desa" in str(r[0]) for r in book["Berita acara"].iter_rows(values_only=True))


def test_a_month_without_proposals_makes_empty_papers_and_other_months_stay_out(tmp_path):
    store, _ = _store_with_proposals(tmp_path)
    assert meeting.papers(store, "2026-12").rows == []
    assert len(meeting.papers(store, "2026-11").rows) == 2
