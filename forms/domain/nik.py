"""NIK (Nomor Induk Kependudukan): `PP KK CC DDMMYY SSSS` — parsing, checks and the cross-check with a form.

Rules (DOMAIN.md): 16 digits once the spaces, dots and dashes a user typed are stripped; the province must
exist, while an unknown kab/kota or kecamatan is only a warning (codes were split and renumbered and old
NIKs keep old codes); DDMMYY is the birth date with 40 added to the day for women; the serial is never
0000; all-same digits are refused.

The century is not in a NIK. A date is accepted if it exists in 19YY or 20YY (so 29 Feb passes when
either is a leap year: `00` → 2000, `04` → 1904/2004, but `01` never). The cross-check with an answered
birth date compares day, month and the two-digit year only — a lansia born 1925 and a baby born 2025 both
carry `25`. `birth_date_guess` infers the century only for display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from forms.domain import regions
from forms.problems import Problem, Severity

NIK_LENGTH = 16
_TYPED_SEPARATORS = re.compile(r"[\s.\-]+")


def normalize_digits(raw: object) -> str:
    """What the user typed without spaces, dots and dashes (not yet checked)."""
    return _TYPED_SEPARATORS.sub("", raw) if isinstance(raw, str) else ""


def date_exists(day: int, month: int, yy: int) -> bool:
    """True when DD-MM exists in 19YY or 20YY (the century cannot be read from a NIK or KK)."""
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def guess_year(yy: int, today: date | None = None) -> int:
    """20YY unless that is in the future, else 19YY."""
    today = today or date.today()
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def check_digits_shape(
    raw: object, *, kind: str, label_id: str, label_en: str
) -> tuple[str | None, list[Problem]]:
    """Shared first step for NIK and No. KK: 16 ASCII digits, with clear messages for what else was typed."""
    text = normalize_digits(raw)
    problems: list[Problem] = []
    if not text:
        problems.append(Problem(f"{kind}_empty", f"{label_id} kosong.", f"{label_en} is empty."))
        return None, problems
    if not (text.isascii() and text.isdigit()):
        if re.fullmatch(r"[0-9oO]+", text):
            problems.append(
                Problem(
                    f"{kind}_letter_o",
                    f"{label_id} berisi huruf O; gunakan angka nol (0).",
                    f"{label_en} contains the letter O; use the digit zero (0).",
                )
            )
        else:
            problems.append(
                Problem(
                    f"{kind}_not_digits",
                    f"{label_id} hanya boleh berisi angka.",
                    f"{label_en} may contain digits only.",
                )
            )
        return None, problems
    if len(text) != NIK_LENGTH:
        problems.append(
            Problem(
                f"{kind}_length",
                f"{label_id} harus 16 angka, yang diketik {len(text)} angka.",
                f"{label_en} must be 16 digits; {len(text)} were typed.",
            )
        )
        return None, problems
    if len(set(text)) == 1:
        problems.append(
            Problem(
                f"{kind}_all_same_digit",
                f"{label_id} tidak boleh berisi angka yang sama semua.",
                f"{label_en} cannot be one digit repeated.",
            )
        )
        return None, problems
    return text, problems


def check_region_part(digits: str, *, kind: str, label_id: str, label_en: str) -> list[Problem]:
    """Province must exist (error); an unknown kab/kota or kecamatan is a warning."""
    province, regency, district = digits[0:2], digits[0:4], digits[0:6]
    if regions.get(province) is None:
        return [
            Problem(
                f"{kind}_unknown_province",
                f"Kode provinsi {province} pada {label_id} tidak dikenal.",
                f"Province code {province} in the {label_en} is unknown.",
            )
        ]
    if regions.get(regency) is None:
        return [
            Problem(
                f"{kind}_unknown_regency",
                f"Kode kabupaten/kota {regency[:2]}.{regency[2:]} pada {label_id} tidak dikenal (mungkin kode lama).",
                f"Regency code {regency[:2]}.{regency[2:]} in the {label_en} is unknown (perhaps an old code).",
                Severity.WARNING,
            )
        ]
    if regions.get(district) is None:
        dotted = f"{district[:2]}.{district[2:4]}.{district[4:]}"
        return [
            Problem(
                f"{kind}_unknown_district",
                f"Kode kecamatan {dotted} pada {label_id} tidak dikenal (mungkin kode lama).",
                f"District code {dotted} in the {label_en} is unknown (perhaps an old code).",
                Severity.WARNING,
            )
        ]
    return []


@dataclass(frozen=True)
class NikInfo:
    """A checked NIK: its parts when they could be read, and every problem found."""

    raw: str
    digits: str | None = None
    province: str | None = None
    regency: str | None = None
    district: str | None = None
    sex: str | None = None  # "L" laki-laki, "P" perempuan (day + 40)
    day: int | None = None
    month: int | None = None
    yy: int | None = None
    serial: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def birth_date_guess(self, today: date | None = None) -> date | None:
        """The birth date with an inferred century (20YY unless in the future) — for display only."""
        if self.day is None or self.month is None or self.yy is None:
            return None
        year = guess_year(self.yy, today)
        for candidate in (year, 1900 + self.yy if year >= 2000 else 2000 + self.yy):
            try:
                return date(candidate, self.month, self.day)
            except ValueError:
                continue
        return None


def check_nik(raw: str) -> NikInfo:
    """Check a NIK as typed. Never raises, whatever `raw` holds."""
    raw_text = raw if isinstance(raw, str) else repr(raw)
    digits, problems = check_digits_shape(raw, kind="nik", label_id="NIK", label_en="NIK")
    if digits is None:
        return NikInfo(raw=raw_text, problems=tuple(problems))
    problems += check_region_part(digits, kind="nik", label_id="NIK", label_en="NIK")
    raw_day, month, yy, serial = int(digits[6:8]), int(digits[8:10]), int(digits[10:12]), digits[12:16]
    sex, day = ("P", raw_day - 40) if raw_day > 40 else ("L", raw_day)
    date_ok = 1 <= month <= 12 and 1 <= day <= 31 and date_exists(day, month, yy)
    if not date_ok:
        problems.append(
            Problem(
                "nik_invalid_date",
                f"Tanggal lahir di NIK ({digits[6:12]}) bukan tanggal yang ada"
                + (" (hari 41–71 untuk perempuan)." if raw_day > 31 else "."),
                f"The birth date in the NIK ({digits[6:12]}) is not a real date"
                + (" (days 41–71 are for women)." if raw_day > 31 else "."),
            )
        )
    if serial == "0000":
        problems.append(
            Problem(
                "nik_serial_zero",
                "Nomor urut NIK tidak boleh 0000.",
                "The NIK's serial number cannot be 0000.",
            )
        )
    return NikInfo(
        raw=raw_text,
        digits=digits,
        province=digits[0:2],
        regency=f"{digits[0:2]}.{digits[2:4]}",
        district=f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}",
        sex=sex if date_ok else None,
        day=day if date_ok else None,
        month=month if date_ok else None,
        yy=yy if date_ok else None,
        serial=serial,
        problems=tuple(problems),
    )


_SEX_ID = {"L": "laki-laki", "P": "perempuan"}
_SEX_EN = {"L": "male", "P": "female"}


def cross_check_nik(info: NikInfo, *, sex: str | None, birth_date: date | None) -> list[Problem]:
    """Where the NIK disagrees with the sex or birth date answered in the form, one problem per part.

    Both are errors a volunteer may override with a reason (KTP data is sometimes wrong). Only day, month
    and the two-digit year are compared: the century cannot be read from a NIK.
    """
    problems: list[Problem] = []
    if info.sex is None:  # an unreadable NIK has its own errors; nothing to compare
        return problems
    if sex in ("L", "P") and sex != info.sex:
        problems.append(
            Problem(
                "nik_sex_mismatch",
                f"Jenis kelamin menurut NIK {_SEX_ID[info.sex]}, di formulir {_SEX_ID[sex]}.",
                f"The NIK says {_SEX_EN[info.sex]}, the form says {_SEX_EN[sex]}.",
                overridable=True,
            )
        )
    if isinstance(birth_date, date):
        parts_id, parts_en = [], []
        if birth_date.day != info.day:
            parts_id.append(f"tanggal lahir di NIK {info.day:02d}, di formulir {birth_date.day:02d}")
            parts_en.append(f"day {info.day:02d} in the NIK, {birth_date.day:02d} in the form")
        if birth_date.month != info.month:
            parts_id.append(f"bulan lahir di NIK {info.month:02d}, di formulir {birth_date.month:02d}")
            parts_en.append(f"month {info.month:02d} in the NIK, {birth_date.month:02d} in the form")
        if birth_date.year % 100 != info.yy:
            parts_id.append(f"tahun lahir di NIK ..{info.yy:02d}, di formulir {birth_date.year}")
            parts_en.append(f"year ..{info.yy:02d} in the NIK, {birth_date.year} in the form")
        if parts_id:
            problems.append(
                Problem(
                    "nik_birth_date_mismatch",
                    "Tanggal lahir tidak cocok dengan NIK: " + "; ".join(parts_id) + ".",
                    "The birth date does not match the NIK: " + "; ".join(parts_en) + ".",
                    overridable=True,
                )
            )
    return problems
