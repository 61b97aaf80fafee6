"""What a NIK and a No. KK share: `PP KK CC DDMMYY SSSS`, typed by people, read the same way.

Both are 16 digits once the spaces, dots and dashes a user typed are stripped (full-width digits from an
input method count as digits). Both start with a Kemendagri kecamatan code — the province must exist, an
unknown kab/kota or kecamatan is only a warning because codes were split and renumbered and old numbers
keep old codes — and carry a DDMMYY date, a serial that is never 0000, and are never one digit repeated.

The century is not in either number, so a date is accepted when it exists in 19YY or 20YY: 29 Feb passes
when either is a leap year (`00` → 2000, `04` → 1904 and 2004, `96` → 1996), never for `01` or `95`.

Each check returns `Problem`s whose codes start with the number's kind (`nik_…`, `kk_…`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from forms.domain import regions
from forms.problems import Findings, Problem, Severity

LENGTH = 16
_TYPED_SEPARATORS = re.compile(r"[\s.\-_/]+")
_DIGITS_OR_O = re.compile(r"[0-9oO]+")


@dataclass(frozen=True, slots=True)
class Label:
    """How a message names the number: `kind` prefixes the codes, `id`/`en` appear in the texts."""

    kind: str
    id: str
    en: str


@dataclass(frozen=True)
class NumberInfo(Findings):
    """A checked NIK or No. KK: its parts when they could be read, and every problem found."""

    raw: str
    digits: str | None = None  # the 16 digits typed, None when there were not 16 digits
    province: str | None = None  # "62"
    regency: str | None = None  # "62.03"
    district: str | None = None  # "62.03.01"
    day: int | None = None  # the real day of the date (a woman's NIK day less 40); None when not a real date
    month: int | None = None
    yy: int | None = None  # two-digit year 0..99
    serial: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """No error-severity problem (warnings such as an unknown kecamatan allowed)."""
        return not any(p.is_error for p in self.problems)


InfoT = TypeVar("InfoT", bound=NumberInfo)


def normalize_digits(raw: object) -> str:
    """What the user typed without spaces, dots and dashes, full-width digits made ASCII (not yet checked)."""
    if not isinstance(raw, str):
        return ""
    return _TYPED_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))


def date_exists(day: int, month: int, yy: int) -> bool:
    """True when DD-MM exists in 19YY or 20YY (the century cannot be read from a NIK or No. KK)."""
    for century in (1900, 2000):
        try:
            date(century + yy, month, day)
        except ValueError:
            continue
        return True
    return False


def guess_year(yy: int, today: date | None = None) -> int:
    """20YY unless that is in the future, else 19YY (docs/domain.md#nik; a display guess only)."""
    today = today or date.today()
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def check_shape(raw: object, label: Label) -> tuple[str | None, list[Problem]]:
    """The 16 digits, or None with the reason they cannot be read.

    Sixteen digits that are one digit repeated come back with their `all_same_digit` error: the digits are
    there, but nothing else about them is worth checking.
    """
    if isinstance(raw, str) and len(raw) == LENGTH and raw.isascii() and raw.isdigit():
        text = raw  # as typed by most: nothing to strip or normalise
    else:
        text = normalize_digits(raw)
    if not text:
        return None, [Problem(f"{label.kind}_empty", f"{label.id} kosong.", f"The {label.en} is empty.")]
    if not (text.isascii() and text.isdigit()):
        if _DIGITS_OR_O.fullmatch(text):
            return None, [
                Problem(
                    f"{label.kind}_letter_o",
                    f"{label.id} berisi huruf O; gunakan angka nol (0).",
                    f"The {label.en} contains the letter O; use the digit zero (0).",
                )
            ]
        return None, [
            Problem(
                f"{label.kind}_not_digits",
                f"{label.id} hanya boleh berisi angka.",
                f"The {label.en} may contain digits only.",
            )
        ]
    if len(text) != LENGTH:
        return None, [
            Problem(
                f"{label.kind}_length",
                f"{label.id} harus {LENGTH} angka, yang diketik {len(text)} angka.",
                f"The {label.en} must be {LENGTH} digits; {len(text)} were typed.",
            )
        ]
    if len(set(text)) == 1:
        return text, [
            Problem(
                f"{label.kind}_all_same_digit",
                f"{label.id} tidak boleh berisi angka yang sama semua.",
                f"The {label.en} cannot be one digit repeated.",
            )
        ]
    return text, []


def plain_valid(raw: object, *, women_plus_40: bool) -> tuple[int, int, int, bool] | None:
    """(day, month, yy, day had +40) when `raw` is 16 plain digits in which `check_shape`, `check_region`,
    `date_problem` and `serial_problem` find nothing at all, else None: then the full check says what is
    wrong. The validator's fast path; tests/test_domain_nik.py holds the two to the same verdicts."""
    if type(raw) is not str or len(raw) != LENGTH or not (raw.isascii() and raw.isdigit()):
        return None
    if raw[12:16] == "0000" or raw.count(raw[0]) == LENGTH:
        return None
    if not regions.prefix_known(raw):
        return None
    raw_day, month, yy = int(raw[6:8]), int(raw[8:10]), int(raw[10:12])
    plus_40 = women_plus_40 and raw_day > 40
    day = raw_day - 40 if plus_40 else raw_day
    if not (1 <= month <= 12 and 1 <= day <= 31 and date_exists(day, month, yy)):
        return None
    return day, month, yy, plus_40


def dotted_region_codes(digits: str) -> tuple[str, str, str]:
    """("62", "62.03", "62.03.01") from the first six digits."""
    return digits[0:2], f"{digits[0:2]}.{digits[2:4]}", f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"


def check_region(digits: str, label: Label) -> list[Problem]:
    """Province must exist (error); an unknown kab/kota or kecamatan is a warning."""
    province, regency, district = dotted_region_codes(digits)
    if regions.level_of(district) and regions.level_of(regency) and regions.level_of(province):
        return []  # the usual case, without building a Region
    if regions.get(province) is None:
        return [
            Problem(
                f"{label.kind}_unknown_province",
                f"Kode provinsi {province} pada {label.id} tidak dikenal.",
                f"Province code {province} in the {label.en} is unknown.",
            )
        ]
    if regions.get(regency) is None:
        return [
            Problem(
                f"{label.kind}_unknown_regency",
                f"Kode kabupaten/kota {regency} pada {label.id} tidak dikenal (mungkin kode lama).",
                f"Regency code {regency} in the {label.en} is unknown (perhaps an old code).",
                Severity.WARNING,
            )
        ]
    if regions.get(district) is None:
        return [
            Problem(
                f"{label.kind}_unknown_district",
                f"Kode kecamatan {district} pada {label.id} tidak dikenal (mungkin kode lama).",
                f"District code {district} in the {label.en} is unknown (perhaps an old code).",
                Severity.WARNING,
            )
        ]
    return []


def date_problem(
    digits: str, label: Label, *, what_id: str, what_en: str, women_plus_40: bool
) -> tuple[tuple[int, int, int] | None, Problem | None]:
    """(day, month, yy) of the DDMMYY part, or None and a `invalid_date` problem saying what is wrong.

    With `women_plus_40` (NIK) days 41–71 are a woman's day + 40 and come back as the real day.
    """
    raw_day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    day = raw_day - 40 if women_plus_40 and raw_day > 40 else raw_day
    if not 1 <= month <= 12:
        why_id, why_en = f"bulan {month:02d} tidak ada", f"there is no month {month:02d}"
    elif not 1 <= day <= 31:
        if women_plus_40:
            why_id = f"hari {raw_day:02d} tidak mungkin (01–31 laki-laki, 41–71 perempuan)"
            why_en = f"day {raw_day:02d} is impossible (01–31 for men, 41–71 for women)"
        else:
            why_id, why_en = (
                f"hari {raw_day:02d} tidak mungkin (01–31)",
                f"day {raw_day:02d} is impossible (01–31)",
            )
    elif not date_exists(day, month, yy):
        why_id = f"tanggal {day:02d}-{month:02d} tidak ada pada tahun 19{yy:02d} maupun 20{yy:02d}"
        why_en = f"{day:02d}-{month:02d} exists neither in 19{yy:02d} nor in 20{yy:02d}"
    else:
        return (day, month, yy), None
    return None, Problem(
        f"{label.kind}_invalid_date",
        f"{what_id} di {label.id} ({digits[6:12]}) bukan tanggal yang ada: {why_id}.",
        f"The {what_en} in the {label.en} ({digits[6:12]}) is not a real date: {why_en}.",
    )


def serial_problem(digits: str, label: Label) -> Problem | None:
    """The serial (last four digits) runs 0001–9999."""
    if digits[12:16] != "0000":
        return None
    return Problem(
        f"{label.kind}_serial_zero",
        f"Nomor urut {label.id} (4 angka terakhir) tidak boleh 0000.",
        f"The {label.en}'s serial number (last 4 digits) cannot be 0000.",
    )


def check_number(
    raw: object, label: Label, info: type[InfoT], *, what_id: str, what_en: str, women_plus_40: bool
) -> InfoT:
    """Every check of a NIK or No. KK as typed, read into `info` (NikInfo, KkInfo). Never raises, whatever
    `raw` holds (non-strings are reported as not digits). `what_id`/`what_en` name the date in messages."""
    raw_text = raw if isinstance(raw, str) else repr(raw)
    digits, problems = check_shape(raw, label)
    if digits is None or problems:
        return info(raw=raw_text, digits=digits, problems=tuple(problems))
    problems += check_region(digits, label)
    parts, bad_date = date_problem(
        digits, label, what_id=what_id, what_en=what_en, women_plus_40=women_plus_40
    )
    if bad_date:
        problems.append(bad_date)
    if serial := serial_problem(digits, label):
        problems.append(serial)
    province, regency, district = dotted_region_codes(digits)
    day, month, yy = parts or (None, None, None)
    return info(raw=raw_text, digits=digits, province=province, regency=regency, district=district,
                day=day, month=month, yy=yy, serial=digits[12:16], problems=tuple(problems))  # fmt: skip
