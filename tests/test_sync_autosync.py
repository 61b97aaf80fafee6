"""Automatic sync probes a real server cheaply, backs off with jitter while it is down, and starts a sync as
soon as it is back and changes wait — on its own thread, never the caller's."""

from __future__ import annotations

import random
import threading

from app.services.autosync import AutoSync, Backoff, server_reachable
from support.live_server import free_port, live_server


class Wants:
    def __init__(self) -> None:
        self.pending = True
        self.started: list[str] = []  # names of the threads start_sync was called on
        self.event = threading.Event()

    def start_sync(self) -> None:
        self.started.append(threading.current_thread().name)
        self.event.set()


def test_probe_backs_off_while_the_server_is_down_and_syncs_when_it_is_back(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    wants = Wants()
    auto = AutoSync(lambda: url, lambda: wants.pending, wants.start_sync, interval=60.0,
                    backoff=Backoff(base=5.0, cap=40.0, rng=random.Random(1)))  # fmt: skip
    # down: nothing listens on the port
    delays = [auto.step() for _ in range(6)]
    assert wants.started == [] and auto.probes == 6 and auto.backoff.failures == 6
    for n, delay in enumerate(delays, start=1):  # growing, jittered within [b/2, b], capped
        top = min(40.0, 5.0 * 2 ** (n - 1))
        assert top / 2 <= delay <= top
    assert delays[3] > delays[0] and max(delays) <= 40.0
    assert len({round(d, 6) for d in delays}) == len(delays)  # jitter: no two waits alike
    with live_server(tmp_path, port=port):  # up again, on the same address
        assert server_reachable(url)
        assert auto.step() == 60.0
        assert len(wants.started) == 1 and auto.backoff.failures == 0
        wants.pending = False  # nothing waits: no probe at all
        assert auto.step() == 60.0 and auto.probes == 7 and len(wants.started) == 1
    wants.pending = True  # down again: back to short, growing waits
    assert auto.step() <= 5.0 and wants.started == [wants.started[0]]
    assert not server_reachable(url)


def test_probe_thread_starts_the_sync_off_the_callers_thread(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    wants = Wants()
    auto = AutoSync(lambda: url, lambda: wants.pending and not wants.started, wants.start_sync, interval=0.05,
                    backoff=Backoff(base=0.05, cap=0.2))  # fmt: skip
    auto.start()
    try:
        assert not wants.event.wait(1.0)  # down: probing with backoff, no sync
        tries_while_down = auto.probes
        assert tries_while_down >= 2
        with live_server(tmp_path, port=port):
            assert wants.event.wait(20)
        assert wants.started == ["jaring-autosync"]
        assert threading.current_thread().name != "jaring-autosync"
    finally:
        auto.stop()
    assert auto._thread is None
