"""The sync use case the CLI and the desktop Sync screen call: one run of the HTTP client over the store,
with a progress callback per stage (no Qt here; the UI runs this off its UI thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from app.services.enrollment import enroll_online  # noqa: F401 - its old home; callers still import it here
from app.store.store import Store
from sync.client import Retrying, SyncClient
from sync.ports import Stage, SyncRun

# A person pressing Sync waits at the screen: a dead link is given up after seconds, not minutes, and each
# retry is reported while it waits (the CLI and automatic sync keep the patient defaults).
INTERACTIVE = {"connect_timeout": 5.0, "read_timeout": 30.0, "attempts": 3, "max_failures": 4}


@dataclass(frozen=True)
class Outcome:
    run: SyncRun  # the run's totals (a run resumed after a failure includes what went before)
    pending: int  # changes still waiting to go (0 after a complete push)
    rejected: int  # changes kept for the user to correct
    this_press: SyncRun | None = None  # what this call alone sent and received

    @property
    def complete(self) -> bool:
        return self.pending == 0 and self.run.rejected == 0 and self.run.status == "done"

    @property
    def counts(self) -> SyncRun:
        return self.this_press or self.run


def _counted(before: SyncRun | None, after: SyncRun) -> SyncRun:
    """`after` with its counters less those `before` had (the part of a resumed run this call did)."""
    if before is None or before.run_id != after.run_id:
        return after
    changes = {f.name: getattr(after, f.name) - getattr(before, f.name) for f in fields(SyncRun)
               if f.type in ("int", int) and f.name not in ("offset", "cursor", "batch_size")}  # fmt: skip
    return replace(after, **changes)


def sync_once(store: Store, server_url: str | None = None,
              progress: Callable[[Stage, SyncRun], None] | None = None, keep_days: int = 30,
              cancel: threading.Event | None = None, retrying: Retrying | None = None,
              **client_kw) -> Outcome:  # fmt: skip
    """Push, attachments, pull, then forget acknowledged changes and unused photos older than `keep_days`. A
    network failure leaves the run saved for next time and is raised as `Unreachable`; setting `cancel` (from any thread)
    stops it at the next batch, chunk, page or retry wait with `SyncCancelled`, resumable the same way. `retrying` is
    told before each wait after a failure."""
    before = store.sync.load_sync_run()
    client = SyncClient.for_store(store, server_url, progress=progress, cancel=cancel, retrying=retrying,
                                  **client_kw)  # fmt: skip
    run = client.run()
    store.sync.prune_acknowledged(keep_days)
    store.attachments.prune_unused(keep_days)
    counts = store.outbox_counts()
    return Outcome(run, counts.get("pending", 0), counts.get("rejected", 0), _counted(before, run))
