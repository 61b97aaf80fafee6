"""ODK's extensions to XPath, with the semantics of openrosa-xpath-evaluator (Enketo, KoboToolbox) and ODK
Collect: date-times, text, maths, geometry, checklists and digests. Pure functions of values; the ones that
read the evaluation context (now, once, position, random, uuid, lookups) are compiled in `compile.py`.

Date-times are aware `datetime`s; written as text they carry the laptop's local offset
(`2026-12-08T09:10:25.257+07:00`), as ODK Collect writes them. A time or date-time is read in the zone it
was written in (`decimal-time`, `format-date-time`): on the laptop that is its own zone, as in ODK Collect,
and the district server, whatever its zone, reads it the same. As a number a date-time is days since
1970-01-01T00:00Z with a fraction (`decimal-date-time`); a plain date stays whole days, so `today() - dob`
counts days (docs/records.md). Tests: tests/test_expr_odk.py against the evaluator's own results.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

NAN = float("nan")
UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAY_SECONDS = 86400.0
_EARTH_RADIUS_M = 6378100  # the evaluator's equatorial radius (geo.js)
_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATETIME_RE = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?(Z|[+-]\d\d:?\d\d)?$"
)
_TIME_RE = re.compile(r"^(\d\d):(\d\d):(\d\d)(\.\d{1,3})?([+-])(\d\d):(\d\d)$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local_zone() -> tzinfo:
    """The laptop's time zone (ODK Collect works in the device's zone); tests replace it."""
    return datetime.now().astimezone().tzinfo or UTC


def now() -> datetime:
    return datetime.now(local_zone())


def datetime_text(value: datetime) -> str:
    """ODK's form of a date-time: local time with milliseconds and the offset."""
    local = value.astimezone(local_zone()) if value.tzinfo else value.replace(tzinfo=local_zone())
    text = local.isoformat(timespec="milliseconds")
    return text if text[-6] in "+-" else text + "+00:00"


def datetime_days(value: datetime) -> float:
    aware = value if value.tzinfo else value.replace(tzinfo=local_zone())
    return (aware - UTC_EPOCH).total_seconds() / _DAY_SECONDS


def days_datetime(days: float) -> datetime | None:
    if not math.isfinite(days):
        return None
    try:
        return (UTC_EPOCH + timedelta(days=days)).astimezone(local_zone())
    except OverflowError:
        return None


def parse_date_text(text: str) -> date | datetime | None:
    """`2001-1-1` (unpadded too) as a date, `2001-01-01T10:00:00+07:00` as a date-time, else None."""
    text = text.strip()
    if m := _DATE_RE.match(text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if m := _DATETIME_RE.match(text):
        try:
            zone = m[8]
            if zone is None:
                tz = local_zone()
            elif zone == "Z":
                tz = UTC
            else:
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
            micro = int((m[7] or "0").ljust(6, "0"))
            return datetime(
                int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0), micro, tzinfo=tz
            )
        except ValueError:
            return None
    return None


def decimal_time(text: str) -> float:
    """`decimal-time('06:00:00.000+07:00')`: the fraction of the day (0.25) in the zone the time was written
    in — on the laptop that wrote it, its own zone, as ODK Collect reads it there — so the laptop and the
    district server agree whatever zone the server runs in; NaN for anything else."""
    m = _TIME_RE.match(text.strip()) if isinstance(text, str) else None
    if not m or int(m[1]) > 23 or int(m[2]) > 59 or int(m[3]) > 59 or int(m[6]) > 23 or int(m[7]) > 59:
        return NAN
    return (int(m[3]) / 3600 + int(m[2]) / 60 + int(m[1])) / 24


def format_date(value: date | datetime | None, fmt: str) -> str:
    """ODK's `format-date`/`format-date-time`: %Y %y %m %n %b %d %e %H %h %M %S %3 %a and %%."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        moment = value  # in the zone it was written in, as the laptop that wrote it shows it (decimal_time)
    else:
        moment = datetime(value.year, value.month, value.day)
    codes = {
        "Y": f"{moment.year:04d}", "y": f"{moment.year:04d}"[2:], "m": f"{moment.month:02d}",
        "n": str(moment.month), "b": _MONTHS[moment.month - 1], "d": f"{moment.day:02d}", "e": str(moment.day),
        "H": f"{moment.hour:02d}", "h": str(moment.hour), "M": f"{moment.minute:02d}",
        "S": f"{moment.second:02d}", "3": f"{moment.microsecond // 1000:03d}", "a": _DAYS[moment.weekday()],
        "%": "%",
    }  # fmt: skip
    out, i = [], 0
    while i < len(fmt):
        c = fmt[i]
        if c == "%" and i + 1 < len(fmt):
            out.append(codes.get(fmt[i + 1], ""))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def round_half_away(number: float, digits: float = 0) -> float:
    """ODK's round: halves away from zero (`round(-1.5)` = -2), digits may be negative (`round(1234, -2)`)."""
    if not math.isfinite(number):
        return number
    d = int(digits) if math.isfinite(digits) else 0
    d = max(-300, min(300, d))

    def half_away(x: float) -> float:
        return -math.floor(-x + 0.5) if x < 0 else math.floor(x + 0.5)

    try:
        if d > 0:
            scale = 10.0**d
            return half_away(number * scale) / scale
        if d < 0:
            scale = 10.0**-d
            return scale * half_away(number / scale)
        return float(half_away(number))
    except OverflowError:
        return number


def normalize_space(text: str) -> str:
    return " ".join(text.split())


def substring_before(text: str, sep: str) -> str:
    i = text.find(sep)
    return text[:i] if i >= 0 and sep else ""


def substring_after(text: str, sep: str) -> str:
    i = text.find(sep)
    return text[i + len(sep) :] if i >= 0 else ""


def translate(text: str, source: str, target: str) -> str:
    """XPath translate(): each character of `source` becomes the one at its place in `target`, or goes."""
    table: dict[int, int | None] = {}
    for i, ch in enumerate(source):
        table.setdefault(ord(ch), ord(target[i]) if i < len(target) else None)
    return text.translate(table)


def boolean_from_string(text: str) -> bool:
    return text in ("1", "true")


def checklist(low: float, high: float, truths: list[bool]) -> bool:
    count = sum(1 for t in truths if t)
    return (low < 0 or count >= low) and (high < 0 or count <= high)


def weighted_checklist(low: float, high: float, pairs: list[tuple[bool, float]]) -> bool:
    total = sum(w for t, w in pairs if t and not math.isnan(w))
    return (low < 0 or total >= low) and (high < 0 or total <= high)


_DIGESTS = {"md5": "md5", "sha-1": "sha1", "sha-256": "sha256", "sha-384": "sha384", "sha-512": "sha512"}


def digest(message: str, algorithm: str, encoding: str = "base64") -> str:
    """XForms digest(): MD5/SHA-1/SHA-256/384/512 of the UTF-8 text, hex or base64; "" for an unknown name."""
    name = _DIGESTS.get(algorithm.strip().lower())
    encoding = (encoding or "base64").strip().lower()
    if name is None or encoding not in ("hex", "base64"):
        return ""
    raw = hashlib.new(name, message.encode("utf-8")).digest()
    return raw.hex() if encoding == "hex" else base64.b64encode(raw).decode("ascii")


def _points(values: list[str]) -> list[tuple[float, float]] | None:
    out = []
    for text in values:
        parts = text.strip().split()
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except (IndexError, ValueError):
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        out.append((lat, lon))
    return out


def geo_points(value: object) -> list[str]:
    """A geotrace/geoshape (`lat lon alt acc; …`), a list of geopoints or one geopoint, as point texts."""
    if isinstance(value, (list, tuple)) and len(value) > 1:
        return [_geo_text(v) for v in value]
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    return _geo_text(value).split(";")


def _geo_text(value: object) -> str:
    if isinstance(value, dict):  # Jaring's geopoint answer
        return f"{value.get('lat', '')} {value.get('lon', '')}"
    return "" if value is None else str(value)


def distance(values: list[str]) -> float:
    """Metres along the points, as the evaluator measures (spherical, its radius, to the centimetre)."""
    pts = _points(values)
    if pts is None:
        return NAN
    total = 0.0
    for (lat1, lon1), (lat2, lon2) in zip(pts, pts[1:], strict=False):
        p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon1 - lon2)
        cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
        total += math.acos(max(-1.0, min(1.0, cos))) * _EARTH_RADIUS_M
    return abs(_js_round(total * 100)) / 100


def area(values: list[str]) -> float:
    """Square metres inside the points (the evaluator's spherical formula, to the square centimetre)."""
    pts = _points(values)
    if pts is None:
        return NAN
    total = 0.0
    if len(pts) > 2:
        for i, (lat1, lon1) in enumerate(pts):
            lat2, lon2 = pts[(i + 1) % len(pts)]
            total += math.radians(lon2 - lon1) * (
                2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
            )
        total = total * _EARTH_RADIUS_M * _EARTH_RADIUS_M / 2.0
    return abs(_js_round(total * 100)) / 100


def _js_round(x: float) -> float:
    return float(math.floor(x + 0.5))


def safe_math(fn):
    """A math function that gives NaN where Python raises (sqrt(-1), log(0))."""

    def run(*args: float) -> float:
        try:
            return fn(*args)
        except (ValueError, OverflowError, ZeroDivisionError):
            if fn is math.log or fn is math.log10:
                return -math.inf if args and args[0] == 0 else NAN
            if fn is math.exp:
                return math.inf
            return NAN

    return run


def power(x: float, y: float) -> float:
    try:
        result = math.pow(x, y)
    except OverflowError:
        return math.inf
    except ValueError:
        return NAN
    return result
