"""Hybrid logical clock (docs/sync-protocol.md#clocks).

A stamp is `(wall ms, counter, device)` written "<13-digit ms>-<4-hex counter>-<device>", e.g.
`1763872000000-0003-d7a1…`: strings sort in time order, ties broken by device id, so every two stamps
compare. The clock never goes backwards even when the laptop's wall clock does, and moves
past every stamp it receives. The server clamps stamps more than a day ahead of its own clock, so one
laptop with a wrong date cannot win every conflict for years.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MAX_COUNTER = 0xFFFF
DAY_MS = 86_400_000


@dataclass(frozen=True, order=True, slots=True)
class Stamp:
    wall_ms: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:04x}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        """Parse a stamp string; ValueError when it is not one."""
        if not isinstance(text, str):
            raise ValueError("a stamp is a string")
        wall, sep1, rest = text.partition("-")
        counter, sep2, device = rest.partition("-")
        if not (sep1 and sep2 and len(wall) == 13 and wall.isdigit() and len(counter) == 4 and device):
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(wall), int(counter, 16), device)


def device_of(stamp: str) -> str:
    return stamp.split("-", 2)[2] if stamp.count("-") >= 2 else ""


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """One device's clock. `tick()` for a local change, `receive(stamp)` for a stamp from elsewhere."""

    def __init__(self, device_id: str, now_ms: Callable[[], int] = wall_clock_ms, last: str | None = None):
        if not device_id:
            raise ValueError("a clock needs a device id")
        self.device_id = device_id
        self._now = now_ms
        self._lock = threading.Lock()
        self._wall, self._counter = 0, 0
        if last:
            self.restore(last)

    @property
    def last(self) -> str:
        """The last stamp issued or received — persist it, restore it with `restore`."""
        return str(Stamp(self._wall, self._counter, self.device_id))

    def restore(self, last: str) -> None:
        stamp = Stamp.parse(last)
        with self._lock:
            if (stamp.wall_ms, stamp.counter) > (self._wall, self._counter):
                self._wall, self._counter = stamp.wall_ms, stamp.counter

    def _advance(self, wall: int, counter: int) -> None:
        if counter > MAX_COUNTER:  # 65,536 stamps in one ms: borrow the next ms rather than wrap
            wall, counter = wall + 1, 0
        self._wall, self._counter = wall, counter

    def tick(self) -> str:
        """A new stamp, later than every stamp this clock has issued or received."""
        with self._lock:
            now = self._now()
            if now > self._wall:
                self._advance(now, 0)
            else:
                self._advance(self._wall, self._counter + 1)
            return str(Stamp(self._wall, self._counter, self.device_id))

    def receive(self, stamp: str) -> str:
        """Move past a received stamp; returns a fresh stamp later than both."""
        other = Stamp.parse(stamp)
        with self._lock:
            now = self._now()
            wall = max(now, self._wall, other.wall_ms)
            if wall == self._wall == other.wall_ms:
                counter = max(self._counter, other.counter) + 1
            elif wall == self._wall:
                counter = self._counter + 1
            elif wall == other.wall_ms:
                counter = other.counter + 1
            else:
                counter = 0
            self._advance(wall, counter)
            return str(Stamp(self._wall, self._counter, self.device_id))


def clamp(stamp: str, server_now_ms: int, max_ahead_ms: int = DAY_MS) -> tuple[str, bool]:
    """A stamp more than `max_ahead_ms` ahead of the server is pulled back to the server's time.

    Returns (stamp to store, whether it was clamped) — the device is told, so its user can fix the date.
    """
    parsed = Stamp.parse(stamp)
    if parsed.wall_ms <= server_now_ms + max_ahead_ms:
        return stamp, False
    return str(Stamp(server_now_ms, parsed.counter, parsed.device)), True


def clamp_batch(stamps: Iterable[str], server_now_ms: int, max_ahead_ms: int = DAY_MS) -> dict[str, str]:
    """Clamp every far-future stamp of one push batch, keeping each device's own order.

    `clamp` alone maps two far-future stamps of one device to the same server millisecond — often the
    same stamp — so the device's later edit would no longer sort after its earlier one. Here a device's
    clamped stamps get increasing counters in their original order. Returns {original: clamped} for the
    stamps that were clamped; the others are kept as they are.
    """
    horizon = server_now_ms + max_ahead_ms
    far: dict[str, list[Stamp]] = {}
    for text in set(stamps):
        parsed = Stamp.parse(text)
        if parsed.wall_ms > horizon:
            far.setdefault(parsed.device, []).append(parsed)
    out: dict[str, str] = {}
    for device, originals in far.items():
        wall, counter = server_now_ms, 0
        for original in sorted(originals):
            out[str(original)] = str(Stamp(wall, counter, device))
            counter += 1
            if counter > MAX_COUNTER:  # as the clock does: borrow the next millisecond, never wrap
                wall, counter = wall + 1, 0
    return out
