"""A fault-injecting TCP proxy for the sync tests: sits between client and server on loopback and, per
connection, passes it through or injects one fault, counting each kind:

- ``drop_request``: the connection is closed after part of the request was forwarded (the server never
  answers, or sees a truncated body and drops it);
- ``drop_response``: the whole request reaches the server, the server answers (so it has committed), and the
  proxy closes the connection without passing the answer on;
- ``reset``: the connection is reset (RST) before anything is forwarded;
- ``delay``: the connection is held for `delay_s` before passing through (with a short client timeout this
  becomes a read timeout).

`bandwidth` (bytes/s) throttles both directions of every connection.

`hold(marker)` makes the server slow at one thing: a request whose bytes contain `marker` (e.g. b"/sync/push")
waits in the proxy until `release()`, or `delay_s` at most — the held request has not reached the server yet.
`holding` is set when one is held, so a test acts while the sync is stuck mid-push (and asserts with signals).
"""

from __future__ import annotations

import random
import socket
import struct
import threading
import time
from collections import Counter

FAULTS = ("drop_request", "drop_response", "reset", "delay")


class FaultProxy:
    def __init__(self, target_port: int, *, fault_rate: float = 0.0, seed: int = 0, delay_s: float = 0.5,
                 bandwidth: float | None = None, kinds: tuple[str, ...] = FAULTS,
                 request_cut: tuple[int, int] = (1, 400)) -> None:  # fmt: skip
        self.target_port = target_port
        self.fault_rate = fault_rate
        self.delay_s = delay_s
        self.bandwidth = bandwidth
        self.kinds = kinds
        self.request_cut = request_cut  # bytes drop_request forwards (a range; mid-body for uploads)
        self.rng = random.Random(seed)
        self.counts: Counter[str] = Counter()
        self.connections = 0
        self.wire_bytes = 0  # bytes passed client->server plus server->client
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self.refusing = False  # `cut()`: the link is down — every connection is reset until `restore()`
        self._live: set[socket.socket] = set()
        self._hold: bytes | None = None
        self.holding = threading.Event()  # a request with the held marker is waiting in the proxy
        self._release = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        """The link goes down now: open connections (a kept-alive one too) are dropped, new ones reset."""
        with self._lock:
            self.refusing = True
            live, self._live = list(self._live), set()
        for s in live:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def restore(self) -> None:
        self.refusing = False

    def hold(self, marker: bytes) -> None:
        """Requests containing `marker` wait until `release()` (at most `delay_s`): a slow server."""
        self._release.clear()
        self.holding.clear()
        self._hold = marker

    def release(self) -> None:
        self._hold = None
        self._release.set()

    def _maybe_hold(self, data: bytes) -> None:
        marker = self._hold
        if marker is not None and marker in data:
            self.holding.set()
            if not self._release.wait(self.delay_s):
                self._hold = None  # the slow server answered at last: later requests pass

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop.set()
        self._listener.close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _choose(self) -> str:
        with self._lock:
            self.connections += 1
            if self.refusing:
                self.counts["refused"] += 1
                return "reset"
            if self.rng.random() < self.fault_rate:
                kind = self.rng.choice(self.kinds)
                self.counts[kind] += 1
                return kind
            self.counts["pass"] += 1
            return "pass"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _send(self, sock: socket.socket, data: bytes) -> None:
        with self._lock:
            self.wire_bytes += len(data)
        if not self.bandwidth:
            sock.sendall(data)
            return
        step = max(1, int(self.bandwidth / 50))  # 20 ms slices
        for i in range(0, len(data), step):
            piece = data[i : i + step]
            sock.sendall(piece)
            time.sleep(len(piece) / self.bandwidth)

    def _handle(self, client: socket.socket) -> None:
        kind = self._choose()
        if kind == "reset":
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
            return
        if kind == "delay":
            time.sleep(self.delay_s)
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        with self._lock:
            self._live.update((client, upstream))
        done = threading.Event()

        def pump(src: socket.socket, dst: socket.socket, cut_after: int | None, deliver: bool) -> None:
            seen = 0
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    if cut_after is not None and seen + len(data) > cut_after:
                        self._send(dst, data[: max(0, cut_after - seen)])
                        break
                    seen += len(data)
                    if deliver and src is client:
                        self._maybe_hold(data)
                    if deliver:
                        self._send(dst, data)
                    elif seen == len(data):  # the server's answer arrived: it has committed, and is lost
                        with self._lock:
                            self.counts["response_dropped_after_commit"] += 1
            except OSError:
                pass
            finally:
                done.set()

        # drop_request: forward only the first bytes of the request (headers, part of the body at most)
        up_cut = self.rng.randint(*self.request_cut) if kind == "drop_request" else None
        up = threading.Thread(target=pump, args=(client, upstream, up_cut, True), daemon=True)
        down = threading.Thread(
            target=pump, args=(upstream, client, None, kind != "drop_response"), daemon=True
        )
        up.start()
        down.start()
        done.wait()  # drop_response: the client gives up (read timeout) after the answer was swallowed
        if kind == "drop_response":
            down.join(timeout=5)  # the answer (swallowed) has been read
        for s in (client, upstream):
            with self._lock:
                self._live.discard(s)
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
