"""The change hash must not depend on which JSON writer made its bytes: orjson (on the server) and the
standard library (always there) give the same canonical bytes for any value, and the same errors."""

from __future__ import annotations

import json
import sys
from enum import IntEnum, StrEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync import canonical

pytestmark = pytest.mark.skipif(canonical.orjson is None, reason="orjson is not installed")


class Step(StrEnum):
    A = "dite\u0301rima"
    B = "b"


class Level(IntEnum):
    X = 3


def stdlib_canonical(value) -> bytes:
    """The definition: NFC strings, 1.0 as 1, json.dumps sorted and compact, UTF-8."""
    return json.dumps(
        canonical._normalise(value),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")


def outcome(function, value):
    try:
        return function(value)
    except Exception as err:  # noqa: BLE001 - the kind of failure is what is compared
        return type(err)


characters = st.characters(codec="utf-8") | st.sampled_from(
    ["\x00", "\x1f", "\x7f", "\u2028", "\u0301", "\ud800", "é", "😀", '"', "\\", "/", "\n"]
)
text = st.text(characters, max_size=8)
floats = (
    st.floats()
    | st.floats(min_value=-1e-3, max_value=1e-3)
    | st.floats(min_value=1e14, max_value=1e17)
    | st.sampled_from([1e-4, 9.999999999999999e-05, 1e16, 9999999999999998.0, 1e-05, 0.1, -2.002931, 5e-324])
)
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**64), max_value=2**65)
    | floats
    | text
    | st.sampled_from([Step.A, Step.B, Level.X])
)
values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(text | st.integers(), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=3000, deadline=None)
@given(values)
def test_orjson_and_the_standard_library_write_the_same_canonical_bytes(value):
    assert outcome(canonical.canonical_json, value) == outcome(stdlib_canonical, value)


def test_floats_written_with_an_exponent_still_hash_as_python_writes_them():
    value = {"kecil": 1e-05, "negatif": -3.5e-12, "biasa": 0.25}
    assert canonical.canonical_json(value) == b'{"biasa":0.25,"kecil":1e-05,"negatif":-3.5e-12}'


def test_without_orjson_the_bytes_are_the_same(monkeypatch):
    value = {"b": [1.0, "e\u0301"], "a": {"x": 2**70, "y": 1e-7}}
    with_orjson = canonical.canonical_json(value)
    monkeypatch.setattr(canonical, "orjson", None)
    assert canonical.canonical_json(value) == with_orjson
    assert "orjson" in sys.modules  # it was really there for the first call
