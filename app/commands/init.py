"""`jaring init [--area CODE]`: create the encrypted store and the first operator; print the recovery code."""

from __future__ import annotations

import argparse
import os

from app.commands.session import read_password
from app.paths import data_dir
from app.store.store import Store
from forms.problems import UserError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("init", help="buat penyimpanan terenkripsi / create the encrypted store")
    parser.add_argument("--area", help="kode wilayah, mis. 62.03.01.2011 (default: 62, Kalimantan Tengah)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    operator = args.operator or os.environ.get("JARING_OPERATOR")
    if not operator:
        raise UserError("Beri nama operator pertama dengan --operator.", "Name the first operator with --operator.",
                        code="operator_required")  # fmt: skip
    where = data_dir(args.data_dir)
    store, recovery = Store.init(where, operator, read_password(), area=args.area)
    store.close()
    print(f"Penyimpanan dibuat di / Store created in: {where}")
    print(
        "KODE PEMULIHAN / RECOVERY CODE (simpan di tempat aman; hanya ditampilkan sekali / keep it safe; shown once):"
    )
    print(recovery)
    return 0
