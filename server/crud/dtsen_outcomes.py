"""The national system's outcomes brought back (docs/records.md#dtsen-proposals): an XLSX or CSV with columns
`nik` and/or `no_kk`, `hasil` (diterima/ditolak, or accepted/refused) and optionally `desil` (1–10), matched
to the proposals sent (`tanggal_kirim` set) within the user's scope by NIK, else No. KK. Reported per row as
`import-list` reports: a row that matches nothing, matches more than one proposal, repeats an earlier row, or
holds a bad value is refused and named. Each matched proposal gets `hasil` and `desil_baru`; the household it
names gets its new decile (`desil`). Both travel to the laptops by pull or return bundle."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.domain.idnumber import normalize_digits
from server.crud.audit import audit
from server.crud.dtsen_export import write_fields
from server.crud.import_rows import cell_text, sheet_rows
from server.crud.imports import REFUSED, ImportReport, RowProblem
from server.errors import BadRequest
from server.models import Record
from server.scope import in_scope
from sync.protocol import Kind

COLUMNS = {"nik", "no_kk", "hasil", "desil", "nama", "keterangan"}
OUTCOMES = {"diterima": "diterima", "accepted": "diterima", "ditolak": "ditolak", "refused": "ditolak"}


def _refuse(report: ImportReport, row: int, column: str, code: str, id_: str, en: str) -> None:
    report.problems.append(RowProblem(row, column, REFUSED, code, id_, en))


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    rows = list(sheet_rows(path))  # an outcomes file is matched whole, row by row
    if not rows:
        return []
    header = [cell_text(h).lower() for h in rows[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown or "hasil" not in header or not {"nik", "no_kk"} & set(header):
        raise BadRequest(f"Kolom tidak dikenal atau kurang: {', '.join(unknown) or 'perlu hasil dan nik atau no_kk'}.",
                         f"Unknown or missing columns: {', '.join(unknown) or 'hasil and nik or no_kk are needed'}.")  # fmt: skip
    out = []
    for number, row in enumerate(rows[1:], start=2):
        item = {h: cell_text(v) for h, v in zip(header, row, strict=False) if h}
        if any(item.values()):
            out.append((number, item))
    return out


def import_outcomes(session: Session, path: Path, *, scope: str, actor: str) -> ImportReport:
    """Read the outcomes file and write each matched proposal's outcome; `report.persons` counts them."""
    report = ImportReport()
    sent = [r for r in session.execute(select(Record).where(
        Record.kind == Kind.PROPOSAL.value, Record.deleted.is_(False), in_scope(Record.area, scope))).scalars()
        if r.fields.get("tanggal_kirim")]  # fmt: skip
    changes: dict[str, dict] = {}
    seen: dict[str, int] = {}
    for number, row in _rows(path):
        outcome = OUTCOMES.get(row.get("hasil", "").lower())
        if outcome is None:
            _refuse(report, number, "hasil", "bad_outcome", "Hasil harus diterima atau ditolak.",
                    "The outcome must be diterima (accepted) or ditolak (refused).")  # fmt: skip
            continue
        decile = row.get("desil", "")
        if decile and (not decile.isdigit() or not 1 <= int(decile) <= 10):
            _refuse(
                report,
                number,
                "desil",
                "bad_decile",
                "Desil harus 1 sampai 10.",
                "The decile must be 1 to 10.",
            )
            continue
        nik, kk = normalize_digits(row.get("nik", "")), normalize_digits(row.get("no_kk", ""))
        if len(nik) != 16 and len(kk) != 16:
            _refuse(report, number, "nik" if row.get("nik") else "no_kk", "bad_number",
                    "NIK atau No. KK harus 16 angka.", "The NIK or No. KK must be 16 digits.")  # fmt: skip
            continue
        key, column = (nik, "nik") if len(nik) == 16 else (kk, "no_kk")
        found = [r for r in sent if normalize_digits(str(r.fields.get(column) or "")) == key]
        if not found:
            _refuse(report, number, column, "unmatched", "Tidak cocok dengan usulan yang dikirim.",
                    "Matches no proposal that was sent.")  # fmt: skip
            continue
        if len(found) > 1:
            _refuse(report, number, column, "ambiguous", f"Cocok dengan {len(found)} usulan; tidak dapat dipilih.",
                    f"Matches {len(found)} proposals; cannot choose.")  # fmt: skip
            continue
        if key in seen:
            _refuse(report, number, column, "duplicate_row", f"Sama dengan baris {seen[key]}.",
                    f"Same as row {seen[key]}.")  # fmt: skip
            continue
        seen[key] = number
        proposal = found[0]
        changes[proposal.id] = {"hasil": outcome, **({"desil_baru": int(decile)} if decile else {})}
        household = proposal.fields.get("subjek_rumah_tangga")
        if decile and outcome == "diterima" and household and session.get(Record, household) is not None:
            changes[household] = {"desil": decile}
            session.get(Record, household).decile = decile
        report.persons += 1
        report.per_desa[proposal.area] = report.per_desa.get(proposal.area, 0) + 1
    write_fields(session, changes)
    report.problems.sort(key=lambda p: p.row)
    audit(session, actor=actor, action="dtsen.outcomes", target=f"file:{path.name[:60]}",
          detail={"matched": report.persons, "refused_rows": len(report.refused_rows)})  # fmt: skip
    return report
