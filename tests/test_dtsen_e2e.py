"""DTSEN end to end (issue #34 "Must show"): proposals made on a laptop, agreed at a meeting recorded offline,
carried by USB bundle, exported at the district with a changed layout (the new columns appear), marked sent,
outcomes imported from a CSV with a per-row report, and the refused proposal — and the household's new
decile — on the laptop after the return bundle."""

from __future__ import annotations

import csv
import io
import random
from datetime import date

import pytest
from openpyxl import load_workbook

from app.services import bundles, proposals, records
from forms.samples import make_household
from server.crud import dtsen_export as dx
from server.crud.bundles import import_outbound, write_return
from server.crud.dtsen_outcomes import import_outcomes
from server.errors import BadRequest
from server.models import Record
from support.bundles import DESA, file_enrolled_laptop

DAY = date(2026, 11, 3)
MEETING = date(2026, 11, 18)


def _laptop_month(laptop) -> dict[str, str]:
    """Three proposals: a removal and an objection about registered households, a new household; all agreed
    but the third household's correction, which the meeting drops."""
    rng = random.Random(11)
    homes = [make_household(rng, DESA, date(2026, 11, 1), serial=i) for i in range(3)]
    hids = [records.save_household(laptop, h).record_id for h in homes]
    made = {
        "hapus": {**proposals.new_proposal(laptop, "hapus", hids[0], today=DAY), "alasan_hapus": "sudah_mampu",
                  "alasan": "Usaha maju"},
        "sanggah": {**proposals.new_proposal(laptop, "sanggah", hids[1], today=DAY), "sanggah_atas": "desil",
                    "desil": 8, "alasan": "Penghasilan tidak tetap"},
        "tambah": {**proposals.new_proposal(laptop, "tambah", today=DAY), "nama": "Ahmad Baru",
                   "no_kk": "6203010101200003", "nik": "6203014101900002", "alamat": "RT 1/RW 2",
                   "alasan": "Keluarga miskin baru"},
        "perbaikan": proposals.with_correction(laptop, {**proposals.new_proposal(laptop, "perbaikan", hids[2],
                                                        today=DAY), "alasan": "Salah RT"}, "alamat/rt", "9"),
    }  # fmt: skip
    ids = {k: proposals.save_proposal(laptop, a).record_id for k, a in made.items()}
    for kind, pid in ids.items():
        proposals.decide(laptop, pid, proposals.DROPPED if kind == "perbaikan" else proposals.AGREED, MEETING)
    return {**ids, "household_sanggah": hids[1], "nik_sanggah": made["sanggah"]["nik"]}


def test_proposals_travel_by_usb_are_exported_in_the_edited_layout_and_the_refusal_comes_back(
    tmp_path, district
):
    settings, engine = district
    laptop = file_enrolled_laptop(tmp_path, district, "village")
    ids = _laptop_month(laptop)
    stick = tmp_path / "desa.bundle"
    bundles.export_bundle(laptop, stick)
    with _session(engine) as session:
        assert import_outbound(session, stick.read_bytes(), actor="test").rejected == 0

    with _session(engine) as session:
        lines = dx.package(session, scope="62.03.01", month="2026-11")
        assert sorted(ln.record.id for ln in lines) == sorted(ids[k] for k in ("hapus", "sanggah", "tambah"))
        headers, _ = dx.export_rows(session, lines)
        assert headers[:4] == ["NO", "NIK", "NO_KK", "NAMA"]
        # the admin edits the layout: new columns, another order, no release
        dx.save_layout(session, "ID_USULAN = id\nNAMA_KRT = nama\nNOMOR_KK = no_kk\nKAB_KEC = kecamatan\n"
                                "JENIS = jenis\nCATATAN = alasan", actor="admin")  # fmt: skip
    with _session(engine) as session:
        lines = dx.package(session, scope="62.03.01", month="2026-11")
        book = load_workbook(io.BytesIO(dx.export_file(session, lines, "xlsx")))
        rows = list(book.active.iter_rows(values_only=True))
        assert rows[0] == ("ID_USULAN", "NAMA_KRT", "NOMOR_KK", "KAB_KEC", "JENIS", "CATATAN")
        assert {r[0] for r in rows[1:]} == {ids["hapus"], ids["sanggah"], ids["tambah"]}
        assert ("Ahmad Baru", "6203010101200003", "tambah", "Keluarga miskin baru") in {
            (r[1], r[2], r[4], r[5]) for r in rows[1:]}  # fmt: skip
        assert dx.mark_sent(session, lines, day=date(2026, 11, 25), actor="admin") == 3
    with _session(engine) as session:
        assert dx.mark_sent(session, dx.package(session, scope="", month="2026-11"), day=date(2026, 11, 26),
                            actor="admin") == 0  # fmt: skip

    outcomes = tmp_path / "hasil.csv"
    with outcomes.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["nik", "no_kk", "hasil", "desil"])
        w.writerow([ids["nik_sanggah"], "", "diterima", "3"])  # the objection accepted: decile 3
        w.writerow(["", "6203010101200003", "ditolak", ""])  # the new household refused
        w.writerow(["", "6203010101200003", "ditolak", ""])  # the same row again
        w.writerow(["6203019999990001", "", "diterima", ""])  # nothing sent under this NIK
        w.writerow(["12345", "", "diterima", ""])  # malformed NIK
        w.writerow([ids["nik_sanggah"], "", "mungkin", ""])  # malformed outcome
        w.writerow([ids["nik_sanggah"], "", "diterima", "11"])  # malformed decile
    with _session(engine) as session:
        report = import_outcomes(session, outcomes, scope="", actor="admin")
    assert report.persons == 2
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (4, "no_kk", "duplicate_row"), (5, "nik", "unmatched"), (6, "nik", "bad_number"),
        (7, "hasil", "bad_outcome"), (8, "desil", "bad_decile")]  # fmt: skip
    assert "Baris 5, kolom nik: Tidak cocok" in report.problems[1].message("id")

    with _session(engine) as session:
        back = write_return(session, device_id=laptop.setting("device_id"), actor="test")
    returned = tmp_path / "balasan.bundle"
    returned.write_bytes(back)
    bundles.import_bundle(laptop, returned)
    assert [p["id"] for p in proposals.refused(laptop)] == [ids["tambah"]]
    assert laptop.get_record(ids["sanggah"]).answers["hasil"] == "diterima"
    assert laptop.get_record(ids["sanggah"]).answers["tanggal_kirim"] == "2026-11-25"
    assert laptop.get_record(ids["household_sanggah"]).answers["desil"] == "3"
    with _session(engine) as session:  # the dashboard's decile table reads the household's decile column
        assert session.get(Record, ids["household_sanggah"]).decile == "3"
    laptop.close()


def test_a_bad_layout_is_refused_with_the_lines_named(district):
    _, engine = district
    with _session(engine) as session, pytest.raises(BadRequest) as refused:
        dx.save_layout(session, "NIK = nik\nNAMA nama\nX = password", actor="admin")
    assert "baris 2, 3" in refused.value.id and "lines 2, 3" in refused.value.en


def _session(engine):
    from server.core.db import session_scope

    return session_scope(engine)
