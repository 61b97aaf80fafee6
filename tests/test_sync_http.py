"""The sync client against a real district server on a loopback port: push, pull, rejections kept with their
reason and resent once corrected, and exactly-once delivery through a proxy that injects faults."""

from __future__ import annotations

import pytest

from support.faultproxy import FaultProxy
from support.live_server import household, live_server, memory_device
from support.server_db import server_counts
from sync.batching import BatchSizer
from sync.client import SyncClient
from sync.ports import Stage
from sync.protocol import ResultStatus
from sync.transport import Transport


def test_push_and_pull_round_trip(tmp_path):
    with live_server(tmp_path) as (base, settings):
        sim, store = memory_device(base, settings)
        changes = [sim.create(household(i)) for i in range(250)]
        for c in changes:
            store.add(c)
        stages = []
        client = SyncClient.for_store(store, progress=lambda stage, run: stages.append(stage))
        run = client.run()
        assert (run.sent, run.applied, run.duplicates, run.rejected) == (250, 250, 0, 0)
        assert run.status == "done" and store.pending_changes(0, 10) == []
        assert {Stage.PUSH, Stage.PULL, Stage.DONE} <= set(stages)
        # the server's copies come back through the pull with their revisions
        assert run.received >= 250 and store.cursor > 0
        other_sim, other = memory_device(base, settings)
        SyncClient.for_store(other).run()
        assert set(other.records) == {c.record_id for c in changes}
        assert other.answers(changes[7].record_id) == household(7)
        again = SyncClient.for_store(store).run()
        assert (again.sent, again.received) == (0, 0)


def test_rejected_change_kept_with_reason_and_resent_corrected(tmp_path):
    with live_server(tmp_path) as (base, settings):
        sim, store = memory_device(base, settings)
        good = [sim.create(household(i)) for i in range(5)]
        bad = sim.create(household(98), record_id="rec-bad")
        bad = bad.model_copy(update={"fields": {**bad.fields, "no_kk": "123"}})  # not a valid No. KK
        for c in good[:2] + [bad] + good[2:]:
            store.add(c)
        run = SyncClient.for_store(store).run()
        assert (run.applied, run.rejected) == (5, 1)
        assert list(store.rejected) == [3]
        reason = store.rejected[3].rejections[0]
        assert reason.id and reason.en and reason.code
        fixed = sim.create(household(98), record_id="rec-bad")
        store.add(fixed)
        run = SyncClient.for_store(store).run()
        assert (run.sent, run.applied, run.rejected) == (1, 1, 0)


@pytest.mark.slow
def test_exactly_once_through_faults(tmp_path):
    with live_server(tmp_path) as (base, settings):
        sim, store = memory_device(base, settings)
        changes = [sim.create(household(i % 500), record_id=f"hh-{i:05d}") for i in range(5000)]
        for c in changes:
            store.add(c)
        port = int(base.rsplit(":", 1)[1])
        with FaultProxy(port, fault_rate=0.3, seed=17, delay_s=1.5) as proxy:
            transport = Transport(proxy.url, sim.token, read_timeout=1.0, connect_timeout=1.0, backoff_base=0.01,
                                  backoff_cap=0.05)  # fmt: skip
            transport.session.headers["Connection"] = (
                "close"  # one request per connection: faults per request
            )
            client = SyncClient(store, transport, BatchSizer(size=200), max_failures=50)
            totals = {"sent": 0, "applied": 0, "duplicates": 0}
            for _ in range(20):
                try:
                    run = client.run()
                    break
                except Exception:  # noqa: BLE001 - too many faults in a row: the next run resumes
                    continue
            else:
                pytest.fail("sync never finished")
            del totals
        assert store.pending_changes(0, 10) == [] and not store.rejected
        assert len(store.acknowledged) == 5000
        assert all(
            r.status in (ResultStatus.APPLIED, ResultStatus.DUPLICATE) for r in store.acknowledged.values()
        )
        faulted = sum(
            v for k, v in proxy.counts.items() if k in ("drop_request", "drop_response", "reset", "delay")
        )
        assert faulted / proxy.connections >= 0.2, proxy.counts
        for kind in ("drop_request", "drop_response", "reset", "delay", "response_dropped_after_commit"):
            assert proxy.counts[kind] > 0, proxy.counts
        records, (logged, distinct) = server_counts(settings)
        assert records == 5000 and logged == distinct == 5000, (records, logged, distinct)
        print(dict(proxy.counts), run)
