"""`jaring demo-data --households N`: realistic data through the services, with a progress bar."""

from __future__ import annotations

import argparse
import sys
import time

from app.commands.session import open_store
from app.services.demo import make_demo_data


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo-data", help="isi data contoh / create demo data")
    parser.add_argument("--households", type=int, default=100)
    parser.set_defaults(func=run)


def progress_bar(done: int, total: int, started: float) -> None:
    if done != total and done % max(1, total // 100):
        return
    width = 30
    filled = width * done // max(total, 1)
    rate = done / max(time.monotonic() - started, 1e-9)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} rumah tangga ({rate:.0f}/s)")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        started = time.monotonic()
        make_demo_data(store, max(0, args.households), progress=lambda d, t: progress_bar(d, t, started))
    print(f"{args.households} rumah tangga dibuat / households created in {time.monotonic() - started:.1f} s")
    return 0
