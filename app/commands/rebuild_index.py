"""`jaring rebuild-index`: rebuild every projection and the search index from the records."""

from __future__ import annotations

import argparse

from app.commands.session import open_store


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("rebuild-index", help="bangun ulang indeks / rebuild projections").set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        count = store.records.rebuild_index()
    print(f"{count} data diindeks ulang / records reindexed")
    return 0
