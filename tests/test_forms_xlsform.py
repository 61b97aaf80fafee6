"""XLSForm import: a round trip with a workbook made here, and every workbook of the shared corpus either
imports into a definition `jaring forms check` accepts or is refused naming each unsupported feature."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from forms.definition import DefinitionError, load_definition
from forms.validate import validate
from forms.xlsform import XlsFormUnsupported, import_xlsform

# Workbooks from pyxform's test suite, BSD-2-Clause (LICENSE and README beside them).
CORPUS = Path(__file__).resolve().parent / "data" / "xlsform-corpus"
WORKBOOKS = sorted(CORPUS.glob("*.xlsx")) if CORPUS.is_dir() else []


def jaring(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120)


def make_workbook(path: Path) -> Path:
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            "label::Indonesian (id)",
            "label::English (en)",
            "relevant",
            "constraint",
            "required",
            "calculation",
        ]
    )
    rows = [
        ["text", "nama", "Nama", "Name", "", "", "yes", ""],
        ["integer", "umur", "Umur", "Age", "", ". >= 0 and . < 130", "yes", ""],
        ["select_one jk", "jenis_kelamin", "Jenis kelamin", "Sex", "", "", "yes", ""],
        ["select_multiple bantuan", "bantuan", "Bantuan", "Assistance", "${umur} >= 18", "", "", ""],
        ["begin_repeat", "anak", "Anak", "Children", "", "", "", ""],
        ["text", "nama_anak", "Nama anak", "Child's name", "", "", "yes", ""],
        ["end_repeat", "", "", "", "", "", "", ""],
        ["calculate", "jumlah_anak", "", "", "", "", "", "count(${anak})"],
        ["date", "tanggal", "Tanggal", "Date", "", "", "", ""],
        ["geopoint", "lokasi", "Lokasi", "Location", "", "", "", ""],
    ]
    for row in rows:
        survey.append(row)
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::Indonesian (id)", "label::English (en)"])
    for row in [["jk", "L", "Laki-laki", "Male"], ["jk", "P", "Perempuan", "Female"],
                ["bantuan", "pkh", "PKH", "PKH"], ["bantuan", "bpnt", "BPNT", "BPNT"]]:  # fmt: skip
        choices.append(row)
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append(["Survei Uji", "survei_uji", "3"])
    wb.save(path)
    return path


def test_round_trip_of_a_workbook_made_here(tmp_path):
    definition, form = import_xlsform(make_workbook(tmp_path / "survei.xlsx"))
    assert form.key == "survei_uji@3"
    assert form.by_name["nama"].label == {"id": "Nama", "en": "Name"}
    assert form.by_name["anak"].type == "repeat" and form.by_name["nama_anak"].repeat.name == "anak"
    assert [c.value for c in form.by_name["jenis_kelamin"].choices] == ["L", "P"]
    again = load_definition(json.loads(json.dumps(definition)))  # what --out writes loads again
    answers = {"nama": "Siti", "umur": 30, "jenis_kelamin": "P", "bantuan": ["pkh"],
               "anak": {"a1": {"_pos": 1, "nama_anak": "Budi"}}}  # fmt: skip
    assert validate(again, answers).ok
    assert ("umur", "constraint") in [
        (p.path, p.code) for p in validate(again, {**answers, "umur": 200}).problems
    ]


def test_cli_import_then_check(tmp_path):
    out = tmp_path / "out" / "survei.json"
    result = jaring("forms", "import-xlsform", str(make_workbook(tmp_path / "s.xlsx")), "--out", str(out))
    assert result.returncode == 0, result.stderr
    checked = jaring("forms", "check", str(out))
    assert checked.returncode == 0 and "survei_uji@3" in checked.stdout


@pytest.mark.skipif(not WORKBOOKS, reason="the shared XLSForm corpus is not beside the repository")
@pytest.mark.parametrize("workbook", WORKBOOKS, ids=lambda p: p.name)
def test_corpus_imports_or_is_refused_by_name(workbook, tmp_path):
    out = tmp_path / "form.json"
    result = jaring("forms", "import-xlsform", str(workbook), "--out", str(out))
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert jaring("forms", "check", str(out)).returncode == 0
    else:
        assert result.returncode == 2 and not out.exists()
        assert "  - " in result.stderr  # each refused feature on its own line, named


@pytest.mark.skipif(not WORKBOOKS, reason="the shared XLSForm corpus is not beside the repository")
def test_bad_calc_is_refused_with_the_field_and_the_reason():
    with pytest.raises(DefinitionError) as caught:
        import_xlsform(CORPUS / "bad_calc.xlsx")
    text = "\n".join(caught.value.problems)
    assert "badcalc" in text and "calculate" in text and "unexpected" in text


@pytest.mark.skipif(not WORKBOOKS, reason="the shared XLSForm corpus is not beside the repository")
def test_unsupported_features_are_each_named():
    with pytest.raises(XlsFormUnsupported) as caught:
        import_xlsform(CORPUS / "xlsform_spec_test.xlsx")
    named = "\n".join(caught.value.features)
    # audio, barcode, time and dateTime are served now (#35); these stay refused, each named
    for feature in ("'video'", "'uri:deviceid'", "media (images/audio in labels)", "'buttonText'"):
        assert feature in named


def test_not_a_workbook_is_refused(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    with pytest.raises(XlsFormUnsupported):
        import_xlsform(junk)


def test_check_record_cli(tmp_path):
    import random

    from forms.samples import make_household

    good = tmp_path / "good.json"
    good.write_text(json.dumps(make_household(random.Random(1), "62.03.01.2011")))
    assert jaring("check-record", "--form", "ppks_registration@1", str(good)).returncode == 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"persetujuan": "ya"}))
    result = jaring("check-record", "--form", "ppks_registration", str(bad))
    assert result.returncode == 1 and "wrong_type" in result.stdout and "required" in result.stdout
    assert jaring("check-record", "--form", "tidak_ada@1", str(good)).returncode == 2
    (tmp_path / "broken.json").write_text("{")
    broken = jaring("check-record", "--form", "pengaduan", str(tmp_path / "broken.json"))
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
