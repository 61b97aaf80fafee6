"""NIK and No. KK rules (DOMAIN.md), one test per rule, plus a property test that nothing crashes them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.domain.kk import check_kk
from forms.domain.nik import check_nik, cross_check_nik

SELAT = "620301"  # Kalimantan Tengah, Kapuas, Selat


def nik(day: int, month: int, yy: int, serial: str = "0001", region: str = SELAT) -> str:
    return f"{region}{day:02d}{month:02d}{yy:02d}{serial}"


def codes(info) -> list[str]:
    return [p.code for p in info.problems]


def test_valid_male_nik_exposes_its_parts():
    info = check_nik(nik(15, 5, 85))
    assert info.valid and codes(info) == []
    assert (info.sex, info.day, info.month, info.yy) == ("L", 15, 5, 85)
    assert (info.province, info.regency, info.district, info.serial) == ("62", "62.03", "62.03.01", "0001")


def test_valid_female_nik_has_forty_added_to_the_day():
    info = check_nik(nik(15 + 40, 5, 85))
    assert info.valid
    assert (info.sex, info.day) == ("P", 15)


@pytest.mark.parametrize("day", [41, 55, 71])
def test_female_days_41_to_71_are_valid(day):
    info = check_nik(nik(day, 1, 90))
    assert info.valid and info.sex == "P" and info.day == day - 40


def test_female_day_72_is_an_impossible_date():
    assert codes(check_nik(nik(72, 1, 90))) == ["nik_invalid_date"]


@pytest.mark.parametrize("typed", ["620301150585000", "62030115058500011", "6"])
def test_wrong_length(typed):
    info = check_nik(typed)
    assert not info.valid and codes(info) == ["nik_length"]


def test_non_digit():
    assert codes(check_nik("62030115058A0001")) == ["nik_not_digits"]


def test_letter_o_typed_for_zero_gets_its_own_message():
    info = check_nik("62O3011505850001")
    assert codes(info) == ["nik_letter_o"]
    assert "nol (0)" in info.problems[0].id and "zero" in info.problems[0].en


def test_dots_and_spaces_typed_by_the_user_are_stripped():
    info = check_nik(" 62.03.01 150585 0001 ")
    assert info.valid and info.digits == "6203011505850001"


def test_unknown_province_is_an_error():
    info = check_nik(nik(15, 5, 85, region="990301"))
    assert codes(info) == ["nik_unknown_province"] and not info.valid


def test_unknown_kecamatan_is_only_a_warning():
    info = check_nik(nik(15, 5, 85, region="620399"))
    assert codes(info) == ["nik_unknown_district"]
    assert info.valid and info.warnings


def test_unknown_regency_is_only_a_warning():
    info = check_nik(nik(15, 5, 85, region="629901"))
    assert codes(info) == ["nik_unknown_regency"] and info.valid


@pytest.mark.parametrize(("day", "month"), [(31, 4), (0, 5), (15, 13), (15, 0), (32, 1), (30, 2)])
def test_impossible_dates(day, month):
    assert codes(check_nik(nik(day, month, 85))) == ["nik_invalid_date"]


def test_29_february_in_a_leap_year():
    assert check_nik(nik(29, 2, 0)).valid  # 2000
    assert check_nik(nik(29, 2, 96)).valid  # 1996
    assert check_nik(nik(29 + 40, 2, 4)).valid  # a woman born 29 Feb 2004


def test_29_february_in_a_non_leap_year():
    assert codes(check_nik(nik(29, 2, 1))) == ["nik_invalid_date"]
    assert codes(check_nik(nik(29, 2, 95))) == ["nik_invalid_date"]


def test_serial_0000_is_invalid():
    assert codes(check_nik(nik(15, 5, 85, serial="0000"))) == ["nik_serial_zero"]


@pytest.mark.parametrize("digit", "0123456789")
def test_all_same_digits_are_invalid(digit):
    assert codes(check_nik(digit * 16)) == ["nik_all_same_digit"]


def test_cross_check_compares_the_two_digit_year_so_1925_and_2025_both_match():
    info = check_nik(nik(15, 5, 25))
    assert cross_check_nik(info, sex="L", birth_date=date(1925, 5, 15)) == []
    assert cross_check_nik(info, sex="L", birth_date=date(2025, 5, 15)) == []


def test_cross_check_names_which_part_differs():
    info = check_nik(nik(15 + 40, 5, 25))
    problems = cross_check_nik(info, sex="L", birth_date=date(1925, 6, 15))
    assert [p.code for p in problems] == ["nik_sex_mismatch", "nik_birth_date_mismatch"]
    assert all(p.overridable and p.is_error for p in problems)
    assert "bulan lahir di NIK 05, di formulir 06" in problems[1].id
    assert "tanggal" not in problems[1].id.split(":")[1]  # the day agrees, so it is not named
    assert "month 05 in the NIK, 06 in the form" in problems[1].en


def test_cross_check_year_mismatch():
    problems = cross_check_nik(check_nik(nik(15, 5, 25)), sex="L", birth_date=date(1926, 5, 15))
    assert [p.code for p in problems] == ["nik_birth_date_mismatch"]
    assert "..25" in problems[0].id and "1926" in problems[0].id


def test_cross_check_without_answers_or_with_a_broken_nik_says_nothing():
    assert cross_check_nik(check_nik(nik(15, 5, 25)), sex=None, birth_date=None) == []
    assert cross_check_nik(check_nik("123"), sex="L", birth_date=date(2000, 1, 1)) == []


def test_birth_date_guess_infers_the_century_for_display_only():
    info = check_nik(nik(15, 5, 25))
    assert info.birth_date_guess(today=date(2026, 11, 23)) == date(2025, 5, 15)
    assert check_nik(nik(15, 5, 40)).birth_date_guess(today=date(2026, 11, 23)) == date(1940, 5, 15)


def kk(day: int, month: int, yy: int, serial: str = "0007", region: str = SELAT) -> str:
    return f"{region}{day:02d}{month:02d}{yy:02d}{serial}"


def test_kk_valid():
    info = check_kk(kk(3, 1, 12))
    assert info.valid and (info.day, info.month, info.yy, info.district) == (3, 1, 12, "62.03.01")


def test_kk_has_no_plus_forty_for_the_issue_date():
    assert [p.code for p in check_kk(kk(43, 1, 12)).problems] == ["kk_invalid_date"]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("6203010301120", "kk_length"),
        ("62O3010301120007", "kk_letter_o"),
        ("62030103011200x7", "kk_not_digits"),
        ("9903010301120007", "kk_unknown_province"),
        ("6203010301120000", "kk_serial_zero"),
        ("7777777777777777", "kk_all_same_digit"),
        ("6203012902010007", "kk_invalid_date"),
    ],
)
def test_kk_rules(typed, code):
    assert [p.code for p in check_kk(typed).problems] == [code]


def test_kk_typed_with_dots_and_spaces():
    assert check_kk("62.03.01 030112 0007").valid


def test_every_problem_has_a_code_and_both_languages():
    for info in (
        check_nik("62O3"),
        check_nik(nik(72, 1, 1)),
        check_kk("x"),
        check_nik(nik(1, 1, 1, region="620399")),
    ):
        for p in info.problems:
            assert p.code and p.id and p.en and p.id != p.en


@given(st.text())
def test_random_strings_never_crash_the_parsers(text):
    for info in (check_nik(text), check_kk(text)):
        assert isinstance(info.valid, bool)
        assert info.valid == (not any(p.is_error for p in info.problems))


@given(st.from_regex(r"[0-9 .\-oO]{0,24}", fullmatch=True))
def test_digit_like_strings_never_crash_and_valid_means_sixteen_digits(text):
    info = check_nik(text)
    if info.valid:
        assert info.digits is not None and len(info.digits) == 16 and info.digits.isdigit()


def test_non_string_input_is_refused_not_crashed():
    assert not check_nik(None).valid  # type: ignore[arg-type]
    assert not check_kk(6203010301120007).valid  # type: ignore[arg-type]
