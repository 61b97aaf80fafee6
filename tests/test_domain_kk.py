"""No. KK rules (docs/domain.md#no-kk): region of issue, DDMMYY issue date without +40, 4-digit serial,
typed as NIKs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.domain.kk import check_kk

SELAT = "620301"  # Kalimantan Tengah, Kapuas, Selat


def kk(day: int, month: int, yy: int, serial: str = "0007", region: str = SELAT) -> str:
    return f"{region}{day:02d}{month:02d}{yy:02d}{serial}"


def codes(info) -> list[str]:
    return [p.code for p in info.problems]


def test_valid_kk_exposes_its_parts():
    info = check_kk(kk(3, 1, 12))
    assert info.valid and codes(info) == []
    assert (info.day, info.month, info.yy, info.serial) == (3, 1, 12, "0007")
    assert (info.province, info.regency, info.district) == ("62", "62.03", "62.03.01")


def test_kk_has_no_plus_forty_for_the_issue_date():
    info = check_kk(kk(43, 1, 12))
    assert codes(info) == ["kk_invalid_date"] and "41–71" not in info.problems[0].en


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("6203010301120", "kk_length"),
        ("62030103011200071", "kk_length"),
        ("", "kk_empty"),
        ("62O3010301120007", "kk_letter_o"),
        ("62030103011200x7", "kk_not_digits"),
        ("9903010301120007", "kk_unknown_province"),
        ("6203010301120000", "kk_serial_zero"),
        ("7777777777777777", "kk_all_same_digit"),
        ("6203012902010007", "kk_invalid_date"),  # 29 Feb 1901 / 2001
        ("6203013104100007", "kk_invalid_date"),  # 31 April
        ("6203010113100007", "kk_invalid_date"),  # month 13
    ],
)
def test_kk_errors(typed, code):
    info = check_kk(typed)
    assert codes(info) == [code] and not info.valid


def test_kk_29_february_in_a_leap_year():
    assert check_kk(kk(29, 2, 0)).valid and check_kk(kk(29, 2, 16)).valid


@pytest.mark.parametrize(
    ("region", "code"), [("620399", "kk_unknown_district"), ("629901", "kk_unknown_regency")]
)
def test_kk_unknown_kecamatan_or_kabupaten_is_only_a_warning(region, code):
    info = check_kk(kk(3, 1, 12, region=region))
    assert codes(info) == [code] and info.valid


def test_kk_typed_with_dots_and_spaces():
    info = check_kk("62.03.01 030112 0007")
    assert info.valid and info.digits == "6203010301120007"


def test_kk_messages_name_the_family_card_in_both_languages():
    [p] = check_kk(kk(3, 1, 12, serial="0000")).problems
    assert "No. KK" in p.id and "family card" in p.en


@given(st.text())
def test_random_strings_never_crash_check_kk(text):
    info = check_kk(text)
    assert info.valid == (not any(p.is_error for p in info.problems))
    if info.valid:
        assert info.digits is not None and len(info.digits) == 16


def test_non_string_input_is_refused_not_crashed():
    assert not check_kk(6203010301120007).valid  # type: ignore[arg-type]
    assert not check_kk(None).valid  # type: ignore[arg-type]
