"""Cancel from another thread stops the client between batches, chunks and pages; the run is saved as
interrupted and the next sync finishes it with every change and attachment on the server exactly once."""

from __future__ import annotations

import hashlib
import threading

import pytest

from support.attachments import photo, server_attachment
from support.live_server import household, live_server, memory_device
from support.server_db import server_counts
from sync.batching import BatchSizer
from sync.client import SyncCancelled, SyncClient
from sync.ports import Stage


def cancel_when(cancel: threading.Event, stage: Stage, after: int = 1):
    """A progress callback that sets `cancel` once `stage` has reported progress `after` times."""
    seen = {"n": 0}

    def progress(at, run) -> None:
        if at is stage:
            seen["n"] += 1
            if seen["n"] > after:
                cancel.set()

    return progress


def test_cancel_between_batches_then_sync_again_is_exactly_once(tmp_path):
    with live_server(tmp_path) as (base, settings):
        sim, store = memory_device(base, settings)
        for i in range(300):
            store.add(sim.create(household(i), record_id=f"hh-{i:04d}"))
        cancel = threading.Event()
        client = SyncClient.for_store(store, cancel=cancel, progress=cancel_when(cancel, Stage.PUSH),
                                      sizer=BatchSizer(size=50, maximum=50))  # fmt: skip
        with pytest.raises(SyncCancelled):
            client.run()
        assert store.run.status == "interrupted" and store.run.stage is Stage.PUSH
        on_server = server_counts(settings)[0]
        assert 0 < on_server < 300 and len(store.acknowledged) == on_server  # it stopped between batches
        run = SyncClient.for_store(store).run()
        assert run.status == "done" and run.run_id == store.run.run_id  # the same run, resumed
        assert run.duplicates == 0 and len(store.acknowledged) == 300
        records, (logged, distinct) = server_counts(settings)
        assert records == 300 and logged == distinct == 300


def test_cancel_between_chunks_and_pages_resumes_where_it_stopped(tmp_path):
    with live_server(tmp_path) as (base, settings):
        sim, store = memory_device(base, settings)
        data = photo(400_000, seed=21)
        change = sim.create({**household(1), "foto_rumah": hashlib.sha256(data).hexdigest()})
        store.add(change)
        store.attach(change.record_id, data)
        cancel = threading.Event()
        client = SyncClient.for_store(store, cancel=cancel, chunk_bytes=64 * 1024)
        original = store.attachment_bytes  # cancel as the third chunk is read: it goes, the fourth does not

        def read_then_cancel(sha, offset, length):
            if offset >= 128 * 1024:
                cancel.set()
            return original(sha, offset, length)

        store.attachment_bytes = read_then_cancel
        with pytest.raises(SyncCancelled):
            client.run()
        store.attachment_bytes = original
        assert store.run.stage is Stage.ATTACHMENTS and store.run.status == "interrupted"
        complete, held, _ = server_attachment(settings, hashlib.sha256(data).hexdigest())
        assert not complete and data.startswith(held) and 0 < len(held) < len(data)
        run = SyncClient.for_store(store, chunk_bytes=64 * 1024).run()
        assert run.status == "done" and run.attachments_sent == 1
        assert run.attachment_bytes == len(data)  # the resumed upload started where the server stood
        complete, held, _ = server_attachment(settings, hashlib.sha256(data).hexdigest())
        assert complete and held == data

        # a pull cancelled after its first page keeps that page's cursor and resumes from it
        other_sim, other = memory_device(base, settings)
        for i in range(2, 40):
            store.add(sim.create(household(i), record_id=f"hh-{i:03d}"))
        SyncClient.for_store(store).run()
        cancel = threading.Event()
        puller = SyncClient.for_store(
            other, cancel=cancel, progress=cancel_when(cancel, Stage.PULL), pull_limit=10
        )
        with pytest.raises(SyncCancelled):
            puller.run()
        assert other.run.stage is Stage.PULL and 0 < other.cursor and len(other.records) < 39
        SyncClient.for_store(other, pull_limit=10).run()
        assert len(other.records) == 39
