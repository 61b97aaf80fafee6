"""`jaring-server stats [--json]`: counts per kind and area."""

from __future__ import annotations

import argparse
import json

from server.commands.database import open_database
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="counts per kind and area")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from server.crud.stats import stats

    _, engine = open_database()
    with session_scope(engine) as session:
        figures = stats(session)
    if args.json:
        print(json.dumps(figures, indent=1, sort_keys=True))
    else:
        print(f"records: {figures['records']}; devices: {figures['devices']}; persons: {figures['persons']}")
        for area, counts in figures["by_area"].items():
            print(f"  {area}: {counts}")
    return 0
