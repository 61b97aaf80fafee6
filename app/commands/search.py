"""`jaring search TEXT`: persons by name (spelling variants), NIK, No. KK or desa."""

from __future__ import annotations

import argparse

from app.commands.session import open_store
from app.services.search import list_persons


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("search", help="cari orang / search persons")
    parser.add_argument("text")
    parser.add_argument("--limit", type=int, default=20)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        page = list_persons(store, query=args.text, limit=args.limit)
        store.audit("search", detail=f"{page.total} results")
    for p in page.rows:
        print(
            f"{p.name:30} {p.nik or '(tanpa NIK: ' + (p.no_nik_reason or '-') + ')':22} {p.desa_name or ''}"
        )
    print(f"{page.total} ditemukan / found")
    return 0
