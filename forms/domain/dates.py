"""Dates as people write them, stored as ISO `YYYY-MM-DD`.

A volunteer copies a birth date from a KTP or a family card: `15-05-1985`, `15/05/1985`, `15.05.1985`,
`15 Mei 1985`, or `15051985` typed without separators. All of them mean 1985-05-15. Only the input is
forgiving: the stored answer (and what the server accepts) stays ISO, so the app and the server read a
record the same way. A date that cannot be read gets one clear message with an example, never the
field type's name.

Two-digit years (`15-05-85`) are read as the most recent such year that is not in the future, the way a
person reads them; the app shows the full date back, so a wrong century is seen at once.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from forms.problems import Problem

EXAMPLE = "15-05-1985"
MIN_YEAR = 1800  # older than any living person or any event a form records; a typo below it is refused

# Indonesian month names first (the screens are Indonesian), then the English ones that differ.
_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8,
    "agt": 8, "ags": 8, "agus": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nop": 11, "nopember": 11, "desember": 12, "des": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "aug": 8,
    "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip
_SEP = r"\s*[-/.,\s]\s*"
_YMD = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})$")
_DMY = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})$")
_NAMED = re.compile(rf"^(\d{{1,2}}){_SEP}([a-z]+){_SEP}(\d{{4}}|\d{{2}})$")
_PACKED = re.compile(r"^\d{8}$")


def _make(year: int, month: int, day: int) -> date | None:
    if year < MIN_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str, today: date) -> int:
    if len(text) == 4:
        return int(text)
    century = today.year // 100 * 100
    year = century + int(text)
    return year if year <= today.year else year - 100


def parse_date(text: object, *, today: date | None = None) -> date | None:
    """The date a person meant, or None when the text is not a date (see the module docstring)."""
    if not isinstance(text, str):
        return None
    typed = unicodedata.normalize("NFKC", text).strip().lower()
    if not typed:
        return None
    today = today or date.today()
    if m := _YMD.match(typed):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(typed):
        return _make(_full_year(m[3], today), int(m[2]), int(m[1]))
    if m := _NAMED.match(typed):
        month = _MONTHS.get(m[2])
        return _make(_full_year(m[3], today), month, int(m[1])) if month else None
    if _PACKED.match(typed):
        # DDMMYYYY as on a KTP without its dashes; YYYYMMDD only when that reading is the one that exists.
        return _make(int(typed[4:]), int(typed[2:4]), int(typed[:2])) or _make(
            int(typed[:4]), int(typed[4:6]), int(typed[6:])
        )
    return None


def from_parts(day: int, month: int, yy: int, *, today: date | None = None) -> date | None:
    """A date written with a two-digit year (as inside a NIK): the latest such year not in the future."""
    return _make(_full_year(f"{yy:02d}", today or date.today()), month, day)


def to_iso(text: object, *, today: date | None = None) -> str | None:
    """The ISO form of a typed date (what is stored), or None when it cannot be read."""
    found = parse_date(text, today=today)
    return found.isoformat() if found else None


def shown(value: object) -> str:
    """A stored ISO date as people write it (`1985-05-15` → `15-05-1985`); anything else unchanged."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value).strftime("%d-%m-%Y")
        except ValueError:
            pass
    return "" if value is None else str(value)


def invalid_date(path: str = "") -> Problem:
    """The one message for a date that cannot be read: what to do, with an example (the code stays the
    field-type check's, `wrong_type`, which rejections and reports already know)."""
    return Problem(
        "wrong_type",
        f"Tanggal tidak valid — tulis seperti {EXAMPLE}",
        f"Not a valid date — write it like {EXAMPLE}",
        path=path,
    )
