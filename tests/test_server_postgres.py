"""Two real `jaring-server serve` processes over one PostgreSQL: many devices push at once while another
device pulls in a loop and ends with every record; a device switching servers mid-sync sees no difference."""

from __future__ import annotations

import random
import threading
from datetime import date

import pytest
import requests
import zstandard

from forms.samples import make_household
from server.core.config import Settings
from support.server_db import SimDevice, enroll_request, new_code, postgres_schema
from support.server_process import start_server_process, stop_server_process
from sync.protocol import PROTOCOL_HEADER, PullPage

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
DESA = "62.03.01.2011"


@pytest.fixture(scope="module")
def servers(postgres_url, tmp_path_factory):
    with postgres_schema(postgres_url) as url:
        started = [start_server_process(tmp_path_factory.mktemp(f"srv{i}"), url) for i in range(2)]
        try:
            yield url, [base for _, base in started]
        finally:
            for process, _ in started:
                stop_server_process(process)


def enroll(url: str, base: str, area: str = DESA) -> SimDevice:
    settings = Settings(data_dir=None, database_url=url)  # type: ignore[arg-type]
    body, keys = enroll_request(new_code(settings, area))
    data = requests.post(f"{base}/api/v1/enroll", json=body, timeout=30).json()
    return SimDevice(data["device_id"], data["token"], data["area"], keys)


def push(base: str, device: SimDevice, changes, batch_id: str | None = None) -> dict:
    body = zstandard.ZstdCompressor().compress(
        requests.models.complexjson.dumps(device.batch(changes, batch_id)).encode()
    )
    response = requests.post(f"{base}/api/v1/sync/push", data=body, timeout=60,
                             headers={**device.headers, "Content-Encoding": "zstd", "Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 200, response.text
    return response.json()


def pull(base: str, device: SimDevice, cursor: int, limit: int = 200) -> PullPage:
    response = requests.get(f"{base}/api/v1/sync/pull", params={"cursor": cursor, "limit": limit}, timeout=60,
                            headers={**device.headers, PROTOCOL_HEADER: "1"})  # fmt: skip
    assert response.status_code == 200, response.text
    return PullPage.model_validate(response.json())


def test_a_puller_ends_with_every_record_while_many_devices_push(servers):
    url, bases = servers
    pushers = [enroll(url, bases[i % 2]) for i in range(10)]
    puller = enroll(url, bases[0])
    pushed: set[str] = set()
    lock = threading.Lock()
    done = threading.Event()
    errors: list[BaseException] = []

    def run_device(index: int, device: SimDevice) -> None:
        try:
            rng = random.Random(index)
            for batch in range(6):
                changes = [device.create(make_household(rng, DESA, date(2026, 11, 1), serial=index * 1000 + batch * 20 + i))
                           for i in range(15)]  # fmt: skip
                results = push(bases[(index + batch) % 2], device, changes)["results"]
                assert all(r["status"] == "applied" for r in results), results
                with lock:
                    pushed.update(c.record_id for c in changes)
        except BaseException as err:  # noqa: BLE001 - reported by the main thread
            errors.append(err)

    seen: set[str] = set()
    cursor, loops = 0, 0
    threads = [threading.Thread(target=run_device, args=(i, d)) for i, d in enumerate(pushers)]
    for t in threads:
        t.start()
    watcher = threading.Thread(target=lambda: ([t.join() for t in threads], done.set()))
    watcher.start()
    while not done.is_set():  # pull in a loop, alternating servers, with small pages
        page = pull(bases[loops % 2], puller, cursor, limit=37)
        seen.update(r.record_id for r in page.records)
        cursor = page.next_cursor
        loops += 1
    while True:  # then to the end
        page = pull(bases[loops % 2], puller, cursor, limit=37)
        seen.update(r.record_id for r in page.records)
        cursor, loops = page.next_cursor, loops + 1
        if not page.has_more:
            break
    watcher.join()
    assert not errors, errors
    assert len(pushed) == 10 * 6 * 15
    assert seen == pushed, f"missing {len(pushed - seen)} after {loops} pulls"


def test_a_device_switching_servers_mid_sync_sees_no_difference(servers):
    url, (a, b) = servers
    device = enroll(url, a)
    rng = random.Random(99)
    batch1 = [device.create(make_household(rng, DESA, date(2026, 11, 1), serial=9000 + i)) for i in range(5)]
    batch2 = [device.create(make_household(rng, DESA, date(2026, 11, 1), serial=9100 + i)) for i in range(5)]
    first = push(a, device, batch1, "b-1")
    retried_elsewhere = push(b, device, batch1, "b-1")  # the answer was lost; the retry goes to server B
    assert [r["status"] for r in retried_elsewhere["results"]] == ["duplicate"] * 5
    assert [r["rev"] for r in retried_elsewhere["results"]] == [r["rev"] for r in first["results"]]
    push(b, device, batch2, "b-2")
    # pull page by page, alternating servers, versus all from one server
    mixed, cursor, turn = {}, 0, 0
    while True:
        page = pull((a, b)[turn % 2], device, cursor, limit=3)
        mixed.update({r.record_id: r for r in page.records})
        cursor, turn = page.next_cursor, turn + 1
        if not page.has_more:
            break
    single, cursor = {}, 0
    while True:
        page = pull(a, device, cursor, limit=1000)
        single.update({r.record_id: r for r in page.records})
        cursor = page.next_cursor
        if not page.has_more:
            break
    mine = {c.record_id for c in batch1 + batch2}
    assert mine <= set(mixed) and {k: mixed[k] for k in mine} == {k: single[k] for k in mine}
    keys = [requests.get(f"{base}/api/v1/health", timeout=5).json()["revision"] for base in (a, b)]
    assert keys[0] == keys[1]  # both processes read the same state
