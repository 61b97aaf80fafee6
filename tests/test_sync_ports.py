"""The store port: the in-memory store the client's tests use behaves as the real store must."""

from __future__ import annotations

from sync.hlc import HybridClock
from sync.paths import flatten
from sync.ports import DeviceIdentity, MemoryStore, Stage, SyncRun, SyncStore
from sync.protocol import Change, ChangeResult, ComplaintEvent, PulledRecord, PullPage, ResultStatus

ME = DeviceIdentity("dev-a", 7, "62.03.01.2011", "token-a", "https://dinsos.example")


def local_change(clock: HybridClock, n: int, record_id: str, answers: dict, deleted: bool = False) -> Change:
    fields = flatten(answers)
    return Change(change_id=f"c{n}", kind="household", record_id=record_id, form_id="ppks_registration",
                  form_version=1, fields=fields, clocks={p: clock.tick() for p in fields}, deleted=deleted)  # fmt: skip


def page(records=(), events=(), cursor=0, next_cursor=1) -> PullPage:
    return PullPage(
        cursor=cursor, next_cursor=next_cursor, has_more=False, records=list(records), events=list(events)
    )


def pulled(record_id: str, answers: dict, clocks: dict, rev: int, deleted: bool = False) -> PulledRecord:
    return PulledRecord(record_id=record_id, kind="household", form_id="ppks_registration", form_version=1,
                        area=ME.area, answers=answers, clocks=clocks, rev=rev, deleted=deleted)  # fmt: skip


def test_memory_store_satisfies_the_port():
    assert isinstance(MemoryStore(ME), SyncStore)
    assert MemoryStore().identity() is None  # practice mode: nothing to sync as


def test_pending_changes_come_in_order_from_an_offset_and_leave_once_answered():
    store, clock = MemoryStore(ME), HybridClock("dev-a", now_ms=lambda: 1_000)
    offsets = [store.add(local_change(clock, n, f"r{n}", {"nama": f"N{n}"})).offset for n in range(5)]
    assert offsets == sorted(offsets) and len(set(offsets)) == 5
    assert [p.change.change_id for p in store.pending_changes(0, 3)] == ["c0", "c1", "c2"]
    assert [p.offset for p in store.pending_changes(offsets[2], 10)] == offsets[3:]
    store.record_results([
        (offsets[0], ChangeResult(change_id="c0", status=ResultStatus.APPLIED, rev=1)),
        (offsets[1], ChangeResult(change_id="c1", status=ResultStatus.REJECTED)),
        (offsets[2], ChangeResult(change_id="c2", status=ResultStatus.DUPLICATE, rev=2)),
    ])  # fmt: skip
    assert [p.change.change_id for p in store.pending_changes(0, 10)] == ["c3", "c4"]
    assert set(store.rejected) == {offsets[1]}


def test_a_pulled_page_merges_with_local_edits_and_moves_the_cursor():
    store, mine = MemoryStore(ME), HybridClock("dev-a", now_ms=lambda: 5_000)
    other = HybridClock("dev-b", now_ms=lambda: 9_000)
    store.add(local_change(mine, 1, "r1", {"nama": "Siti", "umur": 40}))
    remote_answers = {"nama": "Sity", "alamat": {"desa": "Telo"}}
    remote_clocks = {p: other.tick() for p in flatten(remote_answers)}
    event = ComplaintEvent(event_id="e1", record_id="r9", step="dirujuk", at="2026-11-23T04:00:00Z")
    count = store.apply_pull_page(page([pulled("r1", remote_answers, remote_clocks, 3)], [event], 0, 12))
    assert count == 2 and store.pull_cursor() == 12
    assert store.answers("r1") == {"nama": "Sity", "umur": 40, "alamat": {"desa": "Telo"}}
    [(record_id, conflict)] = store.conflicts
    assert (record_id, conflict.path, conflict.loser_value, conflict.loser_device) == (
        "r1",
        "nama",
        "Siti",
        "dev-a",
    )
    store.apply_pull_page(page([], [event], 12, 12))  # the same page again after a lost cursor write
    assert store.events == [event]


def test_a_deleted_flag_is_a_tombstone_a_local_edit_does_not_revive():
    store, clock = MemoryStore(ME), HybridClock("dev-a", now_ms=lambda: 1_000)
    store.add(local_change(clock, 1, "r1", {"nama": "A"}))
    server = HybridClock("server", now_ms=lambda: 2_000)
    store.apply_pull_page(page([pulled("r1", {"nama": "A"}, {"nama": server.tick()}, 4, deleted=True)]))
    assert store.is_deleted("r1")
    store.add(local_change(HybridClock("dev-a", now_ms=lambda: 3_000), 2, "r1", {"nama": "B"}))
    assert store.is_deleted("r1") and store.answers("r1") == {"nama": "B"}


def test_the_sync_run_is_saved_as_a_copy_and_resumes_where_it_stopped():
    store = MemoryStore(ME)
    assert store.load_sync_run() is None
    run = SyncRun("run-1", stage=Stage.PULL, offset=40, cursor=7, batch_size=50, status="interrupted")
    store.save_sync_run(run)
    run.offset = 999  # a change in memory after the save is not saved
    loaded = store.load_sync_run()
    assert (loaded.stage, loaded.offset, loaded.cursor, loaded.batch_size) == (Stage.PULL, 40, 7, 50)
