"""`jaring-server reference publish NAME VERSION FILE`: a reference data set (JSON) for devices to pull."""

from __future__ import annotations

import argparse

from server.commands.database import open_database, read_json
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    reference = sub.add_parser("reference", help="reference data").add_subparsers(
        dest="ref_command", required=True
    )
    p = reference.add_parser("publish", help="publish a reference data set (JSON) to devices")
    p.add_argument("name")
    p.add_argument("version")
    p.add_argument("file")
    p.set_defaults(func=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    from server.crud.reference import publish_reference

    _, engine = open_database()
    data = read_json(args.file)
    with session_scope(engine) as session:
        publish_reference(session, name=args.name, version=args.version, data=data)
    print(f"{args.name} {args.version} published")
    return 0
