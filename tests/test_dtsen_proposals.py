"""DTSEN proposals (issue #34 item 1): made on a laptop from a household or person, offline — add, correct
(old values from the record), remove with a reason, object — reach the district over HTTP on SQLite and
PostgreSQL; the village meeting's decision syncs as an edit; a proposal of another desa is refused."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import select

from app.services import proposals, records
from app.services.sync import enroll_online, sync_once
from server.core.db import get_engine, session_scope
from server.crud import dtsen_export as dx
from server.crud.dtsen_outcomes import import_outcomes
from server.crud.proposals import month_proposals
from server.models import Record
from support.care import make_household, member_of
from support.live_server import DESA, live_server
from support.server_db import new_code
from support.store import new_store

DAY = date(2026, 11, 3)


def _server_proposals(settings, scope: str = "") -> list[Record]:
    with session_scope(get_engine(settings.database_url)) as session:
        rows = month_proposals(session, scope, "2026-11")
        session.expunge_all()
        return rows


def test_proposals_of_every_kind_reach_the_district_and_the_meeting_decision_follows(tmp_path, db_url):
    with live_server(tmp_path, db_url) as (base, settings):
        laptop, _ = new_store(tmp_path / "a", enrolled=False, area=DESA)
        enroll_online(laptop, base, new_code(settings, DESA))
        household = make_household(random.Random(1), DESA, date(2026, 11, 1), serial=1)
        hid = records.save_household(laptop, household).record_id
        mid, member = member_of(household)

        added = {**proposals.new_proposal(laptop, "tambah", today=DAY), "nama": "Ahmad Baru",
                 "no_kk": "6203010101200001", "alamat": "RT 1/RW 2", "alasan": "Keluarga miskin baru"}  # fmt: skip
        fix = proposals.new_proposal(laptop, "perbaikan", hid, today=DAY)
        fix = proposals.with_correction(laptop, {**fix, "alasan": "Salah ketik RT"}, "alamat/rt", "7")
        gone = {**proposals.new_proposal(laptop, "hapus", hid, mid, today=DAY), "alasan_hapus": "pindah",
                "alasan": "Pindah ke Kalimantan Timur"}  # fmt: skip
        objection = {**proposals.new_proposal(laptop, "sanggah", hid, today=DAY), "sanggah_atas": "desil",
                     "desil": 8, "alasan": "Penghasilan tidak tetap"}  # fmt: skip
        ids = [proposals.save_proposal(laptop, a).record_id for a in (added, fix, gone, objection)]
        assert [p["id"] for p in proposals.month_proposals(laptop, "2026-11")] == ids
        [correction] = fix["perbaikan"].values()
        assert (correction["isian"], correction["nilai_lama"], correction["nilai_baru"]) == (
            "alamat/rt", household["alamat"]["rt"], "7")  # fmt: skip
        assert gone["nama"] == member["nama"] and gone["nik"] == member["nik"]
        assert sync_once(laptop).complete

        kept = {r.id: r for r in _server_proposals(settings)}
        assert set(kept) == set(ids) and {r.area for r in kept.values()} == {DESA}
        assert kept[ids[2]].fields["alasan_hapus"] == "pindah"
        assert (
            kept[ids[1]].fields[f"perbaikan/{next(iter(fix['perbaikan']))}/nilai_lama"]
            == household["alamat"]["rt"]
        )

        proposals.decide(laptop, ids[0], proposals.AGREED, date(2026, 11, 20))
        proposals.decide(laptop, ids[3], proposals.DROPPED, date(2026, 11, 20))
        assert sync_once(laptop).complete
        kept = {r.id: r for r in _server_proposals(settings)}
        assert kept[ids[0]].fields["keputusan_musdes"] == "disepakati_musdes"
        assert kept[ids[3]].fields["keputusan_musdes"] == "tidak_disepakati"
        assert _server_proposals(settings, "62.03.02") == []  # another kecamatan's scope sees none

        # the district sends the agreed one and brings its outcome back; the laptop pulls it
        with session_scope(get_engine(settings.database_url)) as session:
            lines = dx.package(session, scope="", month="2026-11")
            assert [ln.record.id for ln in lines] == [ids[0]]
            dx.mark_sent(session, lines, day=date(2026, 11, 25), actor="admin")
        sheet = tmp_path / "hasil.csv"
        sheet.write_text("no_kk,hasil\n6203010101200001,ditolak\n", encoding="utf-8")
        with session_scope(get_engine(settings.database_url)) as session:
            assert import_outcomes(session, sheet, scope="", actor="admin").persons == 1
        assert sync_once(laptop).complete
        assert [p["id"] for p in proposals.refused(laptop)] == [ids[0]]
        assert laptop.get_record(ids[0]).answers["tanggal_kirim"] == "2026-11-25"
        laptop.close()


def test_a_removal_needs_its_reason_and_an_unknown_kind_is_refused(tmp_path):
    laptop, _ = new_store(tmp_path / "a", area=DESA)
    household = make_household(random.Random(2), DESA, date(2026, 11, 1), serial=2)
    hid = records.save_household(laptop, household).record_id
    answers = {**proposals.new_proposal(laptop, "hapus", hid, today=DAY), "alasan": "-"}
    with pytest.raises(Exception) as refused:
        proposals.save_proposal(laptop, answers)
    assert "alasan_hapus" in str(refused.value)
    with pytest.raises(ValueError):
        proposals.new_proposal(laptop, "pindah_desa", hid)


def test_a_proposal_outside_the_device_area_is_refused(tmp_path, db_url):
    with live_server(tmp_path, db_url) as (base, settings):
        laptop, _ = new_store(tmp_path / "a", enrolled=False, area=DESA)
        enroll_online(laptop, base, new_code(settings, DESA))
        other = {**proposals.new_proposal(laptop, "tambah", today=DAY), "desa": "62.03.01.1006", "nama": "X",
                 "alasan": "Usulan"}  # fmt: skip
        proposals.save_proposal(laptop, other)
        sync_once(laptop)
        with session_scope(get_engine(settings.database_url)) as session:
            assert session.execute(select(Record).where(Record.kind == "proposal")).first() is None


def test_a_device_cannot_write_the_districts_outcome(client, enroll):
    """The outcome, the new decile and the sending date are the district's: a device that writes them (a
    tampered laptop faking an accepted proposal) is refused field by field, and nothing of it is kept."""
    from support.server_db import push
    from sync.paths import flatten
    from sync.protocol import ResultStatus

    device = enroll(DESA)
    proposal = {"jenis": "sanggah", "sanggah_atas": "desil", "desil": 4, "desa": DESA, "nama": "Siti",
                "tanggal": "2026-11-03", "alasan": "Desil tidak sesuai"}  # fmt: skip
    honest = device.create(proposal, kind="proposal", form_id="usulan")
    assert push(client, device, [honest]).results[0].status is ResultStatus.APPLIED
    faked = device.change(honest.record_id, flatten({"hasil": "diterima", "desil_baru": 1}), kind="proposal",
                          form_id="usulan")  # fmt: skip
    result = push(client, device, [faked]).results[0]
    assert result.status is ResultStatus.REJECTED
    assert {r.code for r in result.rejections} == {"server_owned_field"}
