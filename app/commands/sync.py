"""`jaring sync [--server URL]`: one push-then-pull with the district server, progress per stage and an exact
summary; exits non-zero only when something is left undone (changes still pending or rejected)."""

from __future__ import annotations

import argparse

from app.commands.session import open_store
from app.services.sync import sync_once
from sync.ports import Stage, SyncRun

STAGE_NAMES = {Stage.PUSH: "kirim/push", Stage.ATTACHMENTS: "lampiran/attachments", Stage.PULL: "ambil/pull",
               Stage.DONE: "selesai/done"}  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sync", help="sinkronkan dengan server / sync with the district server")
    parser.add_argument("--server", help="alamat server untuk kali ini / server URL for this run")
    parser.set_defaults(func=run)


def _progress(stage: Stage, run: SyncRun) -> None:
    print(f"[{STAGE_NAMES.get(stage, stage)}] terkirim/sent {run.sent}, diterima/received {run.received}",
          flush=True)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        outcome = sync_once(store, args.server, progress=_progress)
    finally:
        store.close()
    r = outcome.run
    print(f"terkirim/sent {r.sent}, diterapkan/applied {r.applied}, duplikat/duplicates {r.duplicates}, "
          f"konflik/conflicts {r.conflicts}, ditolak/rejected {r.rejected}, diterima/received {r.received}")  # fmt: skip
    if outcome.pending:
        print(f"Masih tertunda / still pending: {outcome.pending}")
    if r.rejected:
        print("Perubahan yang ditolak menunggu perbaikan / rejected changes wait to be corrected.")
    return 0 if outcome.pending == 0 and r.rejected == 0 else 1
