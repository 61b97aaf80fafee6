"""Dates as people write them (forms/domain/dates.py): every common way is read, the stored answer is ISO,
and an unreadable date gets one clear Indonesian message with an example — in the app and on the server."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.domain.dates import from_parts, parse_date, shown, to_iso
from forms.registry import default_registry
from forms.validate import validate

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    "typed",
    ["15-05-1985", "15/05/1985", "15.05.1985", "1985-05-15", "15-5-1985", " 15 - 05 - 1985 ", "15051985",
     "15 Mei 1985", "15 mei 85", "15-05-85", "1985/05/15", "１５-０５-１９８５"],
)  # fmt: skip
def test_the_ways_people_write_a_date_are_read_and_stored_iso(typed):
    assert to_iso(typed, today=TODAY) == "1985-05-15"


def test_two_digit_years_are_the_latest_year_not_in_the_future():
    assert to_iso("01-02-26", today=TODAY) == "2026-02-01"
    assert to_iso("01-02-27", today=TODAY) == "1927-02-01"
    assert from_parts(17, 5, 80, today=TODAY) == date(1980, 5, 17)  # a NIK's DDMMYY
    assert from_parts(12, 8, 8, today=TODAY) == date(2008, 8, 12)
    assert from_parts(31, 2, 80, today=TODAY) is None


@pytest.mark.parametrize("typed", ["", "abc", "31-02-1985", "15-13-1985", "15-05", "1985", "15-05-0085",
                                   "32/01/1990", "15 Bulan 1985", "2026-02-30"])  # fmt: skip
def test_what_is_not_a_date_is_refused(typed):
    assert parse_date(typed, today=TODAY) is None


def test_a_packed_date_is_read_day_first_then_year_first():
    assert to_iso("19850515", today=TODAY) == "1985-05-15"  # day 19 of month 85 does not exist
    assert to_iso("01021990", today=TODAY) == "1990-02-01"


def test_a_stored_date_is_shown_as_people_write_it():
    assert shown("1985-05-15") == "15-05-1985"
    assert shown("not a date") == "not a date" and shown(None) == ""


def test_a_date_that_is_not_iso_gets_the_clear_message_in_indonesian_and_english():
    form = default_registry().get("pengaduan")
    answers = {"pelapor_jenis": "anonim", "subjek_nama": "Siti", "kategori": "lainnya", "urgensi": "biasa",
               "uraian": "Uraian yang cukup panjang", "persetujuan_berbagi": True, "tanggal_kejadian": "kemarin"}  # fmt: skip
    problems = [p for p in validate(form, answers).problems if p.path == "tanggal_kejadian"]
    assert [p.message("id") for p in problems] == ["Tanggal tidak valid — tulis seperti 15-05-1985"]
    assert [p.message("en") for p in problems] == ["Not a valid date — write it like 15-05-1985"]
    assert "jenisnya" not in problems[0].message("id") and "(date)" not in problems[0].message("id")


@given(st.text(max_size=30))
def test_nothing_typed_crashes_the_reader(text):
    found = parse_date(text, today=TODAY)
    assert found is None or to_iso(found.isoformat(), today=TODAY) == found.isoformat()
