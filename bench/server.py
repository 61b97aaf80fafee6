"""50 simulated devices pushing batches at once into PostgreSQL through real `jaring-server serve`
processes, with validation of the merged record, merge and audit on; next to a baseline of one request per
change from the same devices, in the same run. Targets: >= 5,000 changes (households) per second, p95 batch
latency <= 1 s.

    .venv/bin/python bench/server.py [--devices 50] [--batches 4] [--batch-size 200] [--servers 2]

Needs the PostgreSQL at 127.0.0.1:5432 (JARING_TEST_POSTGRES_URL overrides); works in a throwaway schema.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path

# Run as a script, bench/ is sys.path[0] and bench/forms.py would shadow the `forms` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import requests
import zstandard

from forms.samples import make_household
from server.core.config import Settings
from server.testing import SimDevice, enroll_request, new_code, postgres_schema

DESA = "62.03.01.2011"
POSTGRES = os.environ.get("JARING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def start(url: str, count: int, data_dir: Path) -> list:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_server_postgres import start_server  # the tests' launcher: one process per server

    return [start_server(url, data_dir) for _ in range(count)]


def enroll(url: str, base: str) -> SimDevice:
    body, keys = enroll_request(new_code(Settings(data_dir=Path("."), database_url=url), DESA))
    data = requests.post(f"{base}/api/v1/enroll", json=body, timeout=30).json()
    return SimDevice(data["device_id"], data["token"], data["area"], keys)


def body_of(device: SimDevice, changes) -> bytes:
    return zstandard.ZstdCompressor(level=3).compress(json.dumps(device.batch(changes)).encode())


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user + system) a process has used so far: on a machine shared with other work, CPU per change
    says more than changes per second. None: this process (the simulated devices)."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wave(
    jobs: list[tuple[str, SimDevice, list[bytes], int]], pids: list[int]
) -> tuple[float, list[float], int, float, float]:
    """Every device sends its prepared bodies in order, all devices at once;
    (seconds, latencies, changes, server CPU seconds, device-side CPU seconds)."""
    latencies: list[float] = []
    lock, barrier = threading.Lock(), threading.Barrier(len(jobs) + 1)
    failures: list[str] = []

    def device_loop(base: str, device: SimDevice, bodies: list[bytes]) -> None:
        session = requests.Session()
        headers = {**device.headers, "Content-Encoding": "zstd", "Content-Type": "application/json"}
        barrier.wait()
        for body in bodies:
            started = time.perf_counter()
            response = session.post(f"{base}/api/v1/sync/push", data=body, headers=headers, timeout=300)
            elapsed = time.perf_counter() - started
            if response.status_code != 200 or any(
                r["status"] != "applied" for r in response.json()["results"]
            ):
                failures.append(response.text[:300])
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=device_loop, args=job[:3]) for job in jobs]
    for t in threads:
        t.start()
    barrier.wait()
    started = time.perf_counter()
    server_cpu, client_cpu = sum(cpu_seconds(p) for p in pids), cpu_seconds()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    server_cpu = sum(cpu_seconds(p) for p in pids) - server_cpu
    client_cpu = cpu_seconds() - client_cpu
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, first: {failures[0]}")
    return seconds, latencies, sum(job[3] for job in jobs), server_cpu, client_cpu


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--single", type=int, default=20, help="changes per device in the one-request-per-change baseline"
    )
    parser.add_argument("--servers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(2026)
    today = date(2026, 11, 1)
    import tempfile

    with postgres_schema(POSTGRES) as url, tempfile.TemporaryDirectory() as tmp:
        servers = start(url, args.servers, Path(tmp))
        bases = [base for _, base in servers]
        try:
            devices = [enroll(url, bases[i % len(bases)]) for i in range(args.devices)]
            serial = iter(range(10**7))
            print(
                f"preparing {args.devices} devices x {args.batches} batches x {args.batch_size} households ..."
            )
            batched = []
            for i, d in enumerate(devices):
                bodies = [body_of(d, [d.create(make_household(rng, DESA, today, serial=next(serial)))
                                      for _ in range(args.batch_size)]) for _ in range(args.batches)]  # fmt: skip
                batched.append((bases[i % len(bases)], d, bodies, args.batches * args.batch_size))
            single = []
            for i, d in enumerate(devices):
                bodies = [body_of(d, [d.create(make_household(rng, DESA, today, serial=next(serial)))])
                          for _ in range(args.single)]  # fmt: skip
                single.append((bases[i % len(bases)], d, bodies, args.single))
            pids = [process.pid for process, _ in servers]
            base_s, base_lat, base_n, base_cpu, base_client = run_wave(single, pids)
            batch_s, batch_lat, batch_n, batch_cpu, batch_client = run_wave(batched, pids)
        finally:
            for process, _ in servers:
                process.terminate()
                process.wait(timeout=30)
    base_rate, batch_rate = base_n / base_s, batch_n / batch_s
    print(
        f"server: {args.devices} devices, {args.servers} serve process(es), PostgreSQL; validation, merge, audit on;"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares the machine)"
    )
    print(f"  baseline, 1 change/request : {base_rate:10,.0f} changes/s  p95 {p95(base_lat) * 1000:7.0f} ms"
          f"  server CPU {base_cpu / base_n * 1e6:6.0f} µs/change, devices {base_client / base_n * 1e6:5.0f}"
          f"  ({base_n} changes)")  # fmt: skip
    print(f"  batches of {args.batch_size:<4}          : {batch_rate:10,.0f} changes/s  p95 {p95(batch_lat) * 1000:7.0f} ms"
          f"  server CPU {batch_cpu / batch_n * 1e6:6.0f} µs/change, devices {batch_client / batch_n * 1e6:5.0f}"
          f"  ({batch_n} changes)")  # fmt: skip
    print(f"  ratio batched/baseline     : {batch_rate / base_rate:.1f}x   targets >= 5,000/s: "
          f"{'met' if batch_rate >= 5000 else 'NOT met'}; p95 <= 1 s: {'met' if p95(batch_lat) <= 1 else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
