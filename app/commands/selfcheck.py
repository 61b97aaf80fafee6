"""`jaring selfcheck`: proves an installed copy works — run by the packaging smoke test on the bundle.

Each check is a small function returning a detail string or raising; the command prints one line per
check and exits 0 only when all pass. Checks grow as parts land (store, forms, receipts, sync).
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

import resources


def check_resources(workdir: Path) -> str:
    needed = [resources.path("fonts", "DejaVuSans.ttf"), resources.path("icons", "jaring.png")]
    missing = [str(p) for p in needed if not p.is_file()]
    if missing:
        raise RuntimeError(f"missing resources: {missing}")
    return f"{len(needed)} resource files"


def check_window(workdir: Path) -> str:
    from app.ui.selfcheck import render_main_window

    png = render_main_window(workdir / "window.png")
    return f"main window rendered ({png.stat().st_size} bytes PNG)"


CHECKS: list[tuple[str, Callable[[Path], str]]] = [
    ("resources", check_resources),
    ("window", check_window),
]


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("selfcheck", help="periksa instalasi ini / check this installation")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="jaring-selfcheck-") as tmp:
        for name, check in CHECKS:
            try:
                detail = check(Path(tmp))
            except Exception as exc:  # report every failing check, not just the first
                failures += 1
                print(f"GAGAL/FAIL {name}: {type(exc).__name__}: {exc}")
            else:
                print(f"OK   {name}: {detail}")
    print("selfcheck: " + ("semua baik / all good" if not failures else f"{failures} gagal / failed"))
    return 1 if failures else 0
