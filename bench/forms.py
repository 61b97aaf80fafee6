"""Validate 10,000 realistic household records (3–7 members) on one core; compare with a plain traversal of
the same dicts measured in the same run. Target: >= 5,000 records/s (the server validates every merged record).

    .venv/bin/python bench/forms.py [--records N]
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
    args = parser.parse_args()
    today = date.today()
    rng = random.Random(2026)
    records = [make_household(rng, "62.03.01.2011", today, serial=i) for i in range(args.records)]
    members = sum(len(r["anggota"]) for r in records)
    form = default_registry().get("ppks_registration", 1)
    validate(form, records[0], today=today)  # warm caches (regions, compiled expressions)

    start = time.perf_counter()
    leaves = sum(traverse(r) for r in records)
    base_s = time.perf_counter() - start

    start = time.perf_counter()
    errors = sum(len(validate(form, r, today=today).errors) for r in records)
    valid_s = time.perf_counter() - start

    rate, base_rate = args.records / valid_s, args.records / base_s
    print(f"forms: {args.records} households, {members} members ({members / args.records:.1f} per household)")
    print(f"  baseline dict traversal : {base_rate:12,.0f} records/s ({leaves} values)")
    print(
        f"  validate()              : {rate:12,.0f} records/s ({valid_s * 1e6 / args.records:.0f} µs/record)"
    )
    print(f"  ratio validate/baseline : {rate / base_rate:.3f}   target >= 5,000 records/s: "
          f"{'met' if rate >= 5000 else 'NOT met'}; errors found: {errors}")  # fmt: skip


if __name__ == "__main__":
    main()
