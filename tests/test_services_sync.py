"""Services and visits travel as households do (issue #31): a laptop's service and visit reach the district
over HTTP and another laptop of the desa by pull (SQLite and PostgreSQL), they make a USB-bundle round trip
through the same `apply_batch`, and a service naming a person outside the device's area is refused."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from app.services import care, records
from app.services.sync import enroll_online, sync_once
from app.store import care_queries
from forms.lists import SERVICES_LIST, items
from server.core.db import get_engine, session_scope
from server.crud.reference import publish_reference
from server.models import Record
from support.bundles import Village
from support.care import make_household, member_of, service, visit
from support.live_server import DESA, enroll_sim, live_server
from support.server_db import new_code
from support.store import new_store
from sync.client import SyncClient
from sync.offline import import_return
from sync.ports import DeviceIdentity, MemoryStore
from sync.protocol import ResultStatus

OTHER_DESA = "62.03.01.1006"


def server_records(settings, kind: str) -> list[Record]:
    with session_scope(get_engine(settings.database_url)) as session:
        rows = session.execute(select(Record).where(Record.kind == kind)).scalars().all()
        session.expunge_all()
        return rows


def test_a_service_and_a_visit_reach_the_district_and_another_laptop_over_http(tmp_path, db_url):
    with live_server(tmp_path, db_url) as (base, settings):
        laptop, _ = new_store(tmp_path / "a", enrolled=False, area=DESA)
        enroll_online(laptop, base, new_code(settings, DESA))
        household = make_household(random.Random(1), DESA, date(2026, 11, 1), serial=1)
        hid = records.save_household(laptop, household).record_id
        mid, member = member_of(household)
        sid = care.save_service(
            laptop,
            {
                **care.new_service(laptop, hid, mid, date(2026, 11, 3)),
                "layanan": "aslut",
                "instansi": "dinsos",
                "jumlah": 300000,
            },
        ).record_id
        vid = care.save_visit(
            laptop,
            {
                **care.new_visit(laptop, hid, mid, date(2026, 11, 4)),
                "kondisi": "membaik",
                "kunjungan_berikut": "2026-12-04",
            },
        ).record_id
        assert sync_once(laptop).complete

        [kept] = server_records(settings, "service")
        assert (kept.id, kept.area, kept.fields["layanan"], kept.fields["subjek_nama"]) == (
            sid,
            DESA,
            "aslut",
            member["nama"],
        )
        assert [r.id for r in server_records(settings, "visit")] == [vid]

        # the district publishes its own services list (a new code, its own words): laptops get it by pull
        published = [
            *items(SERVICES_LIST),
            {"value": "bansos_daerah", "label": {"id": "Bansos Kabupaten", "en": "District grant"}},
        ]
        with session_scope(get_engine(settings.database_url)) as session:
            publish_reference(session, name=SERVICES_LIST, version="2026-12", data=published)
        assert care.service_name(laptop, "bansos_daerah") == "bansos_daerah"  # not before it pulls
        other, _ = new_store(tmp_path / "b", enrolled=False, area=DESA)
        enroll_online(other, base, new_code(settings, DESA))
        assert sync_once(other).complete
        assert care.service_name(other, "bansos_daerah", "en") == "District grant"
        assert [i["value"] for i in care.offered(other, SERVICES_LIST)][-1] == "bansos_daerah"
        conn = other.db.reader()
        [got] = care_queries.services_of(conn, [(hid, mid)])
        assert (got["record_id"], got["code"], got["agency"], got["amount"]) == (
            sid,
            "aslut",
            "dinsos",
            300000,
        )
        [seen] = care_queries.visits_of(conn, [(hid, mid)])
        assert (seen["record_id"], seen["next_date"]) == (vid, "2026-12-04")
        laptop.close()
        other.close()


def test_services_and_visits_make_a_bundle_round_trip(client, settings):
    village = Village(settings)
    [hid] = village.register(1)
    household = village.store.answers(hid)
    mid, _ = member_of(household)
    sim = village.sim
    made = [village.store.add(sim.create(service(hid, mid, sim.area), kind="service", form_id="service")),
            village.store.add(sim.create(visit(hid, mid, sim.area, next_day="2026-12-01"), kind="visit",
                                         form_id="visit"))]  # fmt: skip
    from server.crud.bundles import import_outbound, write_return

    with session_scope(get_engine(settings.database_url)) as session:
        first = import_outbound(session, village.export(), actor="test")
    assert (first.applied, first.rejected) == (3, 0)
    with session_scope(get_engine(settings.database_url)) as session:
        again = import_outbound(session, village.export(), actor="test")
    assert (again.applied, again.duplicates) == (0, 3)  # exactly once
    with session_scope(get_engine(settings.database_url)) as session:
        back = write_return(session, device_id=village.device_id, actor="test")
    summary = import_return(village.store, back, village.bundle_keys)
    assert (summary.acknowledged, summary.rejected) == (3, 0)
    ids = {m.change.record_id for m in made}
    assert ids <= set(village.store.records)
    assert {r.area for r in server_records(settings, "service") + server_records(settings, "visit")} == {DESA}


def test_a_service_whose_subject_lives_outside_the_devices_area_is_refused(tmp_path):
    with live_server(tmp_path) as (base, settings):
        there = enroll_sim(base, settings, OTHER_DESA)
        store_there = MemoryStore(DeviceIdentity(there.device_id, 1, there.area, there.token, base))
        household = make_household(random.Random(5), OTHER_DESA, date(2026, 11, 1), serial=5)
        hid = store_there.add(there.create(household)).change.record_id
        assert SyncClient.for_store(store_there).run().applied == 1
        mid, _ = member_of(household)

        here = enroll_sim(base, settings, DESA)
        store = MemoryStore(DeviceIdentity(here.device_id, 1, here.area, here.token, base))
        # the answers claim this device's desa; the subject's household is in another desa
        sneaky = store.add(here.create(service(hid, mid, DESA), kind="service", form_id="service"))
        honest = store.add(here.create(service("unknown-household", "m1", DESA), kind="service",
                                       form_id="service"))  # fmt: skip
        run = SyncClient.for_store(store).run()
        assert (run.applied, run.rejected) == (1, 1)
        [(offset, result)] = list(store.rejected.items())
        assert result.status is ResultStatus.REJECTED and result.rejections[0].code == "out_of_area"
        assert offset == sneaky.offset
        assert [r.id for r in server_records(settings, "service")] == [honest.change.record_id]
