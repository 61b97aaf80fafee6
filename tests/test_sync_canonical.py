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


@settings(max_examples=1000, deadline=None)
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


def general_orjson_path(value) -> bytes:
    """The orjson path before its ASCII shortcut: every value through `_strict`."""
    return canonical.orjson.dumps(canonical._strict(value), option=canonical.orjson.OPT_SORT_KEYS)


ascii_text = st.text(st.characters(max_codepoint=127), max_size=6)
ascii_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | floats
    | ascii_text
    | st.sampled_from([Step.B, Level.X, 1.0, -0.0, 2.0**53, "null", "e\u0301"])
)
ascii_values = st.recursive(
    ascii_leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner)
        | st.dictionaries(ascii_text | st.integers(), inner, max_size=6)
    ),
    max_leaves=30,
)


@settings(max_examples=1000, deadline=None)
@given(st.dictionaries(ascii_text, ascii_values, max_size=8))
def test_the_ascii_shortcut_writes_what_the_general_path_writes(value):
    """Mostly-ASCII dicts, the case the shortcut takes: the same bytes (or failure) as `_strict` then orjson,
    and as the standard library."""
    expected = outcome(stdlib_canonical, value)
    assert outcome(canonical.canonical_json, value) == expected
    general = outcome(general_orjson_path, value)
    if not isinstance(general, type):  # where the general orjson path writes, it agrees
        assert general == expected


@pytest.mark.parametrize(
    "value",
    [
        {"a": "x", "b": 1, "c": None, "d": True},  # plain: written once
        {"a": [1.0, "x"], "b": {"c": 2.0}},  # 1.0 rewritten as 1, nested
        {"a": ["x", "y"], "lat": -2.340785},  # nothing to rewrite: the first bytes are kept
        {"a": 1e-05},  # an exponent: the standard library writes it
        {"a": 2**70},  # past 64 bits: orjson refuses it as it is
        {"a": Level.X, "b": Step.B},
        {1: "x", "a": {2: "y"}},  # keys that are not text
        {"a": ("x", 1.0)},
        {"a": {"b": "e\u0301"}},  # not ASCII inside: NFC
        {"k": float("nan")},
    ],
)
def test_the_ascii_shortcut_on_each_kind_of_value(value):
    assert outcome(canonical.canonical_json, value) == outcome(stdlib_canonical, value)


def test_real_households_hash_as_before():
    """Pushed households (ASCII, a few floats, select_multiple lists) take the shortcut; same bytes."""
    import random
    from datetime import date

    from forms.samples import make_household
    from support.server_db import SimDevice
    from sync.keys import KeyPair
    from sync.protocol import Change

    rng = random.Random(3)
    device = SimDevice("dev-1", "tok", "62.03.01.2011", KeyPair.generate())
    for serial in range(20):
        change = device.create(make_household(rng, "62.03.01.2011", date(2026, 11, 1), serial=serial))
        read = Change.model_validate_json(change.model_dump_json())
        data = read.__dict__
        assert canonical.canonical_json(data) == general_orjson_path(data) == stdlib_canonical(data)
        assert read.digest() == canonical.sha256_hex(stdlib_canonical(read.model_dump(mode="json")))
