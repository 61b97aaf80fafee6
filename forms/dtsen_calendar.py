"""The DTSEN monthly cycle as a calendar both the laptop and the district read (docs/records.md#dtsen-proposals):
proposals are entered until the entry deadline, agreed at the village meeting, sent to the national system by
the district by its sending day. Each is a day of the month, a setting; "what is due this month" is the list
of those steps with their dates and whether they are past."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

DEFAULTS = {"entry_deadline": 10, "meeting_day": 15, "send_day": 25}
WORDS = {
    "entry_deadline": ("Batas akhir entri usulan", "Last day to enter proposals"),
    "meeting_day": ("Musyawarah desa", "Village meeting"),
    "send_day": ("Kabupaten mengirim ke sistem pusat", "District sends to the national system"),
}


@dataclass(frozen=True)
class Step:
    key: str
    day: date
    past: bool

    def text(self, lang: str = "id") -> str:
        return WORDS[self.key][0 if lang == "id" else 1]


def day_setting(value: object, key: str) -> int:
    """A setting's day of the month (1–31), the default when missing or not a day."""
    try:
        day = int(str(value))
    except ValueError:
        return DEFAULTS[key]
    return day if 1 <= day <= 31 else DEFAULTS[key]


def due_this_month(today: date, settings: dict[str, object]) -> list[Step]:
    """This month's steps in date order; a day past the month's end is its last day."""
    last = calendar.monthrange(today.year, today.month)[1]
    steps = []
    for key in DEFAULTS:
        day = today.replace(day=min(day_setting(settings.get(key, DEFAULTS[key]), key), last))
        steps.append(Step(key, day, day < today))
    return sorted(steps, key=lambda s: s.day)
