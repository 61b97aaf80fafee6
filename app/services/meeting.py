"""The village meeting (*musyawarah desa*) on the laptop, offline (docs/records.md#dtsen-proposals): the
month's proposals as the meeting's papers — the list by name and address (BNBA) and the minutes (*berita
acara*: date, place, attendance, the decision on each proposal, signature blocks) — as rows any printer or
workbook can take, and the XLSX of both. The PDF is drawn by `app/ui/meeting_papers.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from app.services import proposals
from app.store.store import Store
from forms.display import answer_text
from forms.domain import regions

BNBA_COLUMNS = ("No", "Nama", "NIK", "No. KK", "Alamat", "Jenis usulan", "Alasan", "Keputusan")
UNDECIDED = "Belum diputuskan"


@dataclass(frozen=True)
class Meeting:
    """What the minutes say about the meeting itself."""

    day: date
    place: str
    chair: str = ""
    secretary: str = ""
    attendance: list[str] = field(default_factory=list)  # "name — role" lines


@dataclass(frozen=True)
class Papers:
    month: str
    desa: str
    rows: list[tuple[str, ...]]  # BNBA_COLUMNS, one per proposal


def _word(store: Store, name: str, value: object) -> str:
    form = store.form(proposals.PROPOSAL_FORM)
    return answer_text(form.by_name[name], value) if value not in (None, "") else ""


def reason_text(store: Store, answers: dict) -> str:
    """The proposal's reason in words: the removal reason or what is objected to, then the note; for a
    correction, each field's old and new value."""
    parts = [_word(store, "alasan_hapus", answers.get("alasan_hapus")),
             _word(store, "sanggah_atas", answers.get("sanggah_atas"))]  # fmt: skip
    for item in sorted((answers.get("perbaikan") or {}).values(), key=lambda i: i.get("_pos") or 0):
        parts.append(f"{item.get('isian')}: {item.get('nilai_lama') or '-'} → {item.get('nilai_baru')}")
    parts.append(str(answers.get("alasan") or ""))
    return "; ".join(p for p in parts if p)


def papers(store: Store, month: str) -> Papers:
    """The month's proposals of this laptop's desa as the BNBA rows."""
    rows, desas = [], []
    for n, p in enumerate(proposals.month_proposals(store, month), start=1):
        desas.append(p["answers"].get("desa") or p["area"])
        a = p["answers"]
        decision = _word(store, "keputusan_musdes", a.get("keputusan_musdes")) or UNDECIDED
        rows.append((str(n), str(a.get("nama") or ""), str(a.get("nik") or ""), str(a.get("no_kk") or ""),
                     str(a.get("alamat") or ""), _word(store, "jenis", a.get("jenis")), reason_text(store, a),
                     decision))  # fmt: skip
    code = desas[0] if desas and len(set(desas)) == 1 else store.area
    region = regions.get(code) if code else None
    return Papers(month, region.name if region is not None else code, rows)


def minutes_lines(paper: Papers, meeting: Meeting) -> list[str]:
    """The berita acara's opening paragraph and its count of decisions."""
    agreed = sum(1 for r in paper.rows if r[-1] != UNDECIDED and "Tidak" not in r[-1])
    return [
        f"Pada hari ini, tanggal {meeting.day.isoformat()}, bertempat di {meeting.place}, telah dilaksanakan "
        f"musyawarah desa {paper.desa} untuk membahas usulan pemutakhiran DTSEN bulan {paper.month}.",
        f"Jumlah usulan: {len(paper.rows)}; disepakati: {agreed}; tidak disepakati atau belum diputuskan: "
        f"{len(paper.rows) - agreed}.",
    ]


def write_xlsx(paper: Papers, meeting: Meeting, path: Path) -> Path:
    """Both papers in one workbook: sheet "BNBA" (the list) and "Berita acara" (the minutes)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "BNBA"
    sheet.append(list(BNBA_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in paper.rows:
        sheet.append(list(row))
    minutes = book.create_sheet("Berita acara")
    minutes.append(["BERITA ACARA MUSYAWARAH DESA"])
    for line in minutes_lines(paper, meeting):
        minutes.append([line])
    minutes.append(["Hadir"])
    for person in meeting.attendance:
        minutes.append([person])
    minutes.append([])
    minutes.append(["No", "Nama", "Jenis usulan", "Alasan", "Keputusan"])
    for row in paper.rows:
        minutes.append([row[0], row[1], row[5], row[6], row[7]])
    book.save(path)
    return path
