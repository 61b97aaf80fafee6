"""`jaring-server create-admin NAME` and `create-user NAME --area KEC`: console accounts (Argon2id hashes)."""

from __future__ import annotations

import argparse

from server.commands.database import open_database, read_password
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("create-admin", help="a district admin account")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=run, role="admin", area="")

    p = sub.add_parser("create-user", help="a TKSK account bound to a kecamatan")
    p.add_argument("username")
    p.add_argument("--area", required=True, help="kecamatan code, e.g. 62.03.01")
    p.add_argument("--role", default="tksk", choices=["tksk", "admin"])
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from server.crud.accounts import create_user

    _, engine = open_database()
    password = read_password(args.password_stdin)
    with session_scope(engine) as session:
        user = create_user(session, username=args.username, password=password, role=args.role,
                           area=args.area or "")  # fmt: skip
        print(f"{user.role} {user.username} {user.area or '(kabupaten)'}")
    return 0
