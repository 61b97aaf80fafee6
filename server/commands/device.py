"""`jaring-server device revoke ID`: refuse a device's token from now on (audited)."""

from __future__ import annotations

import argparse

from server.commands.database import open_database
from server.core.db import session_scope


def register(sub: argparse._SubParsersAction) -> None:
    device = sub.add_parser("device", help="manage devices").add_subparsers(
        dest="device_command", required=True
    )
    p = device.add_parser("revoke", help="refuse this device's token from now on")
    p.add_argument("device_id")
    p.set_defaults(func=run_revoke)


def run_revoke(args: argparse.Namespace) -> int:
    from server.crud.devices import revoke_device

    _, engine = open_database()
    with session_scope(engine) as session:
        device = revoke_device(session, device_id=args.device_id)
        print(f"revoked {device.id} ({device.area} #{device.number})")
    return 0
