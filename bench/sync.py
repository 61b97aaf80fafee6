"""Push realistic households to a real district server on loopback and compare, in the same run:

- batched + zstd (the client as shipped) against (a) one HTTP request per record, as ODK/OpenRosa submits,
  and (b) the same batches uncompressed: records/s, bytes on the wire per record and the ratios;
- the same push through a proxy throttled to 128 kbit/s, next to the physical limit (wire bytes ÷ bandwidth).

Wire bytes are counted by a pass-through TCP proxy (HTTP headers included), the same for every variant.
Targets (issue #17): >= 20x the per-record rate; wire bytes <= 15% of raw JSON; <= 1.3x the physical limit.

    .venv/bin/python bench/sync.py [--records N] [--per-record N] [--throttled N]
"""

from __future__ import annotations

import argparse
import random
import socket
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

# Run as a script, bench/ is sys.path[0] and bench/forms.py would shadow the `forms` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fault proxy lives with the tests

import requests  # noqa: E402
import uvicorn  # noqa: E402

from forms.samples import make_household  # noqa: E402
from server.api.main import create_app  # noqa: E402
from server.core.config import Settings  # noqa: E402
from support.faultproxy import FaultProxy  # noqa: E402
from support.server_db import SimDevice, enroll_request, new_code  # noqa: E402
from sync.batching import BatchSizer  # noqa: E402
from sync.client import SyncClient  # noqa: E402
from sync.ports import DeviceIdentity, MemoryStore, SyncRun  # noqa: E402
from sync.transport import Transport  # noqa: E402

DESA = "62.03.01.2011"
KBIT_128 = 128_000 / 8  # bytes per second


def start_server(tmp: Path) -> tuple[int, Settings]:
    settings = Settings(data_dir=tmp / "srv", database_url=f"sqlite:///{tmp / 'server.sqlite3'}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))  # fmt: skip
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.02)
    return port, settings


def device(port: int, settings: Settings, records: int, tag: str) -> tuple[MemoryStore, SimDevice, int]:
    body, keys = enroll_request(new_code(settings, DESA))
    data = requests.post(f"http://127.0.0.1:{port}/api/v1/enroll", json=body, timeout=30).json()
    sim = SimDevice(data["device_id"], data["token"], data["area"], keys)
    store = MemoryStore(DeviceIdentity(sim.device_id, 1, DESA, sim.token, ""))
    rng = random.Random(tag)
    raw = 0
    for i in range(records):
        change = sim.create(
            make_household(rng, DESA, date(2026, 11, 1), serial=i), record_id=f"{tag}-{i:06d}"
        )
        raw += len(change.model_dump_json())
        store.add(change)
    return store, sim, raw


def push(port: int, settings: Settings, records: int, tag: str, *, size: int, compress: bool,
         bandwidth: float | None = None) -> dict:  # fmt: skip
    store, sim, raw = device(port, settings, records, tag)
    with FaultProxy(port, bandwidth=bandwidth) as proxy:
        transport = Transport(proxy.url, sim.token, read_timeout=600)
        client = SyncClient(
            store, transport, BatchSizer(size=size, minimum=size, maximum=size), compress=compress
        )
        started = time.perf_counter()
        run = SyncRun(run_id=tag)
        client._push(run, sim.device_id)
        seconds = time.perf_counter() - started
    assert run.applied == records and not store.rejected, run
    return {"records": records, "seconds": seconds, "rate": records / seconds, "wire": proxy.wire_bytes,
            "per_record": proxy.wire_bytes / records, "raw": raw}  # fmt: skip


def show(name: str, r: dict) -> None:
    print(f"{name:38s} {r['records']:6d} rec {r['seconds']:7.2f} s {r['rate']:8.0f} rec/s "
          f"{r['per_record']:7.0f} B/rec on the wire ({100 * r['wire'] / r['raw']:5.1f}% of raw JSON)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--per-record", type=int, default=1_000, help="records pushed one request each")
    parser.add_argument("--throttled", type=int, default=500, help="records pushed through 128 kbit/s")
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port, settings = start_server(Path(tmp))
        batched = push(port, settings, args.records, "zstd", size=args.batch, compress=True)
        plain = push(port, settings, args.records, "plain", size=args.batch, compress=False)
        single = push(port, settings, args.per_record, "single", size=1, compress=False)
        show(f"batches of {args.batch}, zstd", batched)
        show(f"batches of {args.batch}, uncompressed", plain)
        show("one request per record (OpenRosa-like)", single)
        print(f"rate vs one request per record: {batched['rate'] / single['rate']:.1f}x (target >= 20x)")
        print(f"rate vs uncompressed batches:   {batched['rate'] / plain['rate']:.2f}x")
        print(f"wire bytes vs raw JSON:         {100 * batched['wire'] / batched['raw']:.1f}% (target <= 15%); "
              f"uncompressed {100 * plain['wire'] / plain['raw']:.1f}%")  # fmt: skip
        slow = push(
            port, settings, args.throttled, "slow", size=args.batch, compress=True, bandwidth=KBIT_128
        )
        limit = slow["wire"] / KBIT_128
        print(f"128 kbit/s: {args.throttled} records in {slow['seconds']:.1f} s; physical limit "
              f"{limit:.1f} s ({slow['wire']} B ÷ 16,000 B/s): {slow['seconds'] / limit:.2f}x (target <= 1.3x)")  # fmt: skip


if __name__ == "__main__":
    main()
