"""The SLRT complaint workflow both sides judge by (docs/domain.md#steps-and-deadlines): which step may
follow which, and when each
open step is due. The district console moves complaints with it; the laptop shows age and overdue with it.

Deadlines (defaults, which the district may change): verified within 3 days of receipt, referred
within 7 days of verification, closed within 30 days of receipt; a closed complaint (selesai, ditolak) has
none. The district server keeps its admin's values in the database (server/crud/deadlines.py) and passes
them in; each saved change is also published as the reference data set `complaint_deadlines`, which laptops
receive by pull (or a return bundle) and judge by from then on — the defaults only until the first one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta

from sync.protocol import ComplaintStep

VERIFY_DAYS, REFER_DAYS, CLOSE_DAYS = 3, 7, 30
MIN_DAYS, MAX_DAYS = 1, 365  # what an admin may set for any step
DEADLINES_REFERENCE = (
    "complaint_deadlines"  # the reference data set (pull) that carries the district's values
)


@dataclass(frozen=True)
class Deadlines:
    """Days allowed for each open step (docs/domain.md#steps-and-deadlines)."""

    verify_days: int = VERIFY_DAYS  # from receipt to verification
    refer_days: int = REFER_DAYS  # from verification to referral
    close_days: int = CLOSE_DAYS  # from receipt to closing


DEFAULT_DEADLINES = Deadlines()


def deadlines_data(deadlines: Deadlines) -> dict[str, int]:
    """The deadlines as the `complaint_deadlines` reference data set carries them."""
    return asdict(deadlines)


def deadlines_from_data(data: object) -> Deadlines | None:
    """The deadlines a pulled `complaint_deadlines` set carries; a step it leaves out keeps its default, a key
    this version does not know is ignored. None when a value is not a whole number of MIN_DAYS–MAX_DAYS days
    (only a hand-made `jaring-server reference publish` can send that; the device judges by the defaults)."""
    if not isinstance(data, dict):
        return None
    values = {}
    for f in fields(Deadlines):
        days = data.get(f.name, getattr(DEFAULT_DEADLINES, f.name))
        if isinstance(days, bool) or not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
            return None
        values[f.name] = days
    return Deadlines(**values)


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


def next_deadline(status: str, received: str | datetime, status_at: str | datetime,
                  deadlines: Deadlines = DEFAULT_DEADLINES) -> datetime | None:  # fmt: skip
    """When the complaint's next step is due; None once it is closed."""
    if status in CLOSED:
        return None
    received = parse_time(received)
    close_by = received + timedelta(days=deadlines.close_days)
    if status == ComplaintStep.DITERIMA.value:
        return min(received + timedelta(days=deadlines.verify_days), close_by)
    if status == ComplaintStep.DIVERIFIKASI.value:
        return min(parse_time(status_at) + timedelta(days=deadlines.refer_days), close_by)
    return close_by
