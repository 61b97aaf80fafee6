"""`jaring export --format xlsx|csv --out FILE [--what persons|households] [--full --reason TEXT]`: audited,
NIKs and No. KKs masked by default, headings and values in words."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.session import open_store
from app.services.export import WHAT, ExportRequest, export


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export", help="ekspor daftar orang atau rumah tangga / export persons or households"
    )
    parser.add_argument("--format", choices=["xlsx", "csv"], required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--what", choices=WHAT, default="persons",
                        help="orang atau rumah tangga / one row per person or per household")  # fmt: skip
    parser.add_argument("--full", action="store_true", help="NIK utuh dan kolom disabilitas / whole NIKs")
    parser.add_argument("--reason", default="", help="alasan ekspor lengkap / reason for a full export")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    request = ExportRequest(args.what, args.format, args.full, args.reason)
    request.check()  # refused before the store is opened: no password asked for nothing
    with open_store(args) as store:
        count = export(store, args.out, request)
    print(f"{count} baris diekspor ke / rows exported to {args.out}")
    return 0
