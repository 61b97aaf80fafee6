"""No. KK (Kartu Keluarga number): `PP KK CC DDMMYY SSSS` — region of issue, issue date (no +40), serial.

Same typing rules and checks as the NIK (idnumber.py): 16 digits after stripping spaces, dots and dashes;
province must exist, an unknown kab/kota or kecamatan is a warning; the issue date must exist in 19YY or
20YY and has no +40 (days 41–71 are wrong here); the serial is never 0000; all-same digits are refused.
Never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.domain.idnumber import Label, NumberInfo, check_number

_LABEL = Label("kk", "No. KK", "family card number (No. KK)")


@dataclass(frozen=True)
class KkInfo(NumberInfo):
    """A checked No. KK: its parts when they could be read (the date is the issue date), and every problem."""


def check_kk(raw: str) -> KkInfo:
    """Check a No. KK as typed. Never raises, whatever `raw` holds."""
    return check_number(
        raw, _LABEL, KkInfo, what_id="Tanggal terbit", what_en="issue date", women_plus_40=False
    )
