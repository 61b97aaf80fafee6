"""Adaptive batch size: halve on a timeout or failure, grow by half on success, within bounds (AIMD-like).

A 2G link that drops every few minutes gets small batches that finish between drops; a LAN grows to the
protocol's maximum in a few round trips."""

from __future__ import annotations

from dataclasses import dataclass

from sync.protocol import MAX_CHANGES_PER_BATCH


@dataclass
class BatchSizer:
    size: int = 100
    minimum: int = 1
    maximum: int = MAX_CHANGES_PER_BATCH
    max_bytes: int = 4 * 1024 * 1024  # uncompressed JSON of one batch

    def __post_init__(self) -> None:
        self.size = max(self.minimum, min(self.maximum, self.size))

    def succeeded(self) -> int:
        self.size = min(self.maximum, max(self.size + 1, self.size * 3 // 2))
        return self.size

    def failed(self) -> int:
        self.size = max(self.minimum, self.size // 2)
        return self.size

    def cut(self, sizes: list[int]) -> int:
        """How many of the leading items (with these encoded sizes) fit the byte bound; at least one."""
        total = 0
        for i, n in enumerate(sizes):
            total += n
            if total > self.max_bytes and i > 0:
                return i
        return len(sizes)
