"""The sync use case the CLI and the desktop Sync screen call: one run of the HTTP client over the store,
with a progress callback per stage (no Qt here; the UI runs this off its UI thread)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import requests

from app.store.store import Store
from forms.problems import UserError
from sync.client import SyncClient
from sync.ports import Stage, SyncRun
from sync.protocol import EnrollAnswer, EnrollRequest
from sync.transport import Transport, Unreachable


@dataclass(frozen=True)
class Outcome:
    run: SyncRun
    pending: int  # changes still waiting to go (0 after a complete push)
    rejected: int  # changes kept for the user to correct

    @property
    def complete(self) -> bool:
        return self.pending == 0 and self.run.rejected == 0 and self.run.status == "done"


def sync_once(store: Store, server_url: str | None = None,
              progress: Callable[[Stage, SyncRun], None] | None = None, keep_days: int = 30,
              cancel: threading.Event | None = None, **client_kw) -> Outcome:  # fmt: skip
    """Push, attachments, pull, then forget acknowledged changes and unused photos older than `keep_days`. A
    network failure leaves the run saved for next time and is raised as `Unreachable`; setting `cancel` (from any thread)
    stops it at the next batch, chunk or page with `SyncCancelled`, resumable the same way."""
    client = SyncClient.for_store(store, server_url, progress=progress, cancel=cancel, **client_kw)
    run = client.run()
    store.prune_acknowledged(keep_days)
    store.prune_unused_attachments(keep_days)
    counts = store.outbox_counts()
    return Outcome(run, counts.get("pending", 0), counts.get("rejected", 0))


def enroll_online(store: Store, server_url: str, code: str, *, label: str = "") -> EnrollAnswer:
    """Enroll this laptop with a one-time code over HTTP: its public keys for an identity and a token."""
    keys = store.device_keys()
    request = EnrollRequest(code=code, sign_key=keys.sign_public, box_key=keys.box_public, label=label[:100])
    transport = Transport(server_url, attempts=3)
    try:
        response = transport.post_json("/enroll", request.model_dump_json().encode(), compress=False)
        answer = EnrollAnswer.model_validate_json(response.content)
    except ValueError:
        raise UserError("Jawaban server tidak dapat dibaca.", "The server's answer could not be read.",
                        code="bad_answer") from None  # fmt: skip
    except requests.RequestException as err:
        raise Unreachable(server_url, type(err).__name__) from None
    store.apply_enrollment(answer, server_url=server_url)
    return answer
