"""The SLRT complaint workflow both sides judge by (DOMAIN.md): which step may follow which, and when each
open step is due. The district console moves complaints with it; the laptop shows age and overdue with it.

Deadlines (DOMAIN.md defaults): verified within 3 days of receipt, referred within 7 days of verification,
closed within 30 days of receipt; a closed complaint (selesai, ditolak) has none.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sync.protocol import ComplaintStep

VERIFY_DAYS, REFER_DAYS, CLOSE_DAYS = 3, 7, 30
CLOSED = frozenset({ComplaintStep.SELESAI.value, ComplaintStep.DITOLAK.value})
# Which step may follow which; "ditolak" closes from any open step.
NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "diterima": ("diverifikasi", "ditolak"),
    "diverifikasi": ("dirujuk", "ditolak"),
    "dirujuk": ("ditindaklanjuti", "selesai", "ditolak"),
    "ditindaklanjuti": ("selesai", "ditolak"),
    "selesai": (),
    "ditolak": (),
}


def parse_time(value: str | datetime) -> datetime:
    """An ISO 8601 time (a trailing Z allowed) or a datetime, as an aware UTC datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def next_deadline(status: str, received: str | datetime, status_at: str | datetime) -> datetime | None:
    """When the complaint's next step is due; None once it is closed."""
    if status in CLOSED:
        return None
    received = parse_time(received)
    close_by = received + timedelta(days=CLOSE_DAYS)
    if status == ComplaintStep.DITERIMA.value:
        return min(received + timedelta(days=VERIFY_DAYS), close_by)
    if status == ComplaintStep.DIVERIFIKASI.value:
        return min(parse_time(status_at) + timedelta(days=REFER_DAYS), close_by)
    return close_by
