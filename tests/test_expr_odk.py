"""ODK's functions evaluate as ODK does: every case in tests/fixtures/expr/orxe_expected.json (the literal
cases of openrosa-xpath-evaluator's own test suite plus one or more for every ODK function Jaring has, each
with the file it came from) gives the evaluator's value in Jaring; with node and the npm package at hand the
fixture is checked against the evaluator again (tests/support/orxe.py)."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, timedelta, timezone

import pytest

from forms.expr import Env, ExpressionError, compile_expr, odk
from forms.expr.functions import to_bool, to_number, to_str
from forms.expr.lookups import Lookups
from support import orxe

FIXTURE = json.loads(orxe.FIXTURE.read_text(encoding="utf-8"))
CASES = [c for c in FIXTURE["cases"] if "expected" in c]
REFUSED = [c for c in FIXTURE["cases"] if "error" in c]
WIB = timezone(timedelta(hours=7))

# Where Jaring deliberately answers otherwise, and why (never silently)
JARING_DIFFERS = {
    # JavaScript writes an invalid date as the text "Invalid Date"; an unreadable date is empty in Jaring
    "date('2001-02-30')": "",
    "date-time('nonsense')": "",
    # A date is whole days in Jaring, as in ODK Collect (JavaRosa): the evaluator takes the date's local midnight,
    # so in UTC+7 its day numbers are 7/24 short of Collect's
    '"2021-11-30" + 1': "18962",
    "date('2001-01-01')": 11323.0,
    "date(20)": "1970-01-21",
    # A time or date-time is read in the zone it was written in (the evaluator converts it to the device's):
    # a laptop reads its own answers exactly as ODK Collect does, and the server, in whatever zone it runs,
    # reads them as the laptop did. Only values written in another zone than the evaluator's differ.
    'decimal-time("06:00:00.000-07:00")': 0.25,
    'decimal-time("06:00:00.000-01:00")': 0.25,
    'decimal-time("06:00:59.000-07:00")': (6 + 59 / 3600) / 24,
    'decimal-time("23:59:00.000-07:00")': (23 + 59 / 60) / 24,
    'decimal-time("23:59:00.000-13:00")': (23 + 59 / 60) / 24,
    'decimal-time("12:00:00.000-07:00") - decimal-time("06:00:00.000-07:00")': 0.25,
    "decimal-time('12:00:00.000+00:00')": 0.5,
    "format-date-time('2001-12-31T00:20:30+00:00', '%Y-%m-%d %H:%M')": "2001-12-31 00:20",
}


@pytest.fixture(autouse=True)
def wib(monkeypatch):
    monkeypatch.setattr(odk, "local_zone", lambda: WIB)


def jaring(expr: str, kind: str):
    value = compile_expr(expr)(Env())
    return {"number": to_number, "string": to_str, "boolean": to_bool}[kind](value)


def same(got, expected) -> bool:
    if expected == "NaN":
        return isinstance(got, float) and math.isnan(got)
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(got, float) and math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-12)
    return got == expected


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_agrees_with_openrosa_xpath_evaluator(case):
    expected = JARING_DIFFERS.get(case["expr"], case["expected"])
    got = jaring(case["expr"], case["type"])
    assert same(got, expected), f"{case['expr']} gave {got!r}, the evaluator {expected!r} ({case['source']})"


def test_a_server_in_another_zone_reads_a_laptops_time_as_the_laptop_did(monkeypatch):
    written = "'2026-12-08T09:15:00.000+07:00'"
    on_laptop = [jaring("decimal-time('09:15:00.000+07:00')", "number"),
                 jaring(f"format-date-time({written}, '%H:%M')", "string")]  # fmt: skip
    monkeypatch.setattr(odk, "local_zone", lambda: UTC)
    on_server = [jaring("decimal-time('09:15:00.000+07:00')", "number"),
                 jaring(f"format-date-time({written}, '%H:%M')", "string")]  # fmt: skip
    assert on_server == on_laptop == [(9 + 15 / 60) / 24, "09:15"]


def test_every_odk_function_has_a_case():
    wanted = (
        "date-time decimal-date-time decimal-time format-date format-date-time normalize-space substring-before "
        "substring-after translate join boolean-from-string pow sqrt log exp sin cos tan asin acos atan pi "
        "digest area distance checklist weighted-checklist round substr selected date"
    ).split()
    exprs = " ".join(c["expr"] for c in CASES)
    assert [f for f in wanted if f"{f}(" not in exprs] == []


def test_fixture_matches_the_evaluator():
    why = orxe.node_available()
    if why:
        pytest.skip(f"cannot run openrosa-xpath-evaluator: {why}")
    cases = FIXTURE["cases"]
    results = orxe.evaluate(cases)
    for case, result in zip(cases, results, strict=True):
        if case["source"].startswith("XPath 1.0"):
            continue
        if "error" in case:
            assert "error" in result, case["expr"]
        elif case["expr"] != "now() > date('2020-01-01')":
            assert result.get("v") == case["expected"], case["expr"]


# --- the functions that read the evaluation context, and the disagreements of issue #35 ----------------------

LISTS = Lookups(
    lists={
        "kabupaten": [
            {"name": "3201", "label": "Bogor", "provinsi": "32"},
            {"name": "3273", "label": "Kota Bandung", "provinsi": "32"},
            {"name": "5171", "label": "Kota Denpasar", "provinsi": "51"},
        ],
        "harga": [{"barang": "beras", "rupiah": "13500"}, {"barang": "gula", "rupiah": "17000"}],
    },
    choices_of={"kab": "kabupaten"},
)
ANSWERS = {"kab": "3273", "prov": "32", "empty": "", "umur": [30, 45, 7], "nama": ["Ani", "", "Budi"]}


def run(expr: str, **env):
    return compile_expr(expr, lookups=LISTS)(Env(lookup=ANSWERS.get, **env))


def test_now_is_a_local_date_time_written_as_odk_writes_it():
    value = run("now()")
    assert value.utcoffset() == timedelta(hours=7)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00", to_str(value))
    assert run("decimal-date-time(now()) > 20000") is True


def test_once_keeps_an_answer_already_there():
    assert run("once(concat('a', 'b'))", current="") == "ab"
    assert run("once(concat('a', 'b'))", current="kept") == "kept"


def test_position_and_last():
    assert run("position(..)", position=2.0) == 2.0
    assert math.isnan(run("position(..)"))
    assert run("instance('kabupaten')/root/item[position() = last()]/label") == "Kota Denpasar"
    assert run("instance('kabupaten')/root/item[2]/label") == "Kota Bandung"


def test_random_and_uuid():
    assert 0 <= run("random()") < 1
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", run("uuid()"))
    assert re.fullmatch(r"[0-9A-Za-z]{12}", run("uuid(12)"))
    assert run("uuid()") != run("uuid()")


def test_current_and_relative_references_read_the_question():
    assert run("current()", current="x") == "x"
    assert run("../kab") == "3273" and run("current()/../kab") == "3273"


def test_instance_lookups_over_a_list():
    assert run("instance('kabupaten')/root/item[name = ${kab}]/label") == "Kota Bandung"
    assert run("count(instance('kabupaten')/root/item[provinsi = current()/../prov])") == 2.0
    assert run("instance('kabupaten')/root/item[provinsi = '99']/label") == []
    assert to_str(run("instance('kabupaten')/root/item[provinsi = '99']/label")) == ""


def test_pulldata_and_choice_name():
    assert run("pulldata('harga', 'rupiah', 'barang', 'gula')") == "17000"
    assert run("pulldata('harga', 'rupiah', 'barang', 'garam')") == ""
    assert run("jr:choice-name(${kab}, '${kab}')") == "Kota Bandung"
    assert run("jr:choice-name('5171', '${kab}')") == "Kota Denpasar"


def test_indexed_repeat_count_non_empty_and_join_over_repeat_values():
    assert run("indexed-repeat(${umur}, ${anggota}, 2)") == 45
    assert run("indexed-repeat(${umur}, ${anggota}, 9)") == ""
    assert run("count-non-empty(${nama})") == 2.0
    assert run("join(' / ', ${nama})") == "Ani /  / Budi"
    assert run("checklist(2, 3, ${nama})") is True


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("count(1)", "count() counts a repeat"),
        ("pulldata('nope', 'a', 'b', 'c')", "no such CSV file"),
        ("instance('nope')/root/item/label", "no list of that name"),
        ("jr:choice-name('a', '${prov}')", "is not a select question"),
        ("position(2)", "position(..)"),
        ("provinsi = '32'", "a question is written ${provinsi}"),
    ],
)
def test_refusals_say_what_is_wrong(expr, message):
    with pytest.raises(ExpressionError, match=re.escape(message)):
        compile_expr(expr, lookups=LISTS)


def test_zero_argument_functions_read_the_current_answer_and_if_takes_a_present_node_as_true():
    assert run("string()", current=12.0) == "12"
    assert run("number()", current="4.5") == 4.5
    assert run("string-length()", current="abcd") == 4.0
    assert run("normalize-space()", current="  a  b ") == "a b"
    assert run("if(${empty}, 'ada', 'tidak')") == "ada"  # the node is there, though empty (XPath)
    assert run("15. + 1") == 16.0
