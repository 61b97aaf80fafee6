"""Validate 10,000 realistic household records (3–7 members) on one core; compare with a plain traversal of
the same dicts measured in the same run. Target: >= 5,000 records/s (the server validates every merged record).

Each is timed over `--passes` passes and the fastest pass counts (as `timeit` does): the machine is shared,
and a slow pass measures the neighbours, not the code. Every pass is printed so the spread is visible.

    .venv/bin/python bench/forms.py [--records N] [--passes P]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path

# Run as a script, bench/ is sys.path[0] and this file would shadow the `forms` package: drop it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from forms.registry import default_registry
from forms.samples import make_household
from forms.validate import validate


def traverse(node) -> int:
    """The baseline: visit every value of a record once, doing nothing with it."""
    if isinstance(node, dict):
        return sum(traverse(v) for v in node.values())
    if isinstance(node, list):
        return sum(traverse(v) for v in node)
    return 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    today = date.today()
    rng = random.Random(2026)
    records = [make_household(rng, "62.03.01.2011", today, serial=i) for i in range(args.records)]
    members = sum(len(r["anggota"]) for r in records)
    form = default_registry().get("ppks_registration", 1)
    validate(form, records[0], today=today)  # warm caches (regions, compiled expressions)

    def fastest(work) -> tuple[float, object, list[float]]:
        times, out = [], None
        for _ in range(max(1, args.passes)):
            start = time.perf_counter()
            out = work()
            times.append(time.perf_counter() - start)
        return min(times), out, times

    base_s, leaves, base_times = fastest(lambda: sum(traverse(r) for r in records))
    valid_s, errors, valid_times = fastest(
        lambda: sum(len(validate(form, r, today=today).errors) for r in records)
    )

    rate, base_rate = args.records / valid_s, args.records / base_s
    print(f"forms: {args.records} households, {members} members ({members / args.records:.1f} per household)")
    print(f"  baseline dict traversal : {base_rate:12,.0f} records/s ({leaves} values)")
    print(
        f"  validate()              : {rate:12,.0f} records/s ({valid_s * 1e6 / args.records:.0f} µs/record)"
    )
    print(f"  passes (s)              : baseline {', '.join(f'{t:.3f}' for t in base_times)}; "
          f"validate {', '.join(f'{t:.3f}' for t in valid_times)}")  # fmt: skip
    print(f"  ratio validate/baseline : {rate / base_rate:.3f}   target >= 5,000 records/s: "
          f"{'met' if rate >= 5000 else 'NOT met'}; errors found: {errors}")  # fmt: skip


if __name__ == "__main__":
    main()
