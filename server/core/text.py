"""Text a database can hold: no NUL character (PostgreSQL refuses it in any text column) and no unpaired
UTF-16 surrogate (it cannot be written as UTF-8). The request layer refuses such text (server/api/hygiene.py);
crud uses the same test for what arrives another way (a USB bundle)."""

from __future__ import annotations

import re
from typing import Any

_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")


def bad_text(text: str) -> bool:
    return _BAD_CHAR.search(text) is not None


def holds_bad_text(value: Any) -> bool:
    """True when any key or text inside the JSON value `value` holds a NUL or a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if bad_text(item):
                return True
        elif isinstance(item, dict):
            if any(bad_text(k) for k in item if isinstance(k, str)):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
