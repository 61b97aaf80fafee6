"""`jaring sync [--server URL]`: one push-then-pull with the district server, progress per stage and an exact
summary; exits non-zero only when something is left undone (changes still pending or rejected)."""

from __future__ import annotations

import argparse

from app.commands.session import open_store
from app.services import bundles
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
    with open_store(args) as store:
        outcome = sync_once(store, args.server, progress=_progress)
        relayed = (
            bundles.relay(store, args.server or store.setting("server_url"))
            if bundles.serves_villages(store)
            else None
        )
    r = outcome.run
    print(f"terkirim/sent {r.sent}, diterapkan/applied {r.applied}, duplikat/duplicates {r.duplicates}, "
          f"konflik/conflicts {r.conflicts}, ditolak/rejected {r.rejected}, diterima/received {r.received}")  # fmt: skip
    if r.attachments_sent or r.attachments_skipped:
        print(f"lampiran/attachments: dikirim/sent {r.attachments_sent}, "
              f"sudah ada di server/already there {r.attachments_skipped}")  # fmt: skip
    if relayed is not None:
        print(f"bundel desa/village bundles: dikirim/uploaded {len(relayed.uploaded)}, "
              f"balasan diambil/returns fetched {len(relayed.fetched)}")  # fmt: skip
        for device, reason in relayed.refused:
            print(f"  ditolak/refused {device}: {reason}")
    if outcome.pending:
        print(f"Masih tertunda / still pending: {outcome.pending}")
    if r.rejected:
        print("Perubahan yang ditolak menunggu perbaikan / rejected changes wait to be corrected.")
    left_undone = outcome.pending or r.rejected or (relayed is not None and relayed.refused)
    return 1 if left_undone else 0
