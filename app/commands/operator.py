"""`jaring operator add|remove|passwd|list` — each touches only that operator's key slot."""

from __future__ import annotations

import argparse

from app.commands.session import open_store, read_password
from app.paths import data_dir
from app.store.store import Store


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("operator", help="kelola operator / manage operators")
    ops = parser.add_subparsers(dest="operator_command", required=True, metavar="PERINTAH")
    add = ops.add_parser("add", help="tambah operator / add an operator")
    add.add_argument("name")
    add.set_defaults(func=run_add)
    remove = ops.add_parser("remove", help="hapus operator / remove an operator")
    remove.add_argument("name")
    remove.set_defaults(func=run_remove)
    passwd = ops.add_parser("passwd", help="ganti kata sandi / change a password")
    passwd.add_argument("name")
    passwd.set_defaults(func=run_passwd)
    ops.add_parser("list", help="daftar operator / list operators").set_defaults(func=run_list)


def run_list(args: argparse.Namespace) -> int:
    for name in Store.operators(data_dir(args.data_dir)):
        print(name)
    return 0


def new_password() -> str:
    """The operator's new password (JARING_NEW_PASSWORD, or asked after the store's own password)."""
    return read_password("Kata sandi baru / New password: ", env="JARING_NEW_PASSWORD")


def run_add(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.add_operator(args.name, new_password())
    print(f"Operator '{args.name}' ditambahkan / added.")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.remove_operator(args.name)
    print(f"Operator '{args.name}' dihapus / removed.")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        store.change_password(args.name, new_password())
    print(f"Kata sandi '{args.name}' diganti / password changed.")
    return 0
