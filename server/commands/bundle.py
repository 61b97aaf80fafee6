"""`jaring-server bundle import FILE` and `bundle return --device --out`: the offline USB bundles, straight
into and out of the database (the same crud/bundles.py as the API)."""

from __future__ import annotations

import argparse
import json

from server.commands.database import open_database, read_file, write_file
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    bundle = sub.add_parser("bundle", help="offline USB bundles").add_subparsers(
        dest="bundle_command", required=True
    )
    p = bundle.add_parser("import", help="import a village's outbound bundle directly")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run_import)
    p = bundle.add_parser("return", help="write a device's return bundle (results and what it would pull)")
    p.add_argument("--device", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(func=run_return)


def run_import(args: argparse.Namespace) -> int:
    from server.crud.bundles import import_outbound

    data = read_file(args.file)
    _, engine = open_database()
    with session_scope(engine) as session:
        summary = import_outbound(session, data, actor="cli")
    print(json.dumps(summary.to_json(), ensure_ascii=False) if args.json else
          f"perangkat/device {summary.device_id}: {summary.changes} perubahan/changes — "
          f"diterapkan/applied {summary.applied}, duplikat/duplicates {summary.duplicates}, "
          f"konflik/conflicts {summary.conflicts}, ditolak/rejected {summary.rejected}, "
          f"lampiran/attachments {summary.attachments}")  # fmt: skip
    return 0


def run_return(args: argparse.Namespace) -> int:
    from server.crud.bundles import write_return

    settings, engine = open_database()
    with session_scope(engine) as session:
        data = write_return(session, device_id=args.device, actor="cli", page_size=settings.pull_page_size)
    write_file(args.out, data)
    print(f"{args.out} ({len(data)} bita/bytes)")
    return 0
