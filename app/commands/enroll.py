"""`jaring enroll --server URL --code CODE` (online) or `jaring enroll --file FILE --code CODE` (a village
without a network: the district's enrollment file and its printed one-time code)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.session import open_store
from app.services.enrollment import enroll_by_file, enroll_online


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("enroll", help="daftarkan laptop ke server / enroll this laptop")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--server", help="alamat server / server URL")
    where.add_argument("--file", type=Path, help="berkas pendaftaran / enrollment file")
    parser.add_argument("--code", required=True, help="kode sekali pakai / one-time code")
    parser.add_argument("--label", default="", help="nama laptop / laptop label")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.server:
            answer = enroll_online(store, args.server, args.code, label=args.label)
        else:
            answer = enroll_by_file(store, args.file, args.code)
    print(f"Terdaftar / enrolled: {answer.device_id} (#{answer.device_number}), wilayah/area {answer.area}")
    return 0
