"""XLSForm as people write it: metadata, choice_filter, `../`, current(), position(..), instance() lookups,
pulldata from a CSV shipped with the form, the same name in two groups, the parameters column and the
question types a laptop serves — imported, then validated as ODK would; what stays unsupported is named."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest
from openpyxl import Workbook

from forms.definition import DefinitionError
from forms.expr import odk
from forms.validate import calculate, validate
from forms.xlsform import XlsFormUnsupported, import_xlsform
from support.xlsforms import odk_workbook

ANSWERS = {
    "mulai": "2026-12-08T09:00:00.000+07:00", "selesai": "2026-12-08T09:20:00.000+07:00",
    "hari_ini": "2026-12-08", "perangkat": "laptop-3201", "petugas": "siti",
    "prov": "32", "kab": "3273", "jam_kunjungan": "09:15:00.000+07:00", "kepuasan": 4, "kepala": {"nama": "Budi"},
    "anggota": {"a1": {"_pos": 1, "anggota_nama": "Budi", "umur": 40},
                "a2": {"_pos": 2, "anggota_nama": "Ani", "umur": 12, "sekolah": "ya"}},
}  # fmt: skip


@pytest.fixture(autouse=True)
def wib(monkeypatch):
    """The laptop's zone: times and date-times are read in it, as ODK Collect reads them."""
    monkeypatch.setattr(odk, "local_zone", lambda: timezone(timedelta(hours=7)))


@pytest.fixture
def imported(tmp_path):
    return import_xlsform(odk_workbook(tmp_path / "kunjungan.xlsx"))


def test_the_form_imports_with_what_it_uses(imported):
    definition, form = imported
    by = form.by_name
    assert [by[n].preload for n in ("mulai", "selesai", "hari_ini", "perangkat", "petugas")] == [
        "start", "end", "today", "deviceid", "username"]  # fmt: skip
    assert (
        by["mulai"].type == "datetime"
        and by["hari_ini"].type == "date"
        and by["jam_kunjungan"].type == "time"
    )
    assert by["kab"].choice_filter == "prov = ${prov}"
    assert by["kepuasan"].type == "integer" and by["kepuasan"].parameters == {
        "start": "1",
        "end": "5",
        "step": "1",
    }
    assert definition["lists"]["harga"][0] == {"barang": "beras", "rupiah": "13500"}
    # the same name in another group is kept apart, under its group's name
    assert by["nama"].parent.name == "kepala" and by["anggota_nama"].parent.name == "anggota"


def test_a_filled_form_validates_as_odk_would(imported):
    _, form = imported
    assert validate(form, ANSWERS).problems == []
    done = calculate(form, ANSWERS)
    assert done["nama_kab"] == "Kota Bandung" and done["harga_beras"] == "13500"
    assert [done["anggota"][k]["urutan"] for k in ("a1", "a2")] == [1, 2]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"kab": "5171"}, "invalid_choice"),  # Denpasar is not in West Java: the choice filter hides it
        ({"jam_kunjungan": "25:61"}, "invalid_time"),
        ({"jam_kunjungan": "05:30:00.000+07:00"}, "constraint"),
        ({"kepuasan": 9}, "out_of_range"),
        ({"mulai": "kemarin"}, "invalid_datetime"),
    ],
)
def test_wrong_answers_are_refused_in_words(imported, change, code):
    _, form = imported
    problems = validate(form, {**ANSWERS, **change}).problems
    assert [p.code for p in problems] == [code]
    assert problems[0].id and problems[0].en


def test_relevance_through_a_relative_reference(imported):
    _, form = imported
    older = {**ANSWERS, "anggota": {"a1": {"_pos": 1, "anggota_nama": "Budi", "umur": 40, "sekolah": "ya"}}}
    assert validate(form, older).problems == []  # not relevant: an answer there is simply not asked about
    from forms.validate import is_relevant

    assert is_relevant(form, "sekolah", older, item_ids={"anggota": "a1"}) is False
    assert is_relevant(form, "sekolah", ANSWERS, item_ids={"anggota": "a2"}) is True


def test_pulldata_without_its_csv_is_refused_naming_the_file(tmp_path):
    path = odk_workbook(tmp_path / "k.xlsx")
    with pytest.raises(XlsFormUnsupported, match="harga.csv"):
        import_xlsform(path, files={})


@pytest.mark.parametrize(
    ("row", "named"),
    [
        (["video", "v", "Video", "Video", "", "", "", "", "", "", ""], "type 'video'"),
        (["select_one ya_tidak", "acak", "Acak", "Random", "", "", "", "", "", "randomize=true", ""],
         "parameters randomize=true"),
        (["geopoint", "titik", "Titik", "Point", "", "", "", "", "", "capture-accuracy=5 allow-mock-accuracy=true",
          ""], "parameters allow-mock-accuracy=true"),
        (["text", "lalu", "Lalu", "Last", "", "", "", "", "", "", "${last-saved#lalu}"], "last-saved"),
        (["select_one_from_file desa.geojson", "desa", "Desa", "Village", "", "", "", "", "", "", ""],
         "desa.geojson"),
    ],
)  # fmt: skip
def test_what_stays_unsupported_is_named(tmp_path, row, named):
    with pytest.raises(XlsFormUnsupported) as caught:
        import_xlsform(odk_workbook(tmp_path / "k.xlsx", extra=[row]))
    assert any(named in line for line in caught.value.features), caught.value.features


def test_parameters_refusal_lists_names_and_values_not_characters(tmp_path):
    row = ["integer", "n", "N", "N", "", "", "", "", "", "foo=bar", ""]
    with pytest.raises(XlsFormUnsupported) as caught:
        import_xlsform(odk_workbook(tmp_path / "k.xlsx", extra=[row]))
    line = next(f for f in caught.value.features if "'n'" in f)
    assert "parameters foo=bar" in line and "['" not in line


def test_a_choice_filter_over_an_unknown_column_is_refused_with_the_field(tmp_path):
    wb = Workbook()
    s = wb.active
    s.title = "survey"
    s.append(["type", "name", "label", "choice_filter"])
    s.append(["select_one a", "x", "X", ""])
    s.append(["select_one a", "y", "Y", "${x} = nosuchcolumn + "])
    c = wb.create_sheet("choices")
    c.append(["list_name", "name", "label"])
    c.append(["a", "1", "Satu"])
    wb.save(tmp_path / "f.xlsx")
    with pytest.raises((DefinitionError, XlsFormUnsupported)) as caught:
        import_xlsform(tmp_path / "f.xlsx")
    assert "'y'" in "\n".join(caught.value.problems) or "choice_filter" in "\n".join(caught.value.problems)


def test_names_with_dots_or_hyphens_are_renamed_and_their_references_follow(tmp_path):
    wb = Workbook()
    s = wb.active
    s.title = "survey"
    s.append(["type", "name", "label", "relevant", "calculation"])
    s.append(["integer", "jumlah.anak", "Jumlah anak", "", ""])
    s.append(["text", "nama-anak", "Nama anak", "${jumlah.anak} > 0", ""])
    s.append(["calculate", "dua_kali", "", "", "${jumlah.anak} * 2"])
    wb.save(tmp_path / "f.xlsx")
    definition, form = import_xlsform(tmp_path / "f.xlsx")
    assert [f.name for f in form.walk()] == ["jumlah_anak", "nama_anak", "dua_kali"]
    assert form.by_name["nama_anak"].relevant == "${jumlah_anak} > 0"
    assert calculate(form, {"jumlah_anak": 3})["dua_kali"] == 6


def test_times_are_shown_in_words_the_way_they_were_typed(imported):
    from forms.display import answer_text

    _, form = imported
    assert answer_text(form.by_name["jam_kunjungan"], "09:15:00.000+07:00") == "09:15 (+07:00)"
    assert answer_text(form.by_name["mulai"], "2026-12-08T09:00:00.000+07:00") == "2026-12-08 09:00 (+07:00)"


def test_a_trigger_sets_an_answer_when_its_question_changes_and_it_stays_editable(tmp_path):
    from forms.validate import value_set_by_trigger

    wb = Workbook()
    s = wb.active
    s.title = "survey"
    s.append(["type", "name", "label", "calculation", "trigger"])
    s.append(["select_one kab", "kab", "Kabupaten", "", ""])
    s.append(["text", "ibukota", "Ibu kota", "instance('kab')/root/item[name = ${kab}]/kota", "${kab}"])
    c = wb.create_sheet("choices")
    c.append(["list_name", "name", "label", "kota"])
    c.append(["kab", "3201", "Bogor", "Cibinong"])
    c.append(["kab", "3273", "Kota Bandung", "Bandung"])
    wb.save(tmp_path / "f.xlsx")
    definition, form = import_xlsform(tmp_path / "f.xlsx")
    field = form.by_name["ibukota"]
    assert (
        definition["fields"][1]["trigger"] == ["kab"] and field.calculate is None and field.set_on == ["kab"]
    )
    assert value_set_by_trigger(form, "ibukota", {"kab": "3201"}) == "Cibinong"
    # afterwards the answer is the person's: validated as any text, never recalculated
    assert validate(form, {"kab": "3201", "ibukota": "Cibinong (kota)"}).problems == []
    assert calculate(form, {"kab": "3273", "ibukota": "Cibinong"})["ibukota"] == "Cibinong"
