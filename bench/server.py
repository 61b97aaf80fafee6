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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # the test helpers: tests/support

import requests
import zstandard

from forms.registry import default_registry
from forms.samples import make_household
from forms.validate import validate
from server.core.config import Settings
from support.server_db import SimDevice, enroll_request, new_code, postgres_schema
from support.server_process import start_server_process, stop_server_process

DESA = "62.03.01.2011"
POSTGRES = os.environ.get("JARING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def start(url: str, count: int, data_dir: Path) -> list:
    return [start_server_process(data_dir, url) for _ in range(count)]


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


def postgres_pids() -> list[int]:
    """Every PostgreSQL process on this machine (the bench's backends among them): its CPU is part of the
    cost of a push and shares the same 2 cores."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def postgres_cpu() -> float:
    total = 0.0
    for pid in postgres_pids():
        try:
            total += cpu_seconds(pid)
        except OSError:  # ended meanwhile
            continue
    return total


def run_wave(
    jobs: list[tuple[str, SimDevice, list[bytes], int]], pids: list[int]
) -> tuple[float, list[float], int, float, float, float]:
    """Every device sends its prepared bodies in order, all devices at once; (seconds, latencies, changes,
    server CPU seconds, device-side CPU seconds, PostgreSQL CPU seconds)."""
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
    server_cpu, client_cpu, database_cpu = sum(cpu_seconds(p) for p in pids), cpu_seconds(), postgres_cpu()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    server_cpu = sum(cpu_seconds(p) for p in pids) - server_cpu
    client_cpu = cpu_seconds() - client_cpu
    database_cpu = postgres_cpu() - database_cpu
    if failures:
        raise SystemExit(f"{len(failures)} requests failed, first: {failures[0]}")
    return seconds, latencies, sum(job[3] for job in jobs), server_cpu, client_cpu, database_cpu


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def prepare(
    devices: list[SimDevice], bases: list[str], batches: int, size: int, rng: random.Random, serial
) -> list[tuple[str, SimDevice, list[bytes], int]]:  # noqa: ANN001 - an iterator
    today = date(2026, 11, 1)
    jobs = []
    for i, d in enumerate(devices):
        bodies = [body_of(d, [d.create(make_household(rng, DESA, today, serial=next(serial))) for _ in range(size)])
                  for _ in range(batches)]  # fmt: skip
        jobs.append((bases[i % len(bases)], d, bodies, batches * size))
    return jobs


def validator_cost(rng: random.Random, count: int = 300) -> float:
    """Seconds of one `forms.validate` of a household, single-threaded, in this process: the same code on
    every machine, so it says how fast this machine runs the server's Python (figures from different
    sessions' machines compare through it)."""
    form = default_registry().latest("ppks_registration")
    households = [make_household(rng, DESA, date(2026, 11, 1), serial=10**6 + i) for i in range(count)]
    for answers in households[:20]:  # warm: the plan is compiled on first use
        validate(form, answers)
    started = time.perf_counter()
    for answers in households:
        validate(form, answers)
    return (time.perf_counter() - started) / count


def report(label: str, wave: tuple[float, list[float], int, float, float, float]) -> float:
    seconds, latencies, n, server, devices, database = wave
    print(f"  {label:<27}: {n / seconds:8,.0f} changes/s  p95 {p95(latencies) * 1000:6.0f} ms   CPU per change:"
          f" server {server / n * 1e6:6.0f} µs, PostgreSQL {database / n * 1e6:5.0f}, devices {devices / n * 1e6:5.0f}"
          f"  ({n} changes)")  # fmt: skip
    return n / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--small-batch-size", type=int, default=50, help="a second wave: latency vs batch size"
    )
    parser.add_argument(
        "--single", type=int, default=20, help="changes per device in the one-request-per-change baseline"
    )
    parser.add_argument("--servers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(2026)
    import tempfile

    with postgres_schema(POSTGRES) as url, tempfile.TemporaryDirectory() as tmp:
        servers = start(url, args.servers, Path(tmp))
        bases = [base for _, base in servers]
        try:
            devices = [enroll(url, bases[i % len(bases)]) for i in range(args.devices)]
            serial = iter(range(10**7))
            print(f"preparing {args.devices} devices x {args.batches} batches x {args.batch_size} households, "
                  f"the same of {args.small_batch_size}, and {args.single} single changes each ...")  # fmt: skip
            batched = prepare(devices, bases, args.batches, args.batch_size, rng, serial)
            small = prepare(devices, bases, args.batches, args.small_batch_size, rng, serial)
            single = prepare(devices, bases, args.single, 1, rng, serial)
            pids = [process.pid for process, _ in servers]
            machine = validator_cost(random.Random(7))  # before the waves, on a quiet machine
            waves = {"single": run_wave(single, pids), "batched": run_wave(batched, pids),
                     "small": run_wave(small, pids)}  # fmt: skip
        finally:
            for process, _ in servers:
                stop_server_process(process)
    print(
        f"server: {args.devices} devices, {args.servers} serve process(es), PostgreSQL; validation, merge, audit on;"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares the machine)"
    )
    _, _, n, server_cpu, _, _ = waves["batched"]
    print(
        f"  this machine's Python: one validate() of a household {machine * 1e6:.0f} µs single-threaded; the"
        f" server's CPU per household in batches of {args.batch_size} is {server_cpu / n / machine:.1f}x that"
    )
    base_rate = report("baseline, 1 change/request", waves["single"])
    batch_rate = report(f"batches of {args.batch_size}", waves["batched"])
    report(f"batches of {args.small_batch_size}", waves["small"])
    batch_p95 = p95(waves["batched"][1])
    in_flight = args.devices * args.batch_size
    print(f"  ratio batched/baseline     : {batch_rate / base_rate:.1f}x   targets >= 5,000/s: "
          f"{'met' if batch_rate >= 5000 else 'NOT met'}; p95 <= 1 s: {'met' if batch_p95 <= 1 else 'NOT met'}")  # fmt: skip
    print(f"  (closed loop: {args.devices} devices keep {in_flight:,} households in flight, so the mean latency is "
          f"{in_flight:,} / throughput — {in_flight / batch_rate:.1f} s at {batch_rate:,.0f}/s; a p95 of 1 s with "
          f"batches of {args.batch_size} needs over {in_flight:,}/s)")  # fmt: skip


if __name__ == "__main__":
    main()
