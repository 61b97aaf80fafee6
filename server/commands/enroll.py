"""`jaring-server enroll-code --area` and `enroll-file --area --out`: a one-time code, or a file and its code
for a village without network (the same crud/devices.py functions as the console's devices page)."""

from __future__ import annotations

import argparse
import sys

from server.commands.database import open_database, write_file
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("enroll-code", help="a one-time enrollment code for a desa or kecamatan")
    p.add_argument("--area", required=True)
    p.set_defaults(func=run_code)

    p = sub.add_parser("enroll-file", help="an enrollment file (and its code) for a village without network")
    p.add_argument("--area", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--label", default="")
    p.set_defaults(func=run_file)


def run_code(args: argparse.Namespace) -> int:
    from server.crud.devices import issue_code

    settings, engine = open_database()
    with session_scope(engine) as session:
        code = issue_code(session, area=args.area, settings=settings)
    print(code)
    return 0


def run_file(args: argparse.Namespace) -> int:
    from server.crud.devices import enroll_file

    settings, engine = open_database()
    with session_scope(engine) as session:
        code, data = enroll_file(session, area=args.area, settings=settings, label=args.label)
        write_file(args.out, data)  # inside the transaction: no code is kept when the file cannot be written
    print(code)
    print(f"berkas/file: {args.out} (kode berlaku sampai dipakai atau {settings.file_code_days} hari / "
          f"code valid until used or {settings.file_code_days} days)", file=sys.stderr)  # fmt: skip
    return 0
