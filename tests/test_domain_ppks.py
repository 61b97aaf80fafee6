"""The 26 PPKS categories of Permensos 8/2012 (docs/domain.md#ppks-categories) and their age rules, which
only ever warn."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from forms.domain.ppks import PPKS_CATEGORIES, age_problems, category

DOMAIN_MD = Path(__file__).resolve().parent.parent / "docs" / "domain.md"


def test_26_categories_with_unique_codes_in_order():
    assert [c.number for c in PPKS_CATEGORIES] == list(range(1, 27))
    assert len({c.code for c in PPKS_CATEGORIES}) == 26
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", c.code) for c in PPKS_CATEGORIES)
    assert all(c.name_id and c.name_en and c.name_id != c.name_en for c in PPKS_CATEGORIES)
    assert category("lansia_terlantar").name_id == "Lanjut Usia Terlantar"
    assert category("komunitas_adat_terpencil").number == 26
    assert category("nope") is None and category(None) is None  # type: ignore[arg-type]


def test_codes_and_official_names_are_those_of_the_domain_notes():
    listed = re.findall(r"^(\d+)\. `([a-z_]+)` (.+)$", DOMAIN_MD.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(listed) == 26
    for number, code, name in listed:
        cat = category(code)
        assert cat is not None and cat.number == int(number)
        assert name.startswith(cat.name_id)  # "Korban Perdagangan Orang (trafficking)"


def test_age_rules_belong_to_the_balita_anak_and_lansia_categories():
    rules = {
        c.code: (c.min_age, c.below_age) for c in PPKS_CATEGORIES if (c.min_age, c.below_age) != (None, None)
    }
    assert rules.pop("anak_balita_terlantar") == (None, 5)
    assert rules.pop("lansia_terlantar") == (60, None)
    assert rules and all(code.startswith("anak_") and rule == (None, 18) for code, rule in rules.items())
    assert {c.code for c in PPKS_CATEGORIES if c.code.startswith("anak_")} == set(rules) | {
        "anak_balita_terlantar"
    }


@pytest.mark.parametrize(
    ("code", "fits", "does_not_fit"),
    [("anak_balita_terlantar", 4, 5), ("anak_jalanan", 17, 18), ("lansia_terlantar", 60, 59)],
)
def test_age_rule_boundaries(code, fits, does_not_fit):
    assert age_problems(code, fits) == []
    [p] = age_problems(code, does_not_fit)
    assert p.code == "ppks_age_rule" and not p.is_error
    assert str(does_not_fit) in p.id and str(does_not_fit) in p.en  # the reason names the age


def test_age_rule_reason_names_the_category_and_the_rule():
    [p] = age_problems("anak_balita_terlantar", 6)
    assert "Anak Balita Terlantar" in p.id and "di bawah 5 tahun" in p.id and "under 5" in p.en
    [p] = age_problems("lansia_terlantar", 45)
    assert "60 tahun ke atas" in p.id and "60 or older" in p.en


def test_no_age_rule_or_no_age_gives_nothing():
    assert age_problems("fakir_miskin", 40) == [] and age_problems("fakir_miskin", 3) == []
    assert age_problems("lansia_terlantar", None) == [] and age_problems("unknown_code", 3) == []
