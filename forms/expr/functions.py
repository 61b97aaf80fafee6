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
            parsed = to_date(text)
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
        try:
            return date.fromisoformat(v.strip()[:10])
        except ValueError:
            return None
    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
        try:
            return EPOCH + timedelta(days=int(v))
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
    n, d = to_number(x), to_number(digits)
    if not (math.isfinite(n) and math.isfinite(d)):
        return n
    d = int(max(-15, min(15, d)))
    factor = 10.0**d
    return math.floor(n * factor + 0.5) / factor  # XPath rounds half up


def _int(x):
    n = to_number(x)
    return float(math.trunc(n)) if math.isfinite(n) else n


def _date(x):
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
    text = to_str(s)
    a = to_number(start)
    a = int(a) if math.isfinite(a) else 0
    if end is None:
        return text[max(0, a) :]
    b = to_number(end)
    b = int(b) if math.isfinite(b) else len(text)
    return text[max(0, a) : max(0, b)]


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


# name -> (python function, minimum arity, maximum arity or None for any)
FUNCTIONS: dict[str, tuple[object, int, int | None]] = {
    "selected": (lambda lst, value: is_selected(lst, value), 2, 2),
    "count-selected": (lambda lst: float(len(to_list(lst))), 1, 1),
    "selected-at": (lambda lst, i: _selected_at(lst, i), 2, 2),
    "count": (lambda v: float(len(v)) if isinstance(v, (list, tuple)) else (0.0 if v is None else 1.0), 1, 1),
    "sum": (_sum, 1, 1),
    "min": (_extreme(min), 1, None),
    "max": (_extreme(max), 1, None),
    "string-length": (lambda s: float(len(to_str(s))), 1, 1),
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
    "number": (to_number, 1, 1),
    "string": (to_str, 1, 1),
    "int": (_int, 1, 1),
    "round": (_round, 1, 2),
    "floor": (lambda x: float(math.floor(n)) if math.isfinite(n := to_number(x)) else n, 1, 1),
    "ceiling": (lambda x: float(math.ceil(n)) if math.isfinite(n := to_number(x)) else n, 1, 1),
    "abs": (lambda x: abs(to_number(x)), 1, 1),
    "date": (_date, 1, 1),
    # if() is compiled lazily (only the chosen branch runs), see compile.py; listed here for arity checks
    "if": (None, 3, 3),
    "today": (None, 0, 0),
}


def is_selected(lst, value) -> bool:
    wanted = value if isinstance(value, str) else to_str(value)
    if isinstance(lst, list) and all(isinstance(x, str) for x in lst):
        return wanted in lst  # the common case: a select_multiple answer
    return wanted in [to_str(x) for x in to_list(lst)]


def _selected_at(lst, i):
    items = to_list(lst)
    n = to_number(i)
    if not math.isfinite(n) or not 0 <= int(n) < len(items):
        return ""
    return to_str(items[int(n)])
