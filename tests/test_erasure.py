"""Erasure for good (UU 27/2022): a household erased at the district leaves the server but for the erasure's own
row, reaches a laptop by pull and a never-online village by return bundle, and leaves no trace on either — not
in any table, not in any byte of the data folder (the file vacuumed, its WAL emptied); a stale laptop's later
edit of it is refused and reported, never re-created. And the lost-laptop report: exactly the records and
persons a device pulled or pushed."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select, text

from app.services import bundles, records, search
from app.services.sync import enroll_online, sync_once
from forms.samples import make_household
from server.core.db import get_engine, session_scope
from server.crud.bundles import import_outbound, write_return
from server.crud.device_reach import held_by_device
from server.crud.erasure import erase
from server.crud.pull import pull_page
from server.errors import BadRequest, NotFound
from server.models import ChangeLog, Erasure, Person, Record
from support.bundles import file_enrolled_laptop
from support.care import member_of
from support.care import service as care_service
from support.live_server import DESA, live_server
from support.server_db import new_code, pull_all, push
from support.store import new_store
from sync.protocol import ResultStatus

OTHER_DESA = "62.03.02.1001"  # another kecamatan
NAME = "Zulaikha Hapuspermanen"


def household(serial: int, desa: str = DESA, name: str = NAME) -> dict:
    answers = make_household(random.Random(serial), desa, date(2026, 11, 1), serial=serial)
    head = min(answers["anggota"].values(), key=lambda m: m["_pos"])
    head["nama"] = answers["kepala_keluarga"] = name
    return answers


def head_nik(answers: dict) -> str:
    return min(answers["anggota"].values(), key=lambda m: m["_pos"])["nik"]


def laptop_text(store) -> str:
    """Every value of every table of the laptop's store, as text (what a thief with the password could read)."""
    reader = store.db.reader()
    tables = [n for (n,) in reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return "\n".join(repr(row) for t in tables for row in reader.execute(f'SELECT * FROM "{t}"'))


def folder_bytes(folder) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_erasure_removes_the_record_and_its_projections_and_pulls_as_a_purge_in_scope(
    client, settings, enroll
):
    device = enroll(DESA)
    engine = get_engine(settings.database_url)
    answers = household(1)
    change = device.create(answers)
    rid = change.record_id
    assert push(client, device, [change]).results[0].status is ResultStatus.APPLIED
    with session_scope(engine) as session:
        assert session.execute(
            select(func.count()).select_from(Person).where(Person.record_id == rid)
        ).scalar_one()
        with pytest.raises(BadRequest):
            erase(session, [rid], actor="user:admin", reason="   ")
        with pytest.raises(NotFound):
            erase(session, [rid, "no-such-record"], actor="user:admin", reason="permintaan warga")
    with session_scope(engine) as session:
        done = erase(
            session, [rid], actor="user:admin", reason="permintaan warga 1 Des", legal_basis="UU 27/2022"
        )
    assert [(d.record_id, d.kind, d.area) for d in done] == [(rid, "household", DESA)]
    with session_scope(engine) as session:
        assert session.get(Record, rid) is None
        for model in (Person, ChangeLog):
            count = select(func.count()).select_from(model).where(model.record_id == rid)
            assert session.execute(count).scalar_one() == 0, model
        kept = session.get(Erasure, rid)
        assert (kept.kind, kept.area, kept.erased_by, kept.reason) == ("household", DESA, "user:admin",
                                                                        "permintaan warga 1 Des")  # fmt: skip
        dump = " ".join(str(v) for row in session.execute(text("SELECT * FROM erasure")) for v in row)
        assert head_nik(answers) not in dump and NAME not in dump  # the erasure keeps no answer
        audit = session.execute(
            text("SELECT action FROM audit WHERE target = :t"), {"t": f"record:{rid}"}
        ).scalars()
        assert "record.erase" in list(audit)
        with pytest.raises(BadRequest, match="Already erased"):
            erase(session, [rid], actor="user:admin", reason="lagi")
        assert [p.record_id for p in pull_page(session, scope=DESA, cursor=0, limit=100).purges] == [rid]
        assert pull_page(session, scope=OTHER_DESA, cursor=0, limit=100).purges == []  # not its area
        assert [p.record_id for p in pull_page(session, scope="", cursor=0, limit=100).purges] == [rid]
    # A device that still had it and edits it: refused with the reason, nothing re-created.
    stale = device.change(rid, {"kepala_keluarga": "Orang Lain"}, base_rev=1)
    result = push(client, device, [stale]).results[0]
    assert result.status is ResultStatus.REJECTED and [r.code for r in result.rejections] == ["erased"]
    assert "dihapus permanen" in result.rejections[0].id
    with session_scope(engine) as session:
        assert session.get(Record, rid) is None


def test_a_laptop_loses_every_trace_by_pull_and_a_stale_laptops_edit_is_refused(tmp_path):
    with live_server(tmp_path) as (base, settings):
        a, _ = new_store(tmp_path / "a", enrolled=False, area=DESA)
        enroll_online(a, base, new_code(settings, DESA))
        b, _ = new_store(tmp_path / "b", enrolled=False, area=DESA)
        enroll_online(b, base, new_code(settings, DESA))
        answers = household(2)
        nik = head_nik(answers)
        saved = records.save_household(a, answers)
        records.save_household(a, household(3, name="Tetap Disimpan"))
        member, _ = member_of(answers)  # a service this person received goes with the household
        served = records.save_form(
            a, "service", care_service(saved.record_id, member, DESA, catatan="catatan Hapuspermanen")
        )
        assert sync_once(a).complete and sync_once(b).complete
        assert search.list_persons(b, query="Hapuspermanen").total == 1  # b holds it too

        with session_scope(get_engine(settings.database_url)) as session:
            erased = erase(session, [saved.record_id], actor="user:admin", reason="permintaan warga")
        assert {e.record_id for e in erased} == {saved.record_id, served.record_id}

        # a: the purge arrives by pull; nothing of the household is left in its store or its files.
        assert sync_once(a).complete
        assert search.list_persons(a, query="Hapuspermanen").total == 0
        assert search.list_persons(a, query="Disimpan").total == 1  # the other household stays
        held = laptop_text(a)
        assert nik not in held and "Hapuspermanen" not in held  # the name, and the service's note
        a.close()
        raw = folder_bytes(tmp_path / "a")
        assert nik.encode() not in raw and NAME.encode() not in raw

        # b edited it offline before hearing of the erasure: the push is refused and counted, then purged.
        records.save_household(b, {**answers, "kepala_keluarga": NAME + " Baru"}, record_id=saved.record_id)
        outcome = sync_once(b)
        assert outcome.run.rejected == 1 and outcome.run.applied == 0
        with session_scope(get_engine(settings.database_url)) as session:
            assert session.get(Record, saved.record_id) is None  # not re-created
        assert nik not in laptop_text(b) and b.outbox_counts()["pending"] == 0
        b.close()


def test_a_never_online_village_purges_from_the_return_bundle(tmp_path, district):
    settings, engine = district
    village = file_enrolled_laptop(tmp_path, district, "village")
    answers = household(4)
    saved = records.save_household(village, answers)
    stick = tmp_path / "desa.bundle"
    bundles.export_bundle(village, stick)
    with session_scope(engine) as session:
        import_outbound(session, stick.read_bytes(), actor="tksk")
    with session_scope(engine) as session:
        erase(session, [saved.record_id], actor="user:admin", reason="permintaan warga")
    with session_scope(engine) as session:
        back = write_return(session, device_id=village.setting("device_id"), actor="tksk")
    returned = tmp_path / "balasan.bundle"
    returned.write_bytes(back)
    bundles.import_bundle(village, returned)
    assert search.list_persons(village, query="Hapuspermanen").total == 0
    assert head_nik(answers) not in laptop_text(village)
    village.close()
    assert head_nik(answers).encode() not in folder_bytes(tmp_path / "village")


def pushed(client, device, answers: dict) -> list[str]:
    """Push one new household of `device`; its record id."""
    change = device.create(answers)
    assert push(client, device, [change]).results[0].status is ResultStatus.APPLIED
    return [change.record_id]


def test_the_lost_laptop_report_lists_exactly_what_it_pulled_and_pushed(client, settings, enroll):
    lost, neighbour, far = enroll(DESA), enroll(DESA), enroll(OTHER_DESA)
    mine = pushed(client, lost, household(10, name="Punya Sendiri"))
    theirs = pushed(client, neighbour, household(11, name="Punya Tetangga"))
    pushed(client, far, household(12, OTHER_DESA, name="Desa Jauh"))
    engine = get_engine(settings.database_url)
    with session_scope(engine) as session:
        assert {h.record_id for h in held_by_device(session, lost.device_id, actor="test")} == set(mine)
    pull_all(client, lost)  # now it holds its neighbour's household too
    later = pushed(client, neighbour, household(13, name="Sesudah Ditarik"))
    with session_scope(engine) as session:
        held = held_by_device(session, lost.device_id, actor="user:admin")
        assert {h.record_id for h in held} == set(mine) | set(theirs)  # not the one made after its last pull
        assert not set(later) & {h.record_id for h in held}
        by_id = {h.record_id: h for h in held}
        assert by_id[mine[0]].pushed and by_id[theirs[0]].pulled and not by_id[theirs[0]].pushed
        names = {name for h in held for _, name, _ in h.persons}
        assert {"Punya Sendiri", "Punya Tetangga"} <= names and "Desa Jauh" not in names
        assert (
            session.execute(
                text("SELECT count(*) FROM audit WHERE action = 'device.held_report'")
            ).scalar_one()
            == 2
        )


def test_the_commands_erase_and_list_what_a_device_held_and_say_what_went_wrong(
    client, settings, enroll, monkeypatch, capsys, tmp_path
):
    from server.cli import main

    monkeypatch.setenv("JARING_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("JARING_SERVER_DATA_DIR", str(tmp_path))
    device = enroll(DESA)
    rid = pushed(client, device, household(20, name="=HYPERLINK Tanda"))[0]
    sheet = tmp_path / "perangkat.csv"
    assert main(["device", "held", device.device_id, "--csv", str(sheet)]) == 0
    out = capsys.readouterr().out
    assert "=HYPERLINK Tanda" in out and f"{device.device_id}: 1 data" in out
    assert "'=HYPERLINK Tanda" in sheet.read_text(encoding="utf-8")  # a spreadsheet keeps it as text
    assert main(["erase", rid, "--reason", "permintaan warga", "--legal-basis", "UU 27/2022"]) == 0
    assert f"dihapus / erased: {rid} (household, {DESA})" in capsys.readouterr().out
    assert main(["erase", rid, "--reason", "lagi"]) == 2
    err = capsys.readouterr().err
    assert "Sudah dihapus" in err and "Traceback" not in err
    assert main(["device", "held", "no-such-device"]) == 2
    assert "tidak dikenal" in capsys.readouterr().err
