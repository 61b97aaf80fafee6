"""`jaring status [--json]`: records, pending outbox changes, last sync."""

from __future__ import annotations

import argparse
import json

from app.commands.session import open_store
from app.services.search import totals


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("status", help="ringkasan data / summary")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        status = {
            **totals(store),
            "outbox": store.outbox_counts(),
            "last_sync": store.sync.last_sync(),
            "area": store.area,
            "practice_mode": store.practice,
            "device_id": store.device_id,
        }
    if args.json:
        print(json.dumps(status, indent=1))
    else:
        mode = "LATIHAN / PRACTICE" if status["practice_mode"] else "terdaftar / enrolled"
        print(f"wilayah/area {status['area']} ({mode})")
        print(f"rumah tangga/households {status['households']}, orang/persons {status['persons']} "
              f"(tanpa NIK/without NIK {status['persons_without_nik']}), pengaduan/complaints {status['complaints']}")  # fmt: skip
        print(f"antrean kirim/outbox pending {status['outbox']['pending']}, "
              f"sinkron terakhir/last sync {status['last_sync'] or '-'}")  # fmt: skip
    return 0
