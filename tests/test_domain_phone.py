"""Phone numbers as people type them are accepted and stored in one form (E.164), on the app and the server
alike: the rule is forms/domain/phone.py, applied by the form engine to the complaint form's phone field."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.answers import check_answer, quick_check
from forms.definition import DefinitionError, load_definition
from forms.display import answer_text
from forms.domain.phone import check_phone, display_phone, normalise_phone
from forms.registry import default_registry
from forms.samples import make_complaint
from forms.validate import calculate, validate

DESA = "62.03.01.2011"


@pytest.mark.parametrize(
    "typed",
    ["0812 5566 7788", "+62 812-5566-7788", "081255667788", "+6281255667788", "62 812 5566 7788",
     "0812.5566.7788", "+62 (0)812 5566 7788", " 0812-5566-7788 "],
)  # fmt: skip
def test_the_ways_people_write_a_mobile_number_are_one_number(typed):
    assert check_phone(typed) == ()
    assert normalise_phone(typed) == "+6281255667788"
    assert display_phone(typed) == "0812-5566-7788"


def test_landlines_and_numbers_abroad():
    assert normalise_phone("(0536) 322-1234") == "+625363221234"  # Palangka Raya
    assert normalise_phone("021 1234 5678") == "+622112345678"
    assert normalise_phone("+60 12-345 6789") == "+60123456789"  # a relative working in Malaysia
    assert display_phone("+60123456789") == "+60 12-345 6789"


@pytest.mark.parametrize(
    ("typed", "code"),
    [("0812", "phone_length"), ("0812 5566 7788 9999", "phone_length"), ("0812345", "phone_length"), ("12345678", "phone_format"),
     ("0812-SIAP-7788", "phone_format"), ("", "phone_empty"), ("hubungi pak RT", "phone_format")],
)  # fmt: skip
def test_what_is_no_phone_number_says_so_with_an_example(typed, code):
    problems = check_phone(typed)
    assert [p.code for p in problems] == [code] and problems[0].is_error
    assert "0812 5566 7788" in problems[0].id and "0812 5566 7788" in problems[0].en
    assert normalise_phone(typed) is None


def test_an_unknown_range_is_a_warning_never_a_refusal():
    # A possible length outside the numbering plan this copy of libphonenumber knows: a device and the server may
    # ship different plans, so the plan never decides whether a record is accepted.
    problems = check_phone("0840 1234 5678")
    assert [p.code for p in problems] == ["phone_unusual"] and not problems[0].is_error


def _complaint(phone: str) -> dict:
    answers = make_complaint(random.Random(2), DESA, date(2026, 11, 1))
    answers.update(pelapor_jenis="warga", pelapor_nama="Budi Santoso", pelapor_telepon=phone)
    return answers


@pytest.mark.parametrize("typed", ["0812 5566 7788", "+62 812-5566-7788"])
def test_the_complaint_form_accepts_them_and_stores_e164(typed):
    form = default_registry().latest("pengaduan")
    answers = _complaint(typed)
    assert validate(form, answers).errors == []  # the server judges what old devices send, as typed
    stored = calculate(form, answers)  # what the app stores with a save
    assert stored["pelapor_telepon"] == "+6281255667788"
    assert validate(form, stored).problems == []
    assert answer_text(form.by_name["pelapor_telepon"], stored["pelapor_telepon"]) == "0812-5566-7788"


def test_the_complaint_form_refuses_a_bad_number_with_its_message():
    form = default_registry().latest("pengaduan")
    errors = validate(form, calculate(form, _complaint("0812"))).errors
    assert [(e.path, e.code) for e in errors] == [("pelapor_telepon", "phone_length")]


def test_the_store_saves_the_number_normalised(data_dir):
    from app.services import lifecycle, records

    store, _code = lifecycle.create_store(data_dir, "sari", "rahasia-123", area=DESA)
    try:
        saved = records.save_complaint(store, _complaint("0812 5566 7788"))
        assert store.get_record(saved.record_id).answers["pelapor_telepon"] == "+6281255667788"
    finally:
        store.close()


PHONE_FORM = load_definition({"form_id": "telp", "version": 1,
                              "fields": [{"name": "hp", "type": "phone", "label": "HP"}]})  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet="+0123456789 -().", max_size=18), st.integers(), st.none()))
def test_a_quick_pass_is_never_wrong(value):
    field = PHONE_FORM.by_name["hp"]
    if quick_check(field)(value):
        assert check_answer(field, value, "hp") == [] and normalise_phone(value) == value


def test_multiline_is_a_text_appearance_only():
    with pytest.raises(DefinitionError, match="appearance"):
        load_definition({"form_id": "x", "version": 1,
                         "fields": [{"name": "n", "type": "integer", "label": "N", "appearance": "multiline"}]})  # fmt: skip
    assert default_registry().latest("pengaduan").by_name["uraian"].appearance == "multiline"
