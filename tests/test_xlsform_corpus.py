"""Real XLSForms from public repositories (tests/fixtures/xlsforms/SOURCES.csv names each one's repository,
path, commit and licence): every form marked clean imports, loads and validates answers; every other one is
refused with a message naming the feature it uses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from forms.definition import DefinitionError, load_definition
from forms.validate import new_answers, validate
from forms.xlsform import XlsFormUnsupported, import_xlsform

CORPUS = Path(__file__).resolve().parent / "fixtures" / "xlsforms"
ROWS = list(csv.DictReader((CORPUS / "SOURCES.csv").open(encoding="utf-8")))
CLEAN = [r for r in ROWS if r["expected"] == "clean"]
REFUSED = [r for r in ROWS if r["expected"] != "clean"]


def test_the_corpus_has_twenty_clean_forms_and_every_file_is_listed_with_its_licence():
    assert len(CLEAN) >= 20
    listed = {r["file"] for r in ROWS}
    assert listed == {p.name for p in CORPUS.glob("*.xls*")}
    for row in ROWS:
        assert (
            row["repository"].startswith("https://github.com/")
            and len(row["commit"]) == 40
            and row["licence"]
        )


@pytest.mark.parametrize("row", CLEAN, ids=[r["file"] for r in CLEAN])
def test_imports_and_checks_clean(row):
    definition, form = import_xlsform(CORPUS / row["file"], files={})
    again = load_definition(json.loads(json.dumps(definition)))  # what travels to laptops loads the same
    assert [f.name for f in again.walk()] == [f.name for f in form.walk()]
    result = validate(form, new_answers(form))  # a new record: only "required" problems, nothing broken
    assert {p.code for p in result.problems} <= {"required"}


@pytest.mark.parametrize("row", REFUSED, ids=[r["file"] for r in REFUSED])
def test_refusal_names_the_feature(row):
    with pytest.raises((XlsFormUnsupported, DefinitionError)) as caught:
        import_xlsform(CORPUS / row["file"], files={})
    named = "\n".join(caught.value.problems)
    assert row["expected"].removeprefix("refused: ").split(": ", 1)[-1][:60] in named
