"""Definitions, validation, repeat groups, calculations, overrides, versioning and projections."""

from __future__ import annotations

import copy
import json
import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.definition import DefinitionError, load_definition
from forms.projection import project
from forms.registry import Registry, default_registry
from forms.samples import make_complaint, make_household, nik_for
from forms.validate import calculate, is_relevant, validate

TODAY = date(2026, 11, 23)
DESA = "62.03.01.2011"
SHA = "a" * 64


def L(text):
    return {"id": text, "en": text}


def every_type_form(version=1, extra_fields=()):
    return {
        "form_id": "semua",
        "version": version,
        "choice_lists": {"warna": [{"value": "merah", "label": L("Merah")}, {"value": "biru", "label": L("Biru")}]},
        "fields": [
            {"name": "teks", "type": "text", "label": L("Teks"), "required": True},
            {"name": "bulat", "type": "integer", "label": L("Bulat"), "constraint": ". >= 0",
             "constraint_message": {"id": "Tidak boleh negatif", "en": "Must not be negative"}},
            {"name": "desimal", "type": "decimal", "label": L("Desimal")},
            {"name": "tanggal", "type": "date", "label": L("Tanggal")},
            {"name": "satu", "type": "select_one", "label": L("Satu"), "choices": "warna"},
            {"name": "banyak", "type": "select_multiple", "label": L("Banyak"), "choices": "warna"},
            {"name": "ya", "type": "yes_no", "label": L("Ya/tidak")},
            {"name": "nik", "type": "nik", "label": L("NIK")},
            {"name": "kk", "type": "kk", "label": L("KK")},
            {"name": "desa", "type": "region", "label": L("Desa"), "level": "desa"},
            {"name": "kec", "type": "region", "label": L("Kecamatan"), "level": "kecamatan"},
            {"name": "gps", "type": "geopoint", "label": L("GPS")},
            {"name": "foto", "type": "photo", "label": L("Foto")},
            {"name": "catatan", "type": "note", "label": L("Catatan")},
            {"name": "dua_kali", "type": "calculate", "label": L("x2"), "calculate": "${bulat} * 2"},
            {"name": "kelompok", "type": "group", "label": L("Kelompok"), "fields": [
                {"name": "di_dalam", "type": "text", "label": L("Di dalam"), "relevant": "${ya} = true()",
                 "required": True}]},
            *extra_fields,
        ],
    }  # fmt: skip


GOOD = {
    "teks": "halo",
    "bulat": 3,
    "desimal": 2.5,
    "tanggal": "2024-02-29",
    "satu": "merah",
    "banyak": ["merah", "biru"],
    "ya": True,
    "nik": "6203015505850001",
    "kk": "6203010301120007",
    "desa": DESA,
    "kec": "62.03.01",
    "gps": {"lat": -3.1, "lon": 114.2, "accuracy": 5},
    "foto": SHA,
    "kelompok": {"di_dalam": "ada"},
}


@pytest.fixture(scope="module")
def every_type():
    return load_definition(every_type_form())


def codes(result):
    return sorted((p.path, p.code) for p in result.problems)


def test_every_field_type_accepts_a_good_answer(every_type):
    result = validate(every_type, GOOD, today=TODAY)
    assert result.ok and result.problems == []


@pytest.mark.parametrize(
    ("field", "bad", "code"),
    [
        ("teks", 5, "wrong_type"),
        ("bulat", 2.5, "wrong_type"),
        ("bulat", True, "wrong_type"),
        ("bulat", -1, "constraint"),
        ("desimal", "x", "wrong_type"),
        ("tanggal", "2023-02-29", "wrong_type"),
        ("satu", "hijau", "invalid_choice"),
        ("banyak", ["merah", "merah"], "invalid_choice"),
        ("banyak", "merah", "wrong_type"),
        ("ya", "ya", "wrong_type"),
        ("nik", "62O3015505850001", "nik_letter_o"),
        ("kk", "6203010301120000", "kk_serial_zero"),
        ("desa", "62.03.01", "wrong_region_level"),
        ("desa", "99.99.99.9999", "unknown_region"),
        ("gps", {"lat": 200, "lon": 0}, "invalid_geopoint"),
        ("foto", "not-a-hash", "invalid_attachment"),
    ],
)
def test_each_type_refuses_bad_answers_with_a_code(every_type, field, bad, code):
    answers = {**GOOD, field: bad}
    result = validate(every_type, answers, today=TODAY)
    assert (field, code) in codes(result)
    problem = next(p for p in result.problems if p.code == code)
    assert problem.id and problem.en


def test_constraint_message_comes_from_the_definition(every_type):
    [p] = validate(every_type, {**GOOD, "bulat": -1}, today=TODAY).problems
    assert (p.id, p.en) == ("Tidak boleh negatif", "Must not be negative")


def test_required_and_relevance(every_type):
    result = validate(every_type, {**GOOD, "teks": "", "kelompok": {}}, today=TODAY)
    assert codes(result) == [("kelompok/di_dalam", "required"), ("teks", "required")]
    hidden = validate(every_type, {**GOOD, "ya": False, "kelompok": {}}, today=TODAY)
    assert hidden.ok  # the group question is not asked when ya is false


def test_unknown_fields_and_wrong_shapes_are_errors(every_type):
    result = validate(every_type, {**GOOD, "siluman": 1, "kelompok": "x"}, today=TODAY)
    assert ("siluman", "unknown_field") in codes(result) and ("kelompok", "wrong_type") in codes(result)
    assert not validate(every_type, ["not", "a", "dict"]).ok


def test_calculation_is_filled_in(every_type):
    assert calculate(every_type, GOOD, today=TODAY)["dua_kali"] == 6


def test_live_relevance_for_the_ui(every_type):
    assert is_relevant(every_type, "di_dalam", {"ya": True})
    assert not is_relevant(every_type, "di_dalam", {"ya": False})


# --- the real forms -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def household_form():
    return default_registry().get("ppks_registration", 1)


@pytest.fixture
def household():
    return make_household(random.Random(7), DESA, TODAY, serial=3)


def members_of(answers):
    return sorted(answers["anggota"].items(), key=lambda kv: kv[1]["_pos"])


def test_realistic_households_are_valid(household_form):
    rng = random.Random(11)
    for i in range(50):
        result = validate(household_form, make_household(rng, DESA, TODAY, serial=i), today=TODAY)
        assert result.ok, [(p.path, p.code) for p in result.errors]


def test_repeat_add_remove_reorder(household_form, household):
    answers = copy.deepcopy(household)
    born = date(1990, 3, 4)
    answers["anggota"]["new-member"] = {
        "_pos": 99, "nama": "Sitti Aminah", "nik_status": "ada", "nik": nik_for(DESA, "P", born, 42),
        "jenis_kelamin": "P", "tanggal_lahir": born.isoformat(), "hubungan": "famili", "status_anggota": "aktif",
        "status_kawin": "kawin", "pekerjaan": "petani",
    }  # fmt: skip
    assert validate(household_form, answers, today=TODAY).ok
    assert len(project(household_form, answers, today=TODAY).persons) == len(household["anggota"]) + 1
    first_id = members_of(answers)[0][0]
    del answers["anggota"][first_id]
    assert first_id not in [p["member_id"] for p in project(household_form, answers, today=TODAY).persons]
    answers["anggota"]["new-member"]["_pos"] = -1  # reorder: the new member first
    assert project(household_form, answers, today=TODAY).persons[0]["member_id"] == "new-member"
    answers["anggota"]["new-member"]["_pos"] = "first"
    assert ("anggota/new-member/_pos", "wrong_type") in codes(validate(household_form, answers, today=TODAY))


def test_members_are_required(household_form, household):
    household["anggota"] = {}
    assert ("anggota", "required") in codes(validate(household_form, household, today=TODAY))


def test_member_without_nik_needs_no_nik(household_form, household):
    mid, member = members_of(household)[0]
    member.pop("nik", None)
    member["nik_status"] = "belum_punya"
    assert validate(household_form, household, today=TODAY).ok
    member["nik_status"] = "ada"
    assert (f"anggota/{mid}/nik", "required") in codes(validate(household_form, household, today=TODAY))


def test_nik_birth_date_mismatch_and_its_override(household_form, household):
    mid, member = next((k, m) for k, m in members_of(household) if m.get("nik"))
    born = date.fromisoformat(member["tanggal_lahir"])
    member["tanggal_lahir"] = born.replace(day=1 if born.day != 1 else 2).isoformat()
    result = validate(household_form, household, today=TODAY)
    [p] = result.errors
    assert (p.path, p.code, p.overridable) == (f"anggota/{mid}/nik", "nik_birth_date_mismatch", True)
    member["_overrides"] = {"nik:nik_birth_date_mismatch": "KTP salah cetak tanggal"}
    overridden = validate(household_form, household, today=TODAY)
    assert overridden.ok
    assert [(q.code, reason) for q, reason in overridden.overridden] == [
        ("nik_birth_date_mismatch", "KTP salah cetak tanggal")
    ]
    member["_overrides"] = {"nik:nik_birth_date_mismatch": "   "}  # an empty reason does not override
    assert not validate(household_form, household, today=TODAY).ok


def test_ppks_age_rules_are_warnings(household_form, household):
    mid, member = members_of(household)[0]  # the head, an adult
    member["ppks"] = ["anak_balita_terlantar"]
    result = validate(household_form, household, today=TODAY)
    assert result.ok and [(p.path, p.code) for p in result.warnings] == [
        (f"anggota/{mid}/ppks", "ppks_age_rule")
    ]


def test_follow_up_questions_follow_the_ppks_categories(household_form, household):
    mid, member = members_of(household)[0]
    member["ppks"] = ["korban_bencana_alam"]
    member.pop("jenis_bencana", None)
    assert (f"anggota/{mid}/jenis_bencana", "required") in codes(
        validate(household_form, household, today=TODAY)
    )
    member["jenis_bencana"] = "banjir"
    assert validate(household_form, household, today=TODAY).ok


def test_member_who_died_is_a_status_with_a_date(household_form, household):
    mid, member = members_of(household)[-1]
    member["status_anggota"] = "meninggal"
    assert (f"anggota/{mid}/tanggal_status", "required") in codes(
        validate(household_form, household, today=TODAY)
    )
    member["tanggal_status"] = "2026-10-01"
    assert validate(household_form, household, today=TODAY).ok
    persons = project(household_form, household, today=TODAY).persons
    assert [p["status"] for p in persons if p["member_id"] == mid] == ["meninggal"]


def test_projection_columns(household_form, household):
    rows = project(household_form, calculate(household_form, household, today=TODAY), today=TODAY)
    assert rows.household["no_kk"] == household["no_kk"] and rows.household["desa"] == DESA
    assert rows.household["member_count"] == len(household["anggota"])
    assert {p["name"] for p in rows.persons} == {m["nama"] for m in household["anggota"].values()}
    assert all(p["desa"] == DESA for p in rows.persons)


def test_complaint_form_and_server_owned_referral():
    form = default_registry().get("pengaduan")
    answers = make_complaint(random.Random(3), DESA, TODAY)
    assert validate(form, answers, today=TODAY).ok
    assert form.is_server_owned("rujukan_layanan") and not form.is_server_owned("uraian")
    assert project(form, answers).complaint["category"] == answers["kategori"]
    anonymous = {k: v for k, v in answers.items() if not k.startswith("pelapor")} | {
        "pelapor_jenis": "anonim"
    }
    assert validate(form, anonymous, today=TODAY).ok


def test_server_owned_paths_inside_repeats(household_form):
    assert not household_form.is_server_owned("anggota/abc/nama")
    assert household_form.field_for_path("anggota/abc/nama").name == "nama"
    assert household_form.field_for_path("alamat/desa").name == "desa"
    assert household_form.field_for_path("nope") is None


def test_versioning_a_v1_record_stays_valid_though_v2_adds_a_required_field(tmp_path):
    registry = Registry()
    registry.add_source(every_type_form(version=1))
    extra = ({"name": "baru", "type": "text", "label": L("Baru"), "required": True},)
    registry.add_source(every_type_form(version=2, extra_fields=extra))
    assert validate(registry.get("semua", 1), GOOD, today=TODAY).ok
    assert ("baru", "required") in codes(validate(registry.get("semua", 2), GOOD, today=TODAY))
    assert registry.latest("semua").version == 2 and registry.versions("semua") == [1, 2]


# --- bad definitions ----------------------------------------------------------------------


def broken(**changes):
    source = every_type_form()
    source.update(changes)
    return source


def add_field(field):
    return broken(fields=[*every_type_form()["fields"], field])


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (
            add_field({"name": "x", "type": "text", "label": L("x"), "relevant": "${tidak_ada} = 1"}),
            "unknown field ${tidak_ada} at column 1",
        ),
        (
            add_field({"name": "x", "type": "text", "label": L("x"), "relevant": "${teks} =="}),
            "field 'x' relevant",
        ),
        (add_field({"name": "x", "type": "calculate", "calculate": "${y} + 1"}) | {}, "unknown field"),
        (
            broken(
                fields=[
                    {"name": "a", "type": "calculate", "calculate": "${b}"},
                    {"name": "b", "type": "calculate", "calculate": "${a}"},
                ]
            ),
            "cycle: a -> b -> a",
        ),
        (add_field({"name": "x", "type": "hologram", "label": L("x")}), "unknown type 'hologram'"),
        (add_field({"name": "teks", "type": "text", "label": L("dup")}), "used twice"),
        (
            add_field({"name": "x", "type": "select_one", "label": L("x"), "choices": "tidak_ada"}),
            "unknown choice list",
        ),
        (
            add_field({"name": "x", "type": "text", "label": L("x"), "relevant": "selected(${teks}, 'a')"}),
            "needs a select field",
        ),
        (
            add_field({"name": "x", "type": "text", "label": L("x"), "relevant": "frob(1)"}),
            "unknown function frob()",
        ),
        (
            add_field({"name": "x", "type": "group", "label": L("x"), "fields": []}),
            "non-empty list of fields",
        ),
        (
            add_field({"name": "x", "type": "text", "label": L("x"), "colour": "red"}),
            "unknown property 'colour'",
        ),
        (broken(version="satu"), "version"),
        (broken(projections={"person": {"repeat": "teks", "columns": {"name": "teks"}}}), "not a repeat"),
        (broken(projections={"household": {"columns": {"no_kk": "tidak_ada"}}}), "unknown field 'tidak_ada'"),
    ],
)
def test_each_kind_of_bad_definition_is_a_clear_error(source, words):
    with pytest.raises(DefinitionError) as caught:
        load_definition(source)
    text = "\n".join(caught.value.problems)
    assert words in text and "semua" in text


def test_not_json_is_a_clear_error():
    with pytest.raises(DefinitionError) as caught:
        load_definition("{not json")
    assert "not valid JSON" in caught.value.en


def test_definition_round_trips_through_json(household_form):
    again = load_definition(json.loads(household_form.to_json()))
    assert again.key == household_form.key and len(list(again.walk())) == len(list(household_form.walk()))


# --- property test ------------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
field_names = st.sampled_from(
    [
        "persetujuan",
        "no_kk",
        "alamat",
        "anggota",
        "desil",
        "aset",
        "lokasi",
        "x",
        "_overrides",
        "perumahan",
        "_pos",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(field_names, json_values, max_size=8))
def test_random_answers_never_crash_the_validator(household_form, answers):
    result = validate(household_form, answers, today=TODAY)
    assert all(p.code and p.id and p.en for p in result.problems)
    project(household_form, answers, today=TODAY)
    calculate(household_form, answers, today=TODAY)
