"""A USB bundle carrying 10,000 households: its size next to the raw JSON of the same changes, the time to
write it, and the district's import time next to applying the same batches without a bundle (so the
bundle's own cost — verify, decrypt, decompress — shows as a ratio), in the same run, on SQLite.

    .venv/bin/python bench/bundles.py [--households 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# Run as a script, bench/ is sys.path[0] and bench/forms.py would shadow the `forms` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the test helpers: tests/support

from forms.samples import make_household
from server.core.config import Settings
from server.core.db import get_engine, session_scope
from server.core.migrate import migrate
from server.crud.bundles import import_outbound
from server.crud.devices import enroll_file
from server.crud.push import apply_batch
from server.models import Device
from support.server_db import SimDevice
from sync.enrollment import make_enrollment_proof, read_enrollment_file
from sync.keys import KeyPair
from sync.offline import BundleKeys, export_outbound
from sync.ports import DeviceIdentity, MemoryStore
from sync.protocol import MAX_CHANGES_PER_BATCH, PushBatch

DESA = "62.03.01.2011"


def village(settings: Settings, engine, households: int) -> tuple[MemoryStore, BundleKeys]:
    with session_scope(engine) as session:
        code, file = enroll_file(session, area=DESA, settings=settings)
    answer = read_enrollment_file(file, code)
    keys = KeyPair.generate()
    proof = make_enrollment_proof(code, answer.device_id, keys.sign_public, keys.box_public)
    store = MemoryStore(device=DeviceIdentity(answer.device_id, answer.device_number, DESA, answer.token, ""))
    sim = SimDevice(answer.device_id, answer.token, DESA, keys)
    rng = random.Random(7)
    for i in range(households):
        store.add(sim.create(make_household(rng, DESA, date(2026, 11, 1), serial=i)))
    return store, BundleKeys(keys, answer.server_sign_key, answer.server_box_key, proof)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jaring-bench-bundles-") as tmp:
        results = {}
        for label in ("bundle", "direct"):
            settings = Settings(data_dir=Path(tmp) / label, database_url=f"sqlite:///{tmp}/{label}.sqlite3")
            engine = get_engine(settings.database_url)
            migrate(settings.database_url, engine)
            store, keys = village(settings, engine, args.households)
            start = time.perf_counter()
            outbound = export_outbound(store, keys)
            write_s = time.perf_counter() - start
            start = time.perf_counter()
            if label == "bundle":
                with session_scope(engine) as session:
                    summary = import_outbound(session, outbound.data, actor="bench")
                assert summary.applied == args.households, summary
            else:  # the same batches applied straight, as an HTTP push would (keys bound as the bundle would)
                batches = [p.change for p in store.outbox]
                with session_scope(engine) as session:
                    device = session.get(Device, store.device.device_id)
                    device.status = "active"
                    payload_batches = export_batches(store, batches)
                    for batch in payload_batches:
                        apply_batch(session, device=device, batch=batch)
            results[label] = time.perf_counter() - start
            if label == "bundle":
                raw = sum(len(json.dumps(p.change.model_dump(mode="json"), ensure_ascii=False).encode())
                          for p in store.outbox)  # fmt: skip
                size, write = len(outbound.data), write_s
        print(f"households                 {args.households:>10,}")
        print(f"raw JSON of the changes    {raw / 1e6:>10.2f} MB")
        print(f"bundle file                {size / 1e6:>10.2f} MB   ({size / raw:.1%} of raw JSON)")
        print(f"write the bundle           {write:>10.2f} s")
        print(f"import the bundle          {results['bundle']:>10.2f} s   "
              f"({args.households / results['bundle']:,.0f} households/s)")  # fmt: skip
        print(f"apply the same, no bundle  {results['direct']:>10.2f} s   "
              f"(bundle/direct = {results['bundle'] / results['direct']:.2f}x)")  # fmt: skip


def export_batches(store: MemoryStore, changes: list) -> list:
    return [
        PushBatch(
            device_id=store.device.device_id,
            batch_id=f"direct-{i}",
            changes=changes[i : i + MAX_CHANGES_PER_BATCH],
        )  # fmt: skip
        for i in range(0, len(changes), MAX_CHANGES_PER_BATCH)
    ]


if __name__ == "__main__":
    main()
