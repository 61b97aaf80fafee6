"""The app's automatic sync: while changes wait, ask the server cheaply whether it is there (GET /api/v1/health)
and start a sync when it is; while it is not, ask again after an exponentially growing, jittered wait, so a
laptop in a village without signal neither hammers a dead link nor waits long once the link is back.

No Qt here: `AutoSync` runs its own daemon thread (never the UI thread, never the store's worker — it does not
touch the store), and tells the caller through `start_sync`, which the Sync screen turns into a queued signal.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sync.transport import Refused, Transport, Unreachable

log = logging.getLogger(__name__)


def server_reachable(server_url: str, *, timeout: float = 5.0) -> bool:
    """One cheap request: True when the server answers its health check (no retries, short timeouts)."""
    transport = Transport(server_url, connect_timeout=timeout, read_timeout=timeout, attempts=1)
    try:
        transport.request("GET", "/health", retry=False)
    except (Unreachable, Refused):
        return False
    finally:
        transport.session.close()
    return True


@dataclass
class Backoff:
    """Waits after consecutive failures: uniform in [b/2, b] with b = min(cap, base * 2**failures) — growing,
    jittered so laptops that lost the same link do not all come back at once, never shorter than base/2."""

    base: float = 5.0
    cap: float = 600.0
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random)

    def bound(self, failures: int) -> float:
        return min(self.cap, self.base * 2 ** max(0, failures - 1))

    def failed(self) -> float:
        self.failures += 1
        top = self.bound(self.failures)
        return self.rng.uniform(top / 2, top)

    def reset(self) -> None:
        self.failures = 0


@dataclass
class AutoSync:
    """`step()` is one decision (tests drive it directly); `start()` runs it on a thread until `stop()`."""

    server_url: Callable[[], str | None]  # the enrolled server (None: not enrolled)
    wanted: Callable[[], bool]  # automatic sync on, changes waiting, no sync running
    start_sync: Callable[[], None]  # called from the probe's thread when the server answered
    interval: float = 60.0  # after a sync was started, or while nothing is wanted
    backoff: Backoff = field(default_factory=Backoff)
    probe: Callable[[str], bool] = server_reachable
    probes: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _wake: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def step(self) -> float:
        """Probe if a sync is wanted; start it when the server answers. Returns the seconds to wait."""
        url = self.server_url()
        if not url or not self.wanted():
            return self.interval
        self.probes += 1
        if not self.probe(url):
            delay = self.backoff.failed()
            log.info(
                "server %s unreachable (%d in a row); next try in %.0f s", url, self.backoff.failures, delay
            )
            return delay
        self.backoff.reset()
        self.start_sync()
        return self.interval

    def unreachable(self) -> None:
        """A sync failed for want of the server: the next probe waits as after a failed probe."""
        self.backoff.failures += 1

    def wake(self) -> None:
        """Decide now (e.g. a record was just saved) instead of at the end of the current wait."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="jaring-autosync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """End the thread (waiting up to `timeout` for a probe under way; 0: do not wait)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            if timeout:
                self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                delay = self.step()
            except Exception:  # noqa: BLE001 - the loop must outlive one bad decision (e.g. a closed window)
                log.exception("automatic sync step failed")
                delay = self.interval
            self._wake.wait(delay)
            self._wake.clear()
