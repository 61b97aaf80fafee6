"""Whether one answer has the shape its field type needs; domain checks for NIK, No. KK and regions.

`check_answer` is the full check with its messages. `quick_check` gives, per field, a cheap test that is
True only for answers `check_answer` would pass without a word — the validator's success path — so the
two can never disagree: anything unusual goes through `check_answer`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime

from forms.definition import Field
from forms.domain import regions
from forms.domain.dates import invalid_date
from forms.domain.kk import check_kk
from forms.domain.nik import check_nik
from forms.domain.phone import check_phone, normalise_phone, plainly_valid
from forms.expr import odk
from forms.expr.functions import to_date
from forms.odk_fields import in_range
from forms.problems import Problem, Severity

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MAX_TEXT = 5000
GEOPOINT_KEYS = frozenset({"lat", "lon", "accuracy"})
_SAFE_INT = 2**53


def _p(code: str, id_: str, en: str, path: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(code, id_, en, severity, path)


def label_id(f: Field) -> str:
    return f.text("label") or f.name


def label_en(f: Field) -> str:
    return f.text("label", "en") or f.name


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        return False


def check_answer(f: Field, value: object, path: str) -> list[Problem]:
    """Problems of a non-empty answer against its field type (empty answers are the caller's business).

    Long because it is one short branch per field type, read top to bottom.
    """
    t = f.type

    def wrong() -> list[Problem]:  # built only when needed
        return [_p("wrong_type", f"Jawaban '{label_id(f)}' tidak sesuai jenisnya ({t}).",
                   f"The answer to '{label_en(f)}' has the wrong type ({t}).", path)]  # fmt: skip

    if t == "text":
        if not isinstance(value, str):
            return wrong()
        if len(value) > MAX_TEXT:
            return [
                _p("too_long", f"Teks lebih dari {MAX_TEXT} huruf.", f"Text longer than {MAX_TEXT}.", path)
            ]
        return []
    if t == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return wrong()
        return [] if not f.parameters or in_range(f, value) else [_outside(f, path)]
    if t == "decimal":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and _finite(value)
        if ok and f.parameters and not in_range(f, value):
            return [_outside(f, path)]
        return [] if ok else wrong()
    if t == "date":
        if not isinstance(value, str) or len(value) != 10 or to_date(value) is None:
            # Typed dates are stored ISO (forms/domain/dates.py); whatever else arrives gets the same words.
            return [invalid_date(path)]
        return []
    if t == "yes_no":
        return [] if isinstance(value, bool) else wrong()
    if t == "select_one":
        if not isinstance(value, str):
            return wrong()
        if value not in f.choice_values:
            return [_p("invalid_choice", f"Pilihan '{value}' tidak ada untuk '{label_id(f)}'.",
                       f"'{value}' is not a choice of '{f.name}'.", path)]  # fmt: skip
        return []
    if t == "select_multiple":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return wrong()
        bad = [v for v in value if v not in f.choice_values]
        if bad or len(set(value)) != len(value):
            return [_p("invalid_choice", f"Pilihan tidak dikenal atau ganda: {', '.join(bad) or 'ganda'}.",
                       f"Unknown or repeated choices: {', '.join(bad) or 'repeated'}.", path)]  # fmt: skip
        return []
    if t == "nik":
        if not isinstance(value, str):
            return wrong()
        return [p.at(path) for p in check_nik(value).problems]
    if t == "kk":
        if not isinstance(value, str):
            return wrong()
        return [p.at(path) for p in check_kk(value).problems]
    if t == "phone":
        if not isinstance(value, str):
            return wrong()
        return [p.at(path) for p in check_phone(value)]
    if t == "region":
        if not isinstance(value, str):
            return wrong()
        region = regions.get(value)
        if region is None or region.code != value:
            return [_p("unknown_region", f"Kode wilayah '{value}' tidak dikenal.", f"Unknown region code '{value}'.",
                       path)]  # fmt: skip
        if region.level != f.level:
            return [_p("wrong_region_level", f"'{region.name}' bukan {f.level}.", f"'{region.name}' is not a {f.level}.",
                       path)]  # fmt: skip
        return []
    if t == "geopoint":
        if not isinstance(value, dict):
            return wrong()
        lat, lon = value.get("lat"), value.get("lon")
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon))
        if not numeric or not (-90 <= lat <= 90 and -180 <= lon <= 180) or set(value) - GEOPOINT_KEYS:
            return [_p("invalid_geopoint", "Titik GPS tidak valid.", "Invalid GPS point.", path)]
        return []
    if t in ("time", "datetime", "geotrace"):
        return [] if ODK_TEXT[t](value) else [_p(f"invalid_{t}", *TEXT_WORDS[t], path)]
    if t in ("photo", "audio", "file"):
        if not isinstance(value, str) or not SHA256_RE.match(value):
            return [_p("invalid_attachment", "Lampiran harus berupa sidik SHA-256 berkasnya.",
                       "An attachment must be its file's SHA-256.", path)]  # fmt: skip
        return []
    return []


def _outside(f: Field, path: str) -> Problem:
    p = f.parameters
    span = f"{p.get('start', '…')}–{p.get('end', '…')}" + (f", step {p['step']}" if "step" in p else "")
    return _p("out_of_range", f"Jawaban '{label_id(f)}' di luar rentang {span}.",
              f"The answer to '{label_en(f)}' is outside {span}.", path)  # fmt: skip


_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)?$")


def _is_time(v: object) -> bool:
    return isinstance(v, str) and _TIME_RE.match(v) is not None


def _is_datetime(v: object) -> bool:
    return isinstance(v, str) and "T" in v and isinstance(odk.parse_date_text(v), datetime)


def _is_geotrace(v: object) -> bool:
    """ODK's geotrace text: two or more `lat lon [alt [accuracy]]` points separated by `;`."""
    if not isinstance(v, str):
        return False
    points = [p.split() for p in v.split(";") if p.strip()]
    try:
        return len(points) >= 2 and all(
            2 <= len(p) <= 4 and -90 <= float(p[0]) <= 90 and -180 <= float(p[1]) <= 180 for p in points
        )
    except ValueError:
        return False


ODK_TEXT: dict[str, Callable[[object], bool]] = {
    "time": _is_time,
    "datetime": _is_datetime,
    "geotrace": _is_geotrace,
}
TEXT_WORDS = {
    "time": ("Jam tidak valid (tulis JJ:MM).", "Invalid time (write HH:MM)."),
    "datetime": ("Tanggal dan jam tidak valid.", "Invalid date and time."),
    "geotrace": ("Jalur GPS tidak valid (dua titik atau lebih).", "Invalid GPS trace (two points or more)."),
}


def _quick_geopoint(v: object) -> bool:
    if type(v) is not dict or not GEOPOINT_KEYS.issuperset(v):
        return False
    lat, lon = v.get("lat"), v.get("lon")
    return type(lat) in (float, int) and type(lon) in (float, int) and -90 <= lat <= 90 and -180 <= lon <= 180


def quick_check(f: Field) -> Callable[[object], bool] | None:
    """A test that is True only for a non-empty answer in which `check_answer(f, value)` finds nothing; None
    for NIK and No. KK, whose parse the validator keeps for the cross-check."""
    t = f.type
    if t in ("integer", "decimal") and f.parameters:  # a range question: its bounds too
        return lambda v: v is not None and v != "" and not check_answer(f, v, "")
    if t == "text":
        return lambda v: type(v) is str and 0 < len(v) <= MAX_TEXT
    if t == "integer":
        return lambda v: type(v) is int
    if t == "decimal":
        return lambda v: (
            (type(v) is float and v - v == 0) or (type(v) is int and -_SAFE_INT <= v <= _SAFE_INT)
        )
    if t == "date":
        return lambda v: type(v) is str and len(v) == 10 and to_date(v) is not None
    if t == "yes_no":
        return lambda v: v is True or v is False
    if t == "select_one":
        choices = f.choice_values
        return lambda v: type(v) is str and v in choices
    if t == "select_multiple":
        choices = f.choice_values
        return lambda v: (
            type(v) is list
            and v
            and all(type(x) is str for x in v)
            and choices.issuperset(v)
            and len(set(v)) == len(v)
        )
    if t == "region":
        level = f.level
        return lambda v: type(v) is str and regions.level_of(v) == level
    if t == "geopoint":
        return _quick_geopoint
    if t in ("photo", "audio", "file"):
        match = SHA256_RE.match
        return lambda v: type(v) is str and match(v) is not None
    if t in ODK_TEXT:
        return ODK_TEXT[t]

    if t == "phone":
        return plainly_valid
    if t in ("nik", "kk"):
        return None
    return lambda v: v is not None and v != "" and v != []  # note, calculate: no type to check


# Answers with one stored form whatever way they were typed: the app stores them so (forms.validate.calculate
# writes them with a save), the server reads them either way. None from a function keeps the answer as typed.
CANONICAL: dict[str, Callable[[object], object | None]] = {"phone": normalise_phone}


def canonical(f: Field, value: object) -> object:
    """The answer in its stored form ("0812 5566 7788" -> "+6281255667788"); other answers unchanged."""
    to_canonical = CANONICAL.get(f.type)
    if to_canonical is None or value is None:
        return value
    found = to_canonical(value)
    return value if found is None else found
