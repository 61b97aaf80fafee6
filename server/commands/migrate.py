"""`jaring-server migrate`: bring the database to the newest schema (every other command does it first too)."""

from __future__ import annotations

import argparse

from server.commands.database import open_database, shown_url


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=run)


def run(_args: argparse.Namespace) -> int:
    settings, _ = open_database()
    print(f"database at the newest schema: {shown_url(settings.database_url)}")
    return 0
