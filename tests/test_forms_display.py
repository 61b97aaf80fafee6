"""A record's answers in words: labels in the asked language, choices by label, a desa by name, yes/no, a GPS
point, repeat items numbered in their order, photos apart, unanswered questions left out."""

from __future__ import annotations

import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from forms.display import answer_lines, answer_text
from forms.registry import default_registry
from forms.samples import make_complaint, make_household

DESA = "62.03.01.2011"


def test_a_household_reads_in_words_in_form_order_with_members_numbered():
    form = default_registry().latest("ppks_registration")
    answers = make_household(random.Random(1), DESA, date(2026, 11, 1), serial=1)
    answers["lokasi"] = {"lat": -2.34, "lon": 114.6, "accuracy": 8.5}
    answers["desil"] = "3"
    lines = {line.name: line for line in answer_lines(form, answers)}
    assert lines["alamat/desa"].text == "Pulau Telo (62.03.01.2011)"
    assert lines["lokasi"].text == "-2.34, 114.6 (± 8.5 m)"
    assert lines["persetujuan"].text == "Ya"
    members = sorted(answers["anggota"].items(), key=lambda item: item[1]["_pos"])
    first_id, first = members[0]
    name = lines[f"anggota/{first_id}/nama"]
    assert name.label.startswith("Anggota") and " 1 — " in name.label and name.text == first["nama"]
    order = [line.name for line in answer_lines(form, answers)]
    assert order.index("no_kk") < order.index("alamat/desa") < order.index(f"anggota/{first_id}/nama")
    assert all(line.text for line in lines.values())  # nothing empty is listed
    english = {line.name: line for line in answer_lines(form, answers, "en")}
    assert english["persetujuan"].text == "Yes" and english[f"anggota/{first_id}/nama"].label.startswith(
        "Household"
    )


def test_a_complaint_lists_choices_by_label_and_its_photo_apart():
    form = default_registry().latest("pengaduan")
    answers = {**make_complaint(random.Random(2), DESA), "kategori": "data_salah", "foto_bukti": "ab" * 32,
               "layanan_diharapkan": ["rtlh", "pkh"], "alamat": ""}  # fmt: skip
    lines = {line.name: line for line in answer_lines(form, answers)}
    assert lines["kategori"].text == "Data salah" and lines["kategori"].label == "Kategori pengaduan"
    assert lines["layanan_diharapkan"].text == "Perbaikan rumah (RTLH), PKH"  # labels, in the order given
    assert lines["foto_bukti"].photo == "ab" * 32 and lines["foto_bukti"].text == ""
    assert "alamat" not in lines  # left empty: not listed
    assert answer_text(form.by_name["kategori"], "kode_baru") == "kode_baru"  # an unknown code as it is


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["kategori", "layanan_diharapkan", "desa", "persetujuan_berbagi", "foto_bukti", "x"]),
        json_values,
    ),
    st.sampled_from(["id", "en", "fr"]),
)
def test_any_answers_read_without_an_error(answers, lang):
    """A record flagged for review may hold anything: it is still shown, never a traceback."""
    for line in answer_lines(default_registry().latest("pengaduan"), answers, lang):
        assert isinstance(line.text, str) and line.label
