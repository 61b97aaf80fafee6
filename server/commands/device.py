"""`jaring-server device revoke ID`: refuse a device's token from now on (audited).
`jaring-server device held ID [--csv FILE]`: whose data a lost laptop (or its USB bundles) held and since when —
every record and person it pulled or pushed — for the breach notice (audited)."""

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
    held = device.add_parser("held", help="whose data this device held and since when (a lost laptop)")
    held.add_argument("device_id")
    held.add_argument("--csv", help="also write the list to this CSV file")
    held.set_defaults(func=run_held)


def run_revoke(args: argparse.Namespace) -> int:
    from server.crud.devices import revoke_device

    _, engine = open_database()
    with session_scope(engine) as session:
        device = revoke_device(session, device_id=args.device_id)
        print(f"revoked {device.id} ({device.area} #{device.number})")
    return 0


def run_held(args: argparse.Namespace) -> int:
    import csv

    from server.crud.device_reach import held_by_device
    from server.web.export import _cell

    _, engine = open_database()
    with session_scope(engine) as session:
        held = held_by_device(session, args.device_id, actor="cli")
    rows = [(h.since.strftime("%Y-%m-%d %H:%M"), "+".join(w for w, on in (("ditarik", h.pulled), ("dikirim", h.pushed)) if on),
             h.kind, h.area, h.record_id, h.reference, member, name, nik)
            for h in held for member, name, nik in (h.persons or [("", "", "")])]  # fmt: skip
    persons = sum(len(h.persons) for h in held)
    print(f"{args.device_id}: {len(held)} data, {persons} orang / {len(held)} records, {persons} persons")
    for row in rows:
        print("  " + " · ".join(part for part in row if part))
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(
                ["sejak", "cara", "jenis", "wilayah", "record_id", "nomor", "member_id", "nama", "nik"]
            )
            writer.writerows([[_cell(v) for v in row] for row in rows])  # a name like "=..." stays text
    return 0
