"""Value coercions and the function library of the expression language (XPath 1.0 / ODK semantics).

Values are None (no answer), str, int/float, bool, datetime.date and list (a select_multiple answer or the
values of a field across repeat items). Coercions follow XPath: an empty answer is "" as text, NaN as a
number and false as a boolean, so `${age} >= 60` is simply false while age is unanswered.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from forms.expr import odk

EPOCH = date(1970, 1, 1)
NAN = float("nan")


def to_number(v: object) -> float:
    t = type(v)
    if t is float:
        return v
    if t is int:
        return float(v)
    if t is str:  # the usual non-number: a date or a number typed as text
        text = v.strip()
        if len(text) == 10 and text[4] == "-" and text[7] == "-":  # never a float literal: try the date
            try:
                return float((date.fromisoformat(text) - EPOCH).days)
            except ValueError:
                return NAN
    elif t is date:
        return float((v - EPOCH).days)
    if v is None:
        return NAN
    if isinstance(v, datetime):
        return odk.datetime_days(v)
        return NAN
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, date):
        return float((v - EPOCH).days)
    if isinstance(v, str):
        text = v.strip()
        if not text:
            return NAN
        try:
            return float(text)
        except ValueError:
            parsed = odk.parse_date_text(text)
            if isinstance(parsed, datetime):
                return odk.datetime_days(parsed)
            return float((parsed - EPOCH).days) if parsed else NAN
    return NAN


def to_bool(v: object) -> bool:
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return v != 0 and not math.isnan(v)
    if isinstance(v, (str, list, tuple)):
        return len(v) > 0
    return True


def to_str(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, datetime):
        return odk.datetime_text(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return " ".join(to_str(x) for x in v)
    return str(v)


def to_date(v: object) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        text = v.strip()
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            parsed = odk.parse_date_text(text)  # unpadded `2001-1-1`, or a date-time
            return parsed.date() if isinstance(parsed, datetime) else parsed
    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
        try:
            return EPOCH + timedelta(days=math.floor(v))
        except OverflowError:
            return None
    return None


def to_list(v: object) -> list:
    if v is None:
        return []
    if isinstance(v, (list, tuple)):
        return list(v)
    if isinstance(v, str):
        return v.split()
    return [v]


def is_empty(v: object) -> bool:
    return v is None or v == "" or v == [] or (isinstance(v, float) and math.isnan(v))


def equals(a: object, b: object) -> bool:
    """XPath `=`: booleans compare as booleans, numbers as numbers, dates as dates, else as text."""
    if isinstance(a, (list, tuple)) and not isinstance(b, (list, tuple)):
        return any(equals(x, b) for x in a) if a else equals("", b)
    if isinstance(b, (list, tuple)) and not isinstance(a, (list, tuple)):
        return equals(b, a)
    if isinstance(a, bool) or isinstance(b, bool):
        return to_bool(a) == to_bool(b)
    if isinstance(a, date) or isinstance(b, date):
        da, db = to_date(a), to_date(b)
        return da is not None and da == db
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return to_number(a) == to_number(b)
    return to_str(a) == to_str(b)


def _round(x, digits=0):
    return odk.round_half_away(to_number(x), to_number(digits))  # ODK: halves away from zero


def _int(x):
    n = to_number(x)
    return float(math.trunc(n)) if math.isfinite(n) else n


def _date(x):
    """date(): a date, or a date-time kept with its time (`date-time()` is the same function in ODK)."""
    if isinstance(x, str):
        parsed = odk.parse_date_text(x)
        if parsed is not None:
            return parsed
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        n = float(x)
        return to_date(n) if n.is_integer() else odk.days_datetime(n)
    return to_date(x)


@lru_cache(maxsize=256)
def _regex(pattern: str):
    return re.compile(pattern)


def _regex_match(s, pattern):
    try:
        return _regex(to_str(pattern)).search(to_str(s)) is not None
    except (re.error, RecursionError):
        return False


def _substr(s, start, end=None):
    """ODK substr(text, start[, end]): 0-based, a negative index counts from the end (JavaScript's slice)."""
    text = to_str(s)
    a = to_number(start)
    a = 0 if math.isnan(a) else int(a) if math.isfinite(a) else (len(text) if a > 0 else 0)
    if end is None:
        return text[a:]
    b = to_number(end)
    b = 0 if math.isnan(b) else int(b) if math.isfinite(b) else (len(text) if b > 0 else -len(text) - 1)
    return text[a:b]


def _sum(v):
    total = 0.0
    for x in to_list(v) if isinstance(v, (list, tuple)) else [v]:
        total += to_number(x)
    return total


def _extreme(pick):
    def fn(*args):
        values = [to_number(x) for a in args for x in (a if isinstance(a, (list, tuple)) else [a])]
        values = [x for x in values if not math.isnan(x)]
        return pick(values) if values else NAN

    return fn


def _flat(args) -> list:
    return [x for a in args for x in (a if isinstance(a, (list, tuple)) else [a])]


def _as_datetime(x):
    if isinstance(x, float):
        return odk.days_datetime(x)
    v = _date(x)
    return datetime(v.year, v.month, v.day, tzinfo=odk.local_zone()) if type(v) is date else v


def _date_time(x):
    """date-time(): a number of days is a moment (in the local zone); text is read as date() reads it."""
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return odk.days_datetime(float(x))
    return _date(x)


def _decimal_date_time(x):
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return float(x)
    v = _as_datetime(x)
    return odk.datetime_days(v) if isinstance(v, datetime) else NAN


def _format_date(x, fmt):
    v = _date(x)
    return odk.format_date(v if isinstance(v, date) else None, to_str(fmt))


def _boolean_from_string(x):
    if isinstance(x, (int, float)) and not isinstance(x, bool) and float(x) > 0 and float(x).is_integer():
        return True
    return odk.boolean_from_string(to_str(x))


def _weighted(low, high, *rest):
    pairs = [(to_bool(v), to_number(w)) for v, w in zip(rest[::2], rest[1::2], strict=False)]
    return odk.weighted_checklist(to_number(low), to_number(high), pairs)


def _indexed(values, _repeat, index, *more):
    """indexed-repeat(${field}, ${repeat}, n): the field's value in the repeat's n-th item (1-based)."""
    items = values if isinstance(values, (list, tuple)) else [values]
    n = to_number(index)
    return items[int(n) - 1] if math.isfinite(n) and 1 <= int(n) <= len(items) else ""


def _num(fn):
    safe = odk.safe_math(fn)
    return lambda *args: safe(*(to_number(a) for a in args))


ODK_FUNCTIONS: dict[str, tuple[object, int, int | None]] = {
    "date-time": (_date_time, 1, 1),
    "decimal-date-time": (_decimal_date_time, 1, 1),
    "decimal-time": (lambda x: odk.decimal_time(to_str(x)) if isinstance(x, str) else NAN, 1, 1),
    "format-date": (_format_date, 2, 2),
    "format-date-time": (_format_date, 2, 2),
    "normalize-space": (lambda s: odk.normalize_space(to_str(s)), 0, 1),
    "substring-before": (lambda s, t: odk.substring_before(to_str(s), to_str(t)), 2, 2),
    "substring-after": (lambda s, t: odk.substring_after(to_str(s), to_str(t)), 2, 2),
    "translate": (lambda s, a, b: odk.translate(to_str(s), to_str(a), to_str(b)), 3, 3),
    "join": (lambda sep, *args: to_str(sep).join(to_str(x) for x in _flat(args)), 1, None),
    "boolean-from-string": (_boolean_from_string, 1, 1),
    "pow": (lambda x, y: odk.power(to_number(x), to_number(y)), 2, 2),
    "sqrt": (_num(math.sqrt), 1, 1),
    "log": (_num(math.log), 1, 1),
    "log10": (_num(math.log10), 1, 1),
    "exp": (_num(math.exp), 1, 1),
    "exp10": (lambda x: odk.power(10.0, to_number(x)), 1, 1),
    "sin": (_num(math.sin), 1, 1),
    "cos": (_num(math.cos), 1, 1),
    "tan": (_num(math.tan), 1, 1),
    "asin": (_num(math.asin), 1, 1),
    "acos": (_num(math.acos), 1, 1),
    "atan": (_num(math.atan), 1, 1),
    "atan2": (_num(math.atan2), 2, 2),
    "pi": (lambda: math.pi, 0, 0),
    "digest": (lambda m, a, e="base64": odk.digest(to_str(m), to_str(a), to_str(e)), 2, 3),
    "area": (lambda g: odk.area(odk.geo_points(g)), 1, 1),
    "distance": (lambda g: odk.distance(odk.geo_points(g)), 1, 1),
    "checklist": (
        lambda lo, hi, *r: odk.checklist(to_number(lo), to_number(hi), [to_bool(x) for x in _flat(r)]),
        2,
        None,
    ),
    "weighted-checklist": (_weighted, 2, None),
    "count-non-empty": (lambda v: float(sum(1 for x in _flat([v]) if to_str(x) != "")), 1, 1),
    "indexed-repeat": (_indexed, 3, None),
}

# name -> (python function, minimum arity, maximum arity or None for any)
FUNCTIONS: dict[str, tuple[object, int, int | None]] = {
    "selected": (lambda lst, value: is_selected(lst, value), 2, 2),
    "count-selected": (lambda lst: float(len(to_list(lst))), 1, 1),
    "selected-at": (lambda lst, i: _selected_at(lst, i), 2, 2),
    "count": (lambda v: float(len(v)) if isinstance(v, (list, tuple)) else (0.0 if v is None else 1.0), 1, 1),
    "sum": (_sum, 1, 1),
    "min": (_extreme(min), 1, None),
    "max": (_extreme(max), 1, None),
    "string-length": (lambda s: float(len(to_str(s))), 0, 1),
    "regex": (_regex_match, 2, 2),
    "contains": (lambda s, t: to_str(t) in to_str(s), 2, 2),
    "starts-with": (lambda s, t: to_str(s).startswith(to_str(t)), 2, 2),
    "ends-with": (lambda s, t: to_str(s).endswith(to_str(t)), 2, 2),
    "substr": (_substr, 2, 3),
    "concat": (lambda *args: "".join(to_str(a) for a in args), 0, None),
    "coalesce": (lambda a, b: b if is_empty(a) else a, 2, 2),
    "not": (lambda v: not to_bool(v), 1, 1),
    "true": (lambda: True, 0, 0),
    "false": (lambda: False, 0, 0),
    "boolean": (to_bool, 1, 1),
    "number": (to_number, 0, 1),
    "string": (to_str, 0, 1),
    "int": (_int, 1, 1),
    "round": (_round, 1, 2),
    "floor": (lambda x: float(math.floor(n)) if math.isfinite(n := to_number(x)) else n, 1, 1),
    "ceiling": (lambda x: float(math.ceil(n)) if math.isfinite(n := to_number(x)) else n, 1, 1),
    "abs": (lambda x: abs(to_number(x)), 1, 1),
    "date": (_date, 1, 1),
    **ODK_FUNCTIONS,
    # if() is compiled lazily (only the chosen branch runs) and these read the evaluation context, see
    # compile.py; listed here for arity checks
    "if": (None, 3, 3),
    "today": (None, 0, 0),
    "now": (None, 0, 0),
    "random": (None, 0, 0),
    "uuid": (None, 0, 1),
    "once": (None, 1, 1),
    "position": (None, 0, 1),
    "last": (None, 0, 0),
    "current": (None, 0, 0),
    "jr:choice-name": (None, 2, 2),
    "pulldata": (None, 4, 4),
}


def is_selected(lst, value) -> bool:
    """ODK selected(): the value, trimmed, is one of the space-separated codes (an empty one counts)."""
    wanted = (value if isinstance(value, str) else to_str(value)).strip()
    if isinstance(lst, list) and all(isinstance(x, str) for x in lst):
        return wanted in lst if (lst or wanted) else True  # the common case: a select_multiple answer
    return wanted in to_str(lst).split(" ")


def _selected_at(lst, i):
    items = to_list(lst)
    n = to_number(i)
    if not math.isfinite(n) or not 0 <= int(n) < len(items):
        return ""
    return to_str(items[int(n)])
