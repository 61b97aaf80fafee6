"""End to end (issue #31 "Must show"): a visit and a service recorded on a village laptop reach the console's
person page and the coverage report — once over HTTP and once by USB bundle through a TKSK relay — and a
service imported at the district from a recipients' list reaches the laptop's person page after a pull and
after a return bundle."""

from __future__ import annotations

import random
from datetime import date

from fastapi.testclient import TestClient

from app.services import bundles, care, records
from app.services.sync import enroll_online, sync_once
from app.store.store import Store
from server.api.main import create_app
from server.core.db import get_engine, session_scope
from server.crud.devices import enroll_file
from server.crud.recipients import import_recipients
from support.care import make_household, member_of
from support.console_web import console_login
from support.live_server import live_server
from support.server_db import new_code
from support.store import PASSWORD
from sync.enrollment import read_enrollment_file

DESA, KECAMATAN = "62.03.01.2011", "62.03.01"
TODAY = date(2026, 11, 20)


def register_ppks(store) -> tuple[str, str, dict]:
    household = make_household(random.Random(41), DESA, date(2026, 11, 1), serial=41)
    for member in household["anggota"].values():
        member["ppks"] = []
    mid, first = member_of(household)
    first.update(ppks=["lansia_terlantar"], lansia_tinggal_sendiri=True, status_anggota="aktif")
    hid = records.save_household(store, household).record_id
    return hid, mid, first


def record_care(store, hid: str, mid: str) -> None:
    care.save_service(
        store, {**care.new_service(store, hid, mid, TODAY), "layanan": "atensi", "instansi": "dinsos"}
    )
    care.save_visit(store, {**care.new_visit(store, hid, mid, TODAY), "kondisi": "membaik",
                            "kunjungan_berikut": "2026-12-20"})  # fmt: skip


def console_sees(settings, hid: str, mid: str, served: int) -> str:
    client = TestClient(create_app(settings))
    admin = console_login(client, settings, "admin", "admin")
    html = admin.get(f"/console/persons/{hid}/{mid}").text
    assert 'class="ev-service"' in html and 'class="ev-visit"' in html
    coverage = admin.get("/console/coverage?start=2026-11-01&end=2026-11-30").text
    assert f'id="ppks-served">{served}<' in coverage
    return html


def recipients_file(tmp_path, nik: str):
    path = tmp_path / "pkh.csv"
    path.write_text(f"nik,tanggal,jumlah\n{nik},2026-11-18,750000\n", encoding="utf-8")
    return path


def test_over_http_and_a_recipients_list_back_by_pull(tmp_path, db_url):
    with live_server(tmp_path, db_url) as (base, settings):
        laptop, _ = Store.init(tmp_path / "laptop", "ani", PASSWORD, area=DESA)
        enroll_online(laptop, base, new_code(settings, DESA))
        hid, mid, first = register_ppks(laptop)
        record_care(laptop, hid, mid)
        assert sync_once(laptop).complete
        console_sees(settings, hid, mid, served=1)

        with session_scope(get_engine(settings.database_url)) as session:
            report = import_recipients(session, path=recipients_file(tmp_path, first["nik"]), service="pkh")
        assert (report.persons, report.refused_rows) == (1, [])
        assert sync_once(laptop).complete
        _, events = care.timeline(laptop, hid, mid)
        imported = [e for e in events if e.kind == "service" and e.what == "pkh"]
        assert [(e.when, e.detail["source"], e.detail["amount"]) for e in imported] == [
            ("2026-11-18", "impor_daftar", 750000)]  # fmt: skip
        laptop.close()


def test_by_usb_bundle_through_a_tksk_relay_and_a_return_bundle(tmp_path, monkeypatch):
    with live_server(tmp_path) as (base, settings):
        engine = get_engine(settings.database_url)
        with session_scope(engine) as session:
            code, enrollment = enroll_file(session, area=DESA, settings=settings)
        village, _ = Store.init(tmp_path / "village", "ani", PASSWORD, area=DESA)
        village.apply_enrollment(read_enrollment_file(enrollment, code))
        bundles.remember_enrollment_proof(village, code)
        hid, mid, first = register_ppks(village)
        record_care(village, hid, mid)
        usb = tmp_path / "usb"
        usb.mkdir()
        assert bundles.export_bundle(village, usb / "desa.bundle").changes == 3

        tksk, _ = Store.init(tmp_path / "tksk", "budi", PASSWORD, area=KECAMATAN)
        enroll_online(tksk, base, new_code(settings, KECAMATAN))
        assert bundles.import_bundle(tksk, usb / "desa.bundle").kind == "carry"
        assert bundles.relay(tksk, base).uploaded  # the TKSK's visit to the district
        console_sees(settings, hid, mid, served=1)

        with session_scope(engine) as session:  # the district imports a recipients' list naming the person
            assert (
                import_recipients(
                    session, path=recipients_file(tmp_path, first["nik"]), service="pkh"
                ).persons
                == 1
            )
        village_id = village.setting("device_id")
        assert village_id in bundles.relay(tksk, base).fetched
        bundles.take_return(tksk, village_id, usb / "balasan.bundle")
        outcome = bundles.import_bundle(village, usb / "balasan.bundle")
        assert outcome.kind == "return" and outcome.summary.acknowledged == 3
        _, events = care.timeline(village, hid, mid)
        assert sorted(e.what for e in events if e.kind == "service") == ["atensi", "pkh"]
        assert [e.what for e in events if e.kind == "visit"] == ["membaik"]
        village.close()
        tksk.close()
