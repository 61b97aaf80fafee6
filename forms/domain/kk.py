"""No. KK (Kartu Keluarga number): `PP KK CC DDMMYY SSSS` — region of issue, issue date (no +40), serial.

Same typing rules and checks as the NIK (idnumber.py): 16 digits after stripping spaces, dots and dashes;
province must exist, an unknown kab/kota or kecamatan is a warning; the issue date must exist in 19YY or
20YY and has no +40 (days 41–71 are wrong here); the serial is never 0000; all-same digits are refused.
Never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.domain.idnumber import (
    Label,
    check_region,
    check_shape,
    date_problem,
    dotted_region_codes,
    serial_problem,
)
from forms.problems import Problem

_LABEL = Label("kk", "No. KK", "family card number (No. KK)")


@dataclass(frozen=True)
class KkInfo:
    """A checked No. KK: its parts when they could be read, and every problem found."""

    raw: str
    digits: str | None = None  # the 16 digits typed, None when there were not 16 digits
    province: str | None = None  # "62"
    regency: str | None = None  # "62.03"
    district: str | None = None  # "62.03.01"
    day: int | None = None  # issue date
    month: int | None = None
    yy: int | None = None  # two-digit year 0..99
    serial: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """No error-severity problem (warnings such as an unknown kecamatan allowed)."""
        return not any(p.is_error for p in self.problems)


def check_kk(raw: str) -> KkInfo:
    """Check a No. KK as typed. Never raises, whatever `raw` holds."""
    raw_text = raw if isinstance(raw, str) else repr(raw)
    digits, problems = check_shape(raw, _LABEL)
    if digits is None or problems:
        return KkInfo(raw=raw_text, digits=digits, problems=tuple(problems))
    problems += check_region(digits, _LABEL)
    parts, bad_date = date_problem(
        digits, _LABEL, what_id="Tanggal terbit", what_en="issue date", women_plus_40=False
    )
    if bad_date:
        problems.append(bad_date)
    if serial := serial_problem(digits, _LABEL):
        problems.append(serial)
    province, regency, district = dotted_region_codes(digits)
    day, month, yy = parts or (None, None, None)
    return KkInfo(
        raw=raw_text,
        digits=digits,
        province=province,
        regency=regency,
        district=district,
        day=day,
        month=month,
        yy=yy,
        serial=digits[12:16],
        problems=tuple(problems),
    )
