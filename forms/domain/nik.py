"""NIK (Nomor Induk Kependudukan): `PP KK CC DDMMYY SSSS` — parsing, checks and the cross-check with a form.

Rules (docs/domain.md#nik), shared with the No. KK in idnumber.py: 16 digits once the spaces, dots and
dashes a user
typed are stripped (an O typed for a zero gets its own message); the province must exist, while an unknown
kab/kota or kecamatan is only a warning (codes were split and renumbered and old NIKs keep old codes);
DDMMYY is the birth date with 40 added to the day for women (41–71); the serial is never 0000; all-same
digits are refused.

The century is not in a NIK. A date is accepted if it exists in 19YY or 20YY, so 29 Feb passes when either
is a leap year: `00` (2000), `04` (1904 and 2004), `96` (1996) — but never `01` or `95`. The cross-check
with an answered birth date compares day, month and the two-digit year only: a lansia born 1925 and a baby
born 2025 both carry `25`. `birth_date_guess` infers the century only for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from forms.domain.idnumber import (
    Label,
    NumberInfo,
    check_number,
    guess_year,
    normalize_digits,
    plain_valid,
)
from forms.problems import Problem

__all__ = ["NikInfo", "check_nik", "cross_check_nik", "cross_check_parts", "normalize_digits", "plain_valid"]

_LABEL = Label("nik", "NIK", "NIK")


@dataclass(frozen=True)
class NikInfo(NumberInfo):
    """A checked NIK: its parts when they could be read (the date is the birth date), and every problem."""

    @property
    def sex(self) -> str | None:
        """`L` laki-laki or `P` perempuan (day + 40) when the date is real, else None."""
        if self.day is None or self.digits is None:
            return None
        return "P" if int(self.digits[6:8]) > 40 else "L"

    def birth_date_guess(self, today: date | None = None) -> date | None:
        """The birth date with an inferred century (20YY unless in the future, else 19YY) — display only.

        29 Feb of a `yy` that is a leap year only in the other century (`00` is 2000, not 1900) takes the
        century where the date exists.
        """
        if self.day is None or self.month is None or self.yy is None:
            return None
        year = guess_year(self.yy, today)
        other = 1900 + self.yy if year >= 2000 else 2000 + self.yy
        for candidate in (year, other):
            try:
                return date(candidate, self.month, self.day)
            except ValueError:
                continue
        return None


def check_nik(raw: str) -> NikInfo:
    """Check a NIK as typed. Never raises, whatever `raw` holds (non-strings are reported as not digits)."""
    return check_number(
        raw, _LABEL, NikInfo, what_id="Tanggal lahir", what_en="birth date", women_plus_40=True
    )


_SEX_ID = {"L": "laki-laki", "P": "perempuan"}
_SEX_EN = {"L": "male", "P": "female"}


def cross_check_nik(info: NikInfo, *, sex: str | None, birth_date: date | None) -> list[Problem]:
    """Where the NIK disagrees with the sex or birth date answered in the form: one problem per differing part
    (sex, birth day, birth month, two-digit year), each naming the part and both values.

    Both are errors a volunteer may override with a reason (KTP data is sometimes wrong). Only day, month
    and the two-digit year are compared: the century cannot be read from a NIK.
    """
    if info.sex is None:  # an unreadable NIK has its own errors; nothing to compare
        return []
    return cross_check_parts(info.sex, info.day, info.month, info.yy, sex=sex, birth_date=birth_date)


def cross_check_parts(
    nik_sex: str, day: int, month: int, yy: int, *, sex: str | None, birth_date: date | None
) -> list[Problem]:
    """`cross_check_nik` on the parts of a readable NIK (the validator's fast path has them without a NikInfo)."""
    problems: list[Problem] = []
    answered = sex.strip().upper() if isinstance(sex, str) else None
    if (answered is None or answered == nik_sex or answered not in _SEX_ID) and (
        not isinstance(birth_date, date)
        or (birth_date.day == day and birth_date.month == month and birth_date.year % 100 == yy)
    ):
        return problems  # they agree: the usual case, no message built
    if answered in _SEX_ID and answered != nik_sex:
        problems.append(
            Problem(
                "nik_sex_mismatch",
                f"Jenis kelamin menurut NIK {_SEX_ID[nik_sex]}, di formulir {_SEX_ID[answered]}.",
                f"The NIK says {_SEX_EN[nik_sex]}, the form says {_SEX_EN[answered]}.",
                overridable=True,
            )
        )
    if isinstance(birth_date, date):
        compared = (
            ("tanggal lahir", "day", f"{day:02d}", f"{birth_date.day:02d}"),
            ("bulan lahir", "month", f"{month:02d}", f"{birth_date.month:02d}"),
            # The form's full year is shown, but only its last two digits are compared.
            ("tahun lahir", "year", f"..{yy:02d}", f"{birth_date.year:04d}"),
        )
        for part_id, part_en, in_nik, in_form in compared:
            if in_nik[-2:] != in_form[-2:]:
                problems.append(
                    Problem(
                        "nik_birth_date_mismatch",
                        f"Tanggal lahir tidak cocok dengan NIK: {part_id} di NIK {in_nik}, "
                        f"di formulir {in_form}.",
                        f"The birth date does not match the NIK: {part_en} {in_nik} in the NIK, "
                        f"{in_form} in the form.",
                        overridable=True,
                    )
                )
    return problems
