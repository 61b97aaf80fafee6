"""A replacement laptop enrolled for the same desa gets the desa's 10,000 households back through the same
resumable pull, interrupted twice by a dropped link, and ends with all of them."""

from __future__ import annotations

import pytest
import requests

from app.services.sync import enroll_online
from support.faultproxy import FaultProxy
from support.live_server import DESA, enroll_sim, household, live_server
from support.server_db import new_code
from support.store import new_store
from sync.client import SyncClient
from sync.ports import Stage
from sync.transport import Transport, Unreachable

HOUSEHOLDS = 10_000


@pytest.mark.slow
@pytest.mark.soak
def test_replacement_laptop_pulls_its_desa_interrupted_twice(tmp_path):
    with live_server(tmp_path) as (base, settings):
        old = enroll_sim(base, settings)
        for start in range(0, HOUSEHOLDS, 1000):
            changes = [old.create(household(i), record_id=f"hh-{i:05d}") for i in range(start, start + 1000)]
            answer = requests.post(base + "/api/v1/sync/push", json=old.batch(changes), headers=old.headers,
                                   timeout=120)  # fmt: skip
            assert answer.status_code == 200 and all(
                r["status"] == "applied" for r in answer.json()["results"]
            )

        store, _ = new_store(tmp_path / "replacement", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(settings, DESA))
        port = int(base.rsplit(":", 1)[1])
        with FaultProxy(port, kinds=("reset",)) as proxy:
            pages = []

            def cut_after(stage, run):
                if stage is Stage.PULL and run.received:
                    pages.append(run.received)
                    if len(pages) in (3, 7):
                        proxy.fault_rate = 1.0  # the link drops before the next page

            interruptions = 0
            for _ in range(5):
                transport = Transport(proxy.url, store.setting("token"), attempts=1)
                transport.session.headers["Connection"] = (
                    "close"  # each page its own connection: cut between pages
                )
                client = SyncClient(store, transport, progress=cut_after, pull_limit=500)
                try:
                    run = client.run()
                    break
                except Unreachable:
                    interruptions += 1
                    proxy.fault_rate = 0.0
                    assert store.load_sync_run().status == "interrupted"
            assert interruptions == 2
        assert run.status == "done" and proxy.counts["reset"] == 2
        rows = store.db.reader().execute("SELECT count(*) FROM record WHERE area = ?", (DESA,)).fetchone()[0]
        assert rows == HOUSEHOLDS
        assert store.get_record("hh-01234").answers == household(1234)
        store.close()
