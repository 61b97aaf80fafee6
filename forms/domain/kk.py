"""No. KK (Kartu Keluarga number): `PP KK CC DDMMYY SSSS` — region of issue, issue date (no +40), serial.

Same typing rules as the NIK (nik.py): 16 digits after stripping spaces, dots and dashes; province must
exist, unknown kab/kota or kecamatan is a warning; the issue date must exist in 19YY or 20YY; the serial
is never 0000; all-same digits are refused. Never raises.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.domain.nik import check_digits_shape, check_region_part, date_exists
from forms.problems import Problem


@dataclass(frozen=True)
class KkInfo:
    raw: str
    digits: str | None = None
    province: str | None = None
    regency: str | None = None
    district: str | None = None
    day: int | None = None
    month: int | None = None
    yy: int | None = None
    serial: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not any(p.is_error for p in self.problems)


def check_kk(raw: str) -> KkInfo:
    """Check a No. KK as typed."""
    raw_text = raw if isinstance(raw, str) else repr(raw)
    digits, problems = check_digits_shape(raw, kind="kk", label_id="No. KK", label_en="family card number")
    if digits is None:
        return KkInfo(raw=raw_text, problems=tuple(problems))
    problems += check_region_part(digits, kind="kk", label_id="No. KK", label_en="family card number")
    day, month, yy, serial = int(digits[6:8]), int(digits[8:10]), int(digits[10:12]), digits[12:16]
    date_ok = 1 <= month <= 12 and 1 <= day <= 31 and date_exists(day, month, yy)
    if not date_ok:
        problems.append(
            Problem(
                "kk_invalid_date",
                f"Tanggal terbit di No. KK ({digits[6:12]}) bukan tanggal yang ada.",
                f"The issue date in the family card number ({digits[6:12]}) is not a real date.",
            )
        )
    if serial == "0000":
        problems.append(
            Problem(
                "kk_serial_zero",
                "Nomor urut No. KK tidak boleh 0000.",
                "The family card serial cannot be 0000.",
            )
        )
    return KkInfo(
        raw=raw_text,
        digits=digits,
        province=digits[0:2],
        regency=f"{digits[0:2]}.{digits[2:4]}",
        district=f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}",
        day=day if date_ok else None,
        month=month if date_ok else None,
        yy=yy if date_ok else None,
        serial=serial,
        problems=tuple(problems),
    )
