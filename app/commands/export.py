"""`jaring export --format xlsx|csv --out FILE [--full --reason TEXT]`: audited, NIKs masked by default."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.session import open_store
from app.services.export import ExportReasonRequired, export_persons


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="ekspor daftar orang / export the persons list")
    parser.add_argument("--format", choices=["xlsx", "csv"], required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--full", action="store_true", help="NIK utuh dan kolom disabilitas / whole NIKs")
    parser.add_argument("--reason", default="", help="alasan ekspor lengkap / reason for a full export")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.full and not args.reason.strip():
        raise ExportReasonRequired()
    with open_store(args) as store:
        count = export_persons(store, args.out, fmt=args.format, full=args.full, reason=args.reason)
    print(f"{count} baris diekspor ke / rows exported to {args.out}")
    return 0
