"""NIK rules (docs/domain.md#nik), one test per rule, the cross-check with a form, and property tests that
nothing
crashes the parser. Test NIKs are built from real codes: 62.03.01 is Selat (Kapuas, Kalimantan Tengah)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


@pytest.mark.parametrize("day", [72, 80, 99, 40, 32])
def test_days_outside_1_31_and_41_71_are_impossible(day):
    info = check_nik(nik(day, 1, 90))
    assert codes(info) == ["nik_invalid_date"] and info.sex is None and info.day is None
    assert f"hari {day}" in info.problems[0].id and "41–71" in info.problems[0].en


def test_female_day_that_does_not_exist_in_its_month():
    info = check_nik(nik(30 + 40, 2, 90))  # a woman "born 30 February"
    assert codes(info) == ["nik_invalid_date"]
    assert "30-02" in info.problems[0].id


@pytest.mark.parametrize("typed", ["620301150585000", "62030115058500011", "6"])
def test_wrong_length(typed):
    info = check_nik(typed)
    assert not info.valid and codes(info) == ["nik_length"]


def test_non_digit():
    assert codes(check_nik("62030115058A0001")) == ["nik_not_digits"]
    assert codes(check_nik("6203011505850001\u0663")) == ["nik_not_digits"]  # an Arabic-Indic digit


def test_empty_and_blank():
    assert codes(check_nik("")) == ["nik_empty"] and codes(check_nik(" . - ")) == ["nik_empty"]


def test_full_width_digits_from_an_input_method_count_as_digits():
    info = check_nik("\uff16\uff12" + "0301150585" + "0001")
    assert info.valid and info.digits == "6203011505850001"


@pytest.mark.parametrize("typed", ["62O3011505850001", "62o3.01.15.05.85.0001", "62O301150585001"])
def test_letter_o_typed_for_zero_gets_its_own_message(typed):
    info = check_nik(typed)
    assert codes(info) == ["nik_letter_o"] and not info.valid and info.digits is None
    assert "nol (0)" in info.problems[0].id and "zero" in info.problems[0].en


@pytest.mark.parametrize(
    "typed", [" 62.03.01 150585 0001 ", "6203-0115-0585-0001", "62 03 01\t15 05 85 00 01"]
)
def test_dots_spaces_and_dashes_typed_by_the_user_are_stripped(typed):
    info = check_nik(typed)
    assert info.valid and info.digits == "6203011505850001" and info.raw == typed


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
    info = check_nik(nik(day, month, 85))
    assert codes(info) == ["nik_invalid_date"] and not info.valid
    assert info.digits is not None and info.district == "62.03.01"  # the other parts are still read


def test_invalid_date_messages_say_what_is_wrong():
    assert "bulan 13" in check_nik(nik(15, 13, 85)).problems[0].id
    assert "no month 13" in check_nik(nik(15, 13, 85)).problems[0].en
    assert "1995 nor in 2095" in check_nik(nik(29, 2, 95)).problems[0].en


def test_29_february_in_a_leap_year():
    assert check_nik(nik(29, 2, 0)).valid  # 2000 (1900 was not a leap year, 2000 was)
    assert check_nik(nik(29, 2, 96)).valid  # 1996
    info = check_nik(nik(29 + 40, 2, 4))  # a woman born 29 Feb 2004
    assert info.valid and (info.sex, info.day, info.month, info.yy) == ("P", 29, 2, 4)


def test_29_february_of_00_is_guessed_in_2000_even_when_19yy_is_the_guess():
    info = check_nik(nik(29, 2, 0))
    assert info.birth_date_guess(today=date(1999, 6, 1)) == date(2000, 2, 29)  # 1900-02-29 does not exist


def test_29_february_in_a_non_leap_year():
    assert codes(check_nik(nik(29, 2, 1))) == ["nik_invalid_date"]
    assert codes(check_nik(nik(29, 2, 95))) == ["nik_invalid_date"]


def test_serial_0000_is_invalid_but_0001_and_9999_are_fine():
    info = check_nik(nik(15, 5, 85, serial="0000"))
    assert codes(info) == ["nik_serial_zero"] and not info.valid and info.serial == "0000"
    assert check_nik(nik(15, 5, 85, serial="0001")).valid and check_nik(nik(15, 5, 85, serial="9999")).valid


def test_several_problems_are_all_reported():
    info = check_nik(nik(72, 13, 85, serial="0000", region="620399"))
    assert codes(info) == ["nik_unknown_district", "nik_invalid_date", "nik_serial_zero"]


@pytest.mark.parametrize("digit", "0123456789")
def test_all_same_digits_are_invalid(digit):
    info = check_nik(digit * 16)
    assert codes(info) == ["nik_all_same_digit"] and not info.valid
    assert info.digits == digit * 16 and info.sex is None  # sixteen digits, nothing else read


def test_cross_check_compares_the_two_digit_year_so_1925_and_2025_both_match():
    info = check_nik(nik(15, 5, 25))
    assert cross_check_nik(info, sex="L", birth_date=date(1925, 5, 15)) == []
    assert cross_check_nik(info, sex="L", birth_date=date(2025, 5, 15)) == []


def test_cross_check_names_which_part_differs():
    info = check_nik(nik(15 + 40, 5, 25))
    problems = cross_check_nik(info, sex="L", birth_date=date(1925, 6, 15))
    assert [p.code for p in problems] == ["nik_sex_mismatch", "nik_birth_date_mismatch"]
    assert all(p.overridable and p.is_error for p in problems)
    assert "perempuan" in problems[0].id and "laki-laki" in problems[0].id
    assert "bulan lahir di NIK 05, di formulir 06" in problems[1].id
    assert "month 05 in the NIK, 06 in the form" in problems[1].en


def test_cross_check_gives_one_problem_per_differing_part():
    problems = cross_check_nik(check_nik(nik(15, 5, 25)), sex="L", birth_date=date(1926, 6, 16))
    assert [p.code for p in problems] == ["nik_birth_date_mismatch"] * 3
    assert "tanggal lahir di NIK 15, di formulir 16" in problems[0].id
    assert "bulan lahir di NIK 05, di formulir 06" in problems[1].id
    assert "tahun lahir di NIK ..25, di formulir 1926" in problems[2].id
    assert "day 15 in the NIK, 16 in the form" in problems[0].en


def test_cross_check_year_mismatch_shows_the_two_digits_and_the_answered_year():
    problems = cross_check_nik(check_nik(nik(15, 5, 25)), sex="L", birth_date=date(1926, 5, 15))
    assert [p.code for p in problems] == ["nik_birth_date_mismatch"]
    assert "tahun lahir di NIK ..25, di formulir 1926" in problems[0].id


def test_cross_check_a_lansia_answered_as_born_2025_is_not_caught_by_design():
    # The NIK cannot tell 1925 from 2025; the age rule of the PPKS category catches this case instead.
    info = check_nik(nik(15 + 40, 5, 25))
    assert cross_check_nik(info, sex="p", birth_date=date(2025, 5, 15)) == []


def test_cross_check_without_answers_or_with_a_broken_nik_says_nothing():
    assert cross_check_nik(check_nik(nik(15, 5, 25)), sex=None, birth_date=None) == []
    assert cross_check_nik(check_nik("123"), sex="L", birth_date=date(2000, 1, 1)) == []


def test_birth_date_guess_infers_the_century_for_display_only():
    info = check_nik(nik(15, 5, 25))
    assert info.birth_date_guess(today=date(2026, 11, 23)) == date(2025, 5, 15)
    assert check_nik(nik(15, 5, 40)).birth_date_guess(today=date(2026, 11, 23)) == date(1940, 5, 15)


def test_every_problem_has_a_code_and_both_languages():
    for info in (
        check_nik("62O3"),
        check_nik(""),
        check_nik(nik(72, 13, 1, serial="0000")),
        check_nik(nik(1, 1, 1, region="620399")),
        check_nik(nik(1, 1, 1, region="629901")),
        check_nik(nik(1, 1, 1, region="990101")),
        check_nik("5" * 16),
    ):
        assert info.problems
        for p in info.problems:
            assert p.code.startswith("nik_") and p.id and p.en and p.id != p.en


@given(st.text())
def test_random_strings_never_crash_the_parser(text):
    info = check_nik(text)
    assert info.valid == (not any(p.is_error for p in info.problems))
    assert all(p.code.startswith("nik_") and p.id and p.en for p in info.problems)


@given(st.text(alphabet=st.sampled_from("0123456789 .-oO\u00a0\uff10"), max_size=40))
def test_digit_like_strings_never_crash_and_valid_means_sixteen_digits(text):
    info = check_nik(text)
    if info.valid:
        assert info.digits is not None and len(info.digits) == 16 and info.digits.isascii()


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    sex=st.sampled_from("LP"),
    serial=st.integers(1, 9999),
)
def test_any_real_birth_date_and_sex_make_a_valid_nik_that_reads_back(born, sex, serial):
    day = born.day + (40 if sex == "P" else 0)
    info = check_nik(nik(day, born.month, born.year % 100, serial=f"{serial:04d}"))
    assert info.valid, info.problems
    assert (info.sex, info.day, info.month, info.yy) == (sex, born.day, born.month, born.year % 100)
    assert cross_check_nik(info, sex=sex, birth_date=born) == []


def test_non_string_input_is_refused_not_crashed():
    assert not check_nik(None).valid  # type: ignore[arg-type]
    assert not check_nik(6203011505850001).valid  # type: ignore[arg-type]
