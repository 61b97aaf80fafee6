"""Offline bundles between a device (the SyncStore port) and the server, on SQLite and PostgreSQL: a
file-enrolled village round trip, the TKSK relay over HTTP and its scope, importing twice, a rejected change
inside a good bundle, and every refusal (tampered, truncated, never enrolled, wrong proof, wrong device)."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select

from forms.problems import UserError
from forms.samples import make_household
from server.core.db import get_engine, session_scope
from server.crud.bundles import BundleRefused, import_outbound, write_return
from server.models import Device, Record
from support.bundles import Village
from support.server_db import SimDevice
from sync.bundle import BundleNotForThisDevice, BundleTampered, BundleTruncated
from sync.offline import import_return
from sync.ports import DeviceIdentity

DESA = "62.03.01.2011"
KECAMATAN = "62.03.01"


def server_import(settings, data: bytes, **kw):
    with session_scope(get_engine(settings.database_url)) as session:
        return import_outbound(session, data, actor="test", **kw)


def server_return(settings, device_id: str, **kw) -> bytes:
    with session_scope(get_engine(settings.database_url)) as session:
        return write_return(session, device_id=device_id, actor="test", **kw)


def server_counts(settings) -> tuple[int, list[str]]:
    with session_scope(get_engine(settings.database_url)) as session:
        records = session.execute(select(func.count()).select_from(Record)).scalar_one()
        statuses = sorted(session.execute(select(Device.status)).scalars())
    return records, statuses


def test_never_online_village_round_trip_and_every_import_twice(client, settings):
    village = Village(settings)
    ids = village.register(3)
    data = village.export()
    assert len(village.store.pending_changes(0, 100)) == 3  # still pending until the answers come back

    first = server_import(settings, data)
    assert (first.changes, first.applied, first.duplicates, first.rejected) == (3, 3, 0, 0)
    again = server_import(settings, data)
    assert (again.applied, again.duplicates) == (0, 3)  # the same bundle twice writes nothing
    assert server_counts(settings) == (3, ["active"])  # the first bundle's proof bound the device's keys

    # Meanwhile someone else registered a household in the same desa: the return bundle brings it too.
    other = Village(settings)
    other_ids = other.register(1, seed=100)
    server_import(settings, other.export())

    back = server_return(settings, village.device_id)
    summary = import_return(village.store, back, village.bundle_keys)
    assert (summary.acknowledged, summary.rejected) == (3, 0)
    assert village.store.pending_changes(0, 100) == []
    assert set(ids + other_ids) <= set(village.store.records)
    assert village.store.answers(other_ids[0]) == other.store.answers(other_ids[0])

    twice = import_return(village.store, back, village.bundle_keys)
    assert (twice.results, twice.received, twice.pages) == (0, 0, 0)


def test_a_rejected_change_is_reported_and_the_rest_applied(client, settings):
    village = Village(settings)
    good = village.register(2)
    bad = make_household(random.Random(9), DESA, date(2026, 11, 1), serial=9)
    bad["no_kk"] = "123"  # not a No. KK
    bad_id = village.store.add(village.sim.create(bad)).change.record_id

    summary = server_import(settings, village.export())
    assert (summary.applied, summary.rejected) == (2, 1)
    assert summary.rejections[0]["record_id"] == bad_id

    back = import_return(village.store, server_return(settings, village.device_id), village.bundle_keys)
    assert (back.acknowledged, back.rejected) == (2, 1)
    assert back.rejections[0][0] == bad_id and back.rejections[0][1]  # with the reason, for correction
    assert set(good) <= set(village.store.records) and village.store.pending_changes(0, 100) == []


def test_relay_over_http_only_within_the_carriers_kecamatan(client, settings, enroll):
    village = Village(settings)
    village.register(2)
    data = village.export()
    outsider = enroll("62.03.02")  # a TKSK laptop of another kecamatan
    refused = client.post("/api/v1/bundles", content=data, headers=outsider.headers)
    assert refused.status_code == 403 and refused.json()["code"] == "bundle_out_of_scope"
    assert server_counts(settings)[0] == 0

    tksk = enroll(KECAMATAN)
    uploaded = client.post("/api/v1/bundles", content=data, headers=tksk.headers)
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["applied"] == 2
    assert client.post("/api/v1/bundles", content=data, headers=tksk.headers).json()["duplicates"] == 2

    assert client.get("/api/v1/bundles/return", params={"device": village.device_id},
                      headers=outsider.headers).status_code == 403  # fmt: skip
    back = client.get("/api/v1/bundles/return", params={"device": village.device_id}, headers=tksk.headers)
    assert back.status_code == 200
    assert import_return(village.store, back.content, village.bundle_keys).acknowledged == 2


def test_broken_bundles_are_refused_and_change_nothing(client, settings):
    village = Village(settings)
    village.register(2)
    data = village.export()
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x01
    for broken, error in [(bytes(flipped), "bundle_tampered"), (data[: len(data) - 100], "bundle_truncated"),
                          (b"PK\x03\x04 not a bundle", "bundle_tampered")]:  # fmt: skip
        with pytest.raises(BundleRefused) as refused:
            server_import(settings, broken)
        assert refused.value.code == error and refused.value.id and refused.value.en
    assert server_counts(settings) == (0, ["reserved"])

    stranger = Village(settings)  # enrolled, but its bundle names a device id the server never issued
    stranger.store.device = DeviceIdentity("never-enrolled", 1, DESA, "t", "")
    stranger.sim = SimDevice("never-enrolled", "t", DESA, stranger.keys)
    stranger.register(1)
    with pytest.raises(BundleRefused) as refused:
        server_import(settings, stranger.export())
    assert refused.value.code == "bundle_unknown_sender"

    wrong_proof = Village(settings, proof_code="AAAA-BBBB-CCCC")
    wrong_proof.register(1)
    with pytest.raises(BundleRefused) as refused:
        server_import(settings, wrong_proof.export())
    assert refused.value.code == "bundle_unknown_sender"
    assert server_counts(settings) == (0, ["reserved", "reserved", "reserved"])


def test_return_bundles_are_refused_when_broken_or_for_another_device(client, settings):
    a, b = Village(settings), Village(settings)
    for village in (a, b):
        village.register(1, seed=hash(village.device_id) % 1000)
        server_import(settings, village.export())
    for_a = server_return(settings, a.device_id)
    with pytest.raises(BundleNotForThisDevice):
        import_return(b.store, for_a, b.bundle_keys)
    with pytest.raises(BundleTruncated):
        import_return(a.store, for_a[:-10], a.bundle_keys)
    flipped = bytearray(for_a)
    flipped[-100] ^= 0x80
    with pytest.raises(BundleTampered):
        import_return(a.store, bytes(flipped), a.bundle_keys)
    assert len(a.store.pending_changes(0, 10)) == 1 and len(b.store.pending_changes(0, 10)) == 1
    with pytest.raises(UserError):  # an outbound bundle is not a return bundle, even for the right device
        import_return(a.store, a.export(), a.bundle_keys)
