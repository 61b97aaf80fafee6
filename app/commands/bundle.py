"""`jaring bundle export|import|list|take|relay`: USB bundles for villages that never see a network.

export  — this laptop's pending changes, signed and encrypted to the district (they stay pending).
import  — a return bundle for this laptop is applied; another village's bundle is kept to carry.
list    — what this laptop carries (to the district, and back to villages).
take    — copy a carried return bundle onto the stick for its village.
relay   — upload carried bundles and fetch their return bundles (`jaring sync` does this too).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.session import open_store
from app.services import bundles


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bundle", help="bundel USB / USB bundles")
    actions = parser.add_subparsers(dest="bundle_command", required=True, metavar="AKSI")
    p = actions.add_parser("export", help="ekspor perubahan tertunda / export pending changes")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=run_export)
    p = actions.add_parser("import", help="impor bundel / import a bundle")
    p.add_argument("file", type=Path)
    p.set_defaults(func=run_import)
    p = actions.add_parser("list", help="bundel yang dibawa / bundles carried")
    p.set_defaults(func=run_list)
    p = actions.add_parser("take", help="salin bundel balasan untuk desa / copy a village's return bundle")
    p.add_argument("--device", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=run_take)
    p = actions.add_parser("relay", help="kirim dan ambil bundel yang dibawa / relay carried bundles")
    p.add_argument("--server", help="alamat server untuk kali ini / server URL for this run")
    p.set_defaults(func=run_relay)


def run_export(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        out = bundles.export_bundle(store, args.out)
    print(f"{args.out}: {out.changes} perubahan / changes ({len(out.data)} bita/bytes). "
          "Perubahan tetap tertunda sampai bundel balasan diimpor / "
          "changes stay pending until the return bundle is imported.")  # fmt: skip
    return 0


def run_import(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        outcome = bundles.import_bundle(store, args.file)
    if outcome.kind == "return":
        s = outcome.summary
        print(f"diakui/acknowledged {s.acknowledged}, duplikat/duplicates {s.duplicates}, "
              f"konflik/conflicts {s.conflicts}, ditolak/rejected {s.rejected}, diterima/received {s.received}")  # fmt: skip
        for record_id, reasons in s.rejections:
            print(f"  ditolak/rejected {record_id}: {'; '.join(reasons)}")
        return 1 if s.rejected else 0
    where = (
        "ke Dinas Sosial / to the district"
        if outcome.kind == "carry"
        else "kembali ke desa / back to the village"
    )
    print(f"bundel perangkat {outcome.device} disimpan untuk dibawa {where}: {outcome.path}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        items = bundles.carried(store)
    if not items:
        print("Tidak ada bundel yang dibawa / no bundles carried.")
    for item in items:
        label = "ke Dinas/to district" if item.direction == "outbound" else "ke desa/to village"
        print(f"{label:22} {item.device}  {item.size:>10} bita/bytes  {item.created_at}  {item.path}")
    return 0


def run_take(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        bundles.take_return(store, args.device, args.out)
    print(f"{args.out}")
    return 0


def run_relay(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        result = bundles.relay(store, args.server or store.setting("server_url"))
    print(f"dikirim/uploaded {len(result.uploaded)}, balasan diambil/returns fetched {len(result.fetched)}")
    for device, reason in result.refused:
        print(f"  ditolak/refused {device}: {reason}")
    return 1 if result.refused else 0
