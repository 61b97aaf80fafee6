"""Name keys: the cached fold with its ASCII shortcut gives what the plain definition gives, for any text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from forms.domain.names import fold_word, name_key

_NOT_LETTER = re.compile(r"[^a-z]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_H_AFTER_CONSONANT = re.compile(r"(?<=[bcdfgjklmnpqrstvwxz])h")
_FINAL_H = re.compile(r"(?<=[aeiouy])h(?![a-z])")


def fold_word_before(text: str) -> str:
    """`fold_word` before its cache and ASCII shortcut: the reference."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    letters = _NOT_LETTER.sub("", _FINAL_H.sub("", ascii_text))
    for old, new in (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("sy", "s"), ("ch", "kh"), ("kh", "h"),
                     ("dz", "z"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("y", "i")):  # fmt: skip
        letters = letters.replace(old, new)
    letters = letters.replace("o", "u")
    letters = _H_AFTER_CONSONANT.sub("", letters)
    return _DOUBLE.sub(r"\1", letters)


@settings(max_examples=3000, deadline=None)
@given(st.text(st.sampled_from("aAbcChHdDjJkKoOeEqsSptTuUyYz -'.") | st.characters(), max_size=14))
def test_fold_word_is_the_plain_definition(text):
    assert fold_word(text) == fold_word_before(text)
    assert fold_word(text) == fold_word_before(text)  # the cached answer too


def test_spellings_meet():
    assert name_key("Muhammad") == name_key("Muhamad") == name_key("Mohammad")
    assert name_key("Nur Haliza") == name_key("Nurhaliza") and name_key("Siti") == name_key("Sitti")
    assert name_key("Djoko") == name_key("Joko") and fold_word("Ãndré") == fold_word_before("Ãndré")
    assert fold_word(None) == "" == fold_word("")


# Spellings of one name as volunteers and Dukcapil write it; each group must meet.
SAME_NAME = [
    ("Aisyah", "Aisah", "Aisya", "AISYAH", "Aisyah "),
    ("Achmad", "Akhmad", "Ahmad", "Ahmmad"),
    ("Rizky", "Rizki", "Rizqi", "Rizqy"),
    ("Taufiq", "Taufik"),
    ("Fatimah", "Fatima", "Fathimah"),
    ("Syarifah", "Sarifah", "Sjarifah"),
    ("Khadijah", "Hadijah", "Chadidjah"),
    ("Khairul", "Chairul", "Hairul"),
    ("Dzikri", "Zikri"),
    ("Dyah", "Diah"),
    ("Ricky", "Riki"),
    ("Soeharto", "Suharto"),
]


def test_spellings_of_one_name_meet():
    for group in SAME_NAME:
        assert len({name_key(n) for n in group}) == 1, group


def test_what_a_volunteer_types_is_a_prefix_of_the_name_as_it_was_written():
    """The search finds a name by a typed prefix of its key: "aisah" and "aisya" reach "Aisyah Putri"."""
    for typed, written in (("aisah", "Aisyah Putri"), ("aisya", "Aisyah"), ("aisyah", "Aisah"), ("fatima", "Fatimah"),
                           ("ahmad", "Achmad Fauzi"), ("rizki", "Rizky Ramadhan"), ("sarif", "Syarifuddin")):  # fmt: skip
        assert name_key(written).startswith(name_key(typed)), (typed, written)


def test_different_names_stay_apart_and_a_typed_letter_is_never_lost():
    for one, other in (("Yusuf", "Jusuf"), ("Panji", "Pani"), ("Siti", "Sari"), ("Candra", "Hendra")):
        assert name_key(one) != name_key(other)
    assert [name_key(t) for t in ("h", "y", "q", "sy")] == ["h", "i", "k", "s"]
