"""Two devices edit the same household offline and sync over HTTP through a real server: every device and the
server end with the same merged record, the same-field edit is in the conflict log on both sides, and a
device whose clock runs a year ahead does not win later edits from a correct device."""

from __future__ import annotations

import copy
import time
import uuid

from sqlalchemy import text

from server.core.db import get_engine, session_scope
from support.live_server import household, live_server, memory_device
from sync.client import SyncClient
from sync.hlc import DAY_MS, HybridClock, Stamp, wall_clock_ms
from sync.paths import flatten
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION


def sync(store) -> None:
    run = SyncClient.for_store(store).run()
    assert run.status == "done" and run.rejected == 0, run


def new_member(answers: dict, donor: dict, pos: int) -> tuple[str, dict]:
    member = copy.deepcopy(next(m for m in donor["anggota"].values() if m["hubungan"] != "kepala_keluarga"))
    member["_pos"] = pos
    return str(uuid.uuid4()), member


def test_two_devices_merge_the_same_household(tmp_path):
    with live_server(tmp_path) as (base, settings):
        sim_a, a = memory_device(base, settings)
        sim_b, b = memory_device(base, settings)
        answers = household(1)
        created = sim_a.create(answers, record_id="hh-shared")
        a.add(created)
        sync(a)
        sync(b)
        assert b.answers("hh-shared") == answers

        members = answers["anggota"]
        ids = sorted(members, key=lambda k: members[k]["_pos"])
        mid_a, member_a = new_member(answers, household(40), pos=90)
        mid_b, member_b = new_member(answers, household(41), pos=91)
        edit_a = {"alamat/dusun": "Dusun A", "alamat/jalan": "Jl. dari A",
                  f"anggota/{ids[0]}/_pos": members[ids[1]]["_pos"], f"anggota/{ids[1]}/_pos": members[ids[0]]["_pos"],
                  **flatten({"anggota": {mid_a: member_a}})}  # fmt: skip
        edit_b = {"alamat/rt": "03", "alamat/jalan": "Jl. dari B", **flatten({"anggota": {mid_b: member_b}})}
        a.add(sim_a.change("hh-shared", edit_a))
        time.sleep(0.05)
        b.add(sim_b.change("hh-shared", edit_b))  # B edits last: its jalan is the later stamp
        sync(a)
        sync(b)
        sync(a)

        sim_c, c = memory_device(base, settings)
        sync(c)  # what the server holds
        merged = c.answers("hh-shared")
        assert a.answers("hh-shared") == b.answers("hh-shared") == merged
        assert merged["alamat"]["dusun"] == "Dusun A" and merged["alamat"]["rt"] == "03"
        assert merged["alamat"]["jalan"] == "Jl. dari B"
        assert {mid_a, mid_b} <= set(merged["anggota"])
        assert merged["anggota"][ids[0]]["_pos"] == members[ids[1]]["_pos"]
        # the same-field edit is in the conflict log on the device that lost it and on the server
        assert "alamat/jalan" in [c.path for _, c in a.conflicts]
        with session_scope(get_engine(settings.database_url)) as session:
            paths = (
                session.execute(text("SELECT path FROM conflict WHERE record_id = 'hh-shared'"))
                .scalars()
                .all()
            )
        assert "alamat/jalan" in paths
        # logged once, however often the record is pulled again
        a.cursor = 0
        sync(a)
        assert [c.path for _, c in a.conflicts].count("alamat/jalan") == 1


def test_a_later_edit_by_another_device_is_not_a_conflict(tmp_path):
    """B edits after pulling A's record: the value changes on A without a conflict entry on either side; only
    the server knows B had seen A's edit, and it says so by logging nothing."""
    with live_server(tmp_path) as (base, settings):
        sim_a, a = memory_device(base, settings)
        sim_b, b = memory_device(base, settings)
        a.add(sim_a.create(household(3), record_id="hh-seq"))
        sync(a)
        a.add(sim_a.change("hh-seq", {"alamat/jalan": "Jl. dari A"}))
        sync(a)
        sync(b)
        b.add(sim_b.change("hh-seq", {"alamat/jalan": "Jl. dari B"}, base_rev=_rev_of(base, sim_b, "hh-seq")))
        sync(b)
        sync(a)
        assert a.answers("hh-seq")["alamat"]["jalan"] == "Jl. dari B"
        assert a.conflicts == [] and b.conflicts == []
        with session_scope(get_engine(settings.database_url)) as session:
            assert session.execute(text("SELECT count(*) FROM conflict")).scalar() == 0


def _rev_of(base: str, sim, record_id: str) -> int:
    """The record's current server revision, as the device saw it in its last pull."""
    import requests

    headers = {**sim.headers, PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    page = requests.get(f"{base}/api/v1/sync/pull?cursor=0", headers=headers, timeout=10).json()
    return next(r["rev"] for r in page["records"] if r["record_id"] == record_id)


def test_clock_a_year_ahead_does_not_win_later_edits(tmp_path):
    with live_server(tmp_path) as (base, settings):
        sim_ok, ok = memory_device(base, settings)
        sim_fast, fast = memory_device(base, settings)
        sim_fast.clock = HybridClock(sim_fast.device_id, now_ms=lambda: wall_clock_ms() + 365 * DAY_MS)
        ok.add(sim_ok.create(household(2), record_id="hh-skew"))
        sync(ok)
        sync(fast)
        fast.add(sim_fast.change("hh-skew", {"alamat/jalan": "Jl. dari laptop yang salah tanggal"}))
        run = SyncClient.for_store(fast).run()
        assert run.applied == 1
        assert next(iter(fast.acknowledged.values())).clamped  # the server pulled the stamp back
        # ...and the fast laptop adopted the server's clamped stamp when it pulled its record back
        sim_c, c = memory_device(base, settings)
        sync(c)
        assert fast.records["hh-skew"].clocks == c.records["hh-skew"].clocks
        assert Stamp.parse(fast.records["hh-skew"].clocks["alamat/jalan"]).wall_ms < wall_clock_ms() + DAY_MS

        ok.add(sim_ok.change("hh-skew", {"alamat/jalan": "Jl. yang benar"}))
        sync(ok)
        sync(fast)
        sync(ok)
        sync(c)  # the server's copy
        for device in (ok, fast, c):
            assert device.answers("hh-skew")["alamat"]["jalan"] == "Jl. yang benar"
        assert fast.records["hh-skew"].clocks == c.records["hh-skew"].clocks == ok.records["hh-skew"].clocks
        # a later edit on the fast laptop is clamped again, and still lands after the correct device's
        fast.add(sim_fast.change("hh-skew", {"alamat/rt": "09"}))
        sync(fast)
        sync(c)
        assert c.answers("hh-skew")["alamat"]["rt"] == "09" == fast.answers("hh-skew")["alamat"]["rt"]
        assert c.answers("hh-skew")["alamat"]["jalan"] == "Jl. yang benar"
        assert fast.records["hh-skew"].clocks == c.records["hh-skew"].clocks


def test_clock_a_year_ahead_on_the_app_store_adopts_the_servers_stamps(tmp_path):
    """The same on the laptop's encrypted store: its stored clocks agree with the server's after the pull."""
    from app.services import records
    from app.services.sync import enroll_online, sync_once
    from support.live_server import DESA
    from support.server_db import new_code
    from support.store import new_store

    with live_server(tmp_path) as (base, settings):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(settings, DESA))
        store.clock = HybridClock(store.device_id, now_ms=lambda: wall_clock_ms() + 365 * DAY_MS)
        saved = records.save_household(store, household(3))
        ahead = store.get_record(saved.record_id).clocks
        assert all(Stamp.parse(s).wall_ms > wall_clock_ms() + DAY_MS for s in ahead.values())
        sync_once(store)
        sim_c, c = memory_device(base, settings)
        sync(c)
        mine = store.get_record(saved.record_id)
        assert mine.clocks == c.records[saved.record_id].clocks
        assert all(Stamp.parse(s).wall_ms < wall_clock_ms() + DAY_MS for s in mine.clocks.values())
        assert mine.answers == c.answers(saved.record_id)
        store.close()
