"""`jaring-server retention show | set RULE YEARS | off RULE | run [--dry-run]`: how long each kind of record is
kept after its purpose ended, and erasing what is past it (crud/retention.py). `--dry-run` prints exactly the
list the real run then erases, and erases nothing."""

from __future__ import annotations

import argparse

from server.commands.database import open_database
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    retention = sub.add_parser("retention", help="how long records are kept, and erasing what is past it")
    commands = retention.add_subparsers(dest="retention_command", required=True)
    commands.add_parser("show", help="the rules").set_defaults(func=run_show)
    p = commands.add_parser("set", help="keep RULE's records YEARS years")
    p.add_argument("rule")
    p.add_argument("years", type=int)
    p.set_defaults(func=run_set)
    p = commands.add_parser("off", help="turn RULE off")
    p.add_argument("rule")
    p.set_defaults(func=run_set, years=None)
    p = commands.add_parser("run", help="erase what is past its rule")
    p.add_argument("--dry-run", action="store_true", help="only print what would be erased")
    p.set_defaults(func=run_run)


def run_show(args: argparse.Namespace) -> int:
    from server.crud.retention import RULES, rules

    _, engine = open_database()
    with session_scope(engine) as session:
        kept = rules(session)
    for name, (id_text, en_text) in RULES.items():
        years = kept[name]
        said = f"{years} tahun / years" if years is not None else "mati / off"
        print(f"{name:20} {said:22} {id_text} / {en_text}")
    return 0


def run_set(args: argparse.Namespace) -> int:
    from server.crud.retention import set_rule

    _, engine = open_database()
    with session_scope(engine) as session:
        set_rule(session, args.rule, args.years, actor="cli")
    return run_show(args)


def run_run(args: argparse.Namespace) -> int:
    from server.crud.retention import due, run

    _, engine = open_database()
    with session_scope(engine) as session:
        listed = due(session)
        if not args.dry_run:
            run(session, listed, actor="cli")
    verb = "akan dihapus / would be erased" if args.dry_run else "dihapus / erased"
    for item in listed:
        print(
            f"{verb}: {item.record_id} ({item.kind}, {item.area}, {item.rule} sejak/since {item.since:%Y-%m-%d})"
        )
    print(f"{len(listed)} data {verb}")
    return 0
