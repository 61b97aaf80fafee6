from forms.domain.ppks import PPKS_CATEGORIES, age_problems, category


def test_26_categories_with_unique_codes_in_order():
    assert [c.number for c in PPKS_CATEGORIES] == list(range(1, 27))
    assert len({c.code for c in PPKS_CATEGORIES}) == 26
    assert category("lansia_terlantar").name_id == "Lanjut Usia Terlantar"
    assert category("komunitas_adat_terpencil").number == 26
    assert category("nope") is None


def test_age_rules_are_warnings_with_a_reason():
    assert age_problems("anak_balita_terlantar", 3) == []
    [p] = age_problems("anak_balita_terlantar", 6)
    assert p.code == "ppks_age_rule" and not p.is_error and "5" in p.id
    assert age_problems("anak_jalanan", 17) == [] and age_problems("anak_jalanan", 18)
    assert age_problems("lansia_terlantar", 60) == [] and age_problems("lansia_terlantar", 59)
    assert age_problems("fakir_miskin", 40) == [] and age_problems("lansia_terlantar", None) == []
