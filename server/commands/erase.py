"""`jaring-server erase RECORD_ID... --reason TEXT [--legal-basis TEXT]`: erase records for good (a citizen's
request under UU 27/2022): gone from the server at once, and from every laptop at its next pull or return bundle
(crud/erasure.py). Audited; prints what went."""

from __future__ import annotations

import argparse

from server.commands.database import open_database
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("erase", help="erase records for good, on the server and on every laptop")
    p.add_argument("record_ids", nargs="+", metavar="RECORD_ID")
    p.add_argument("--reason", required=True, help="why (e.g. the citizen's request of <date>)")
    p.add_argument("--legal-basis", default="", help="e.g. UU 27/2022 Pasal 8")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from server.crud.erasure import erase

    _, engine = open_database()
    with session_scope(engine) as session:
        done = erase(session, args.record_ids, actor="cli", reason=args.reason, legal_basis=args.legal_basis)
    for erased in done:
        photos = f", {erased.photos} foto" if erased.photos else ""
        print(f"dihapus / erased: {erased.record_id} ({erased.kind}, {erased.area}{photos})")
    return 0
