"""Forgiving name keys: one spelling for the variants Indonesian names are written in.

Used by the app's search and the server's duplicate detection and console search alike, so "Muhamad",
"Muhammad" and "Mohammad", "Nur Haliza" and "Nurhaliza", "Siti" and "Sitti", "Aisyah", "Aisah" and "Aisya",
"Achmad", "Akhmad" and "Ahmad", "Rizky" and "Rizki", "Taufiq" and "Taufik" meet. The key is lower-case ASCII
letters without spaces: old and foreign spellings are mapped (oe→u, dj→j, tj→c, sj→sy→s, ch→kh→h, dz→z, ph→f,
ck→k, q→k; j→y as in "Jusuf"→"Yusuf" and nj→ny are not done: too many false matches), y→i, an "h" ending a word
after a vowel dropped (Fatimah/Fatima), doubled letters collapsed, o→u (Moh/Muh), and an "h" after a consonant
dropped (Nur Haliza, Dhani). Both the indexed names and the query go through the same function, so a stored
key must be refolded when these rules change (app/store/migrations, server/alembic).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from operator import itemgetter

# In this order: "sj" becomes "sy" before "sy" becomes "s", "ch" "kh" before "kh" "h", "ck" "k" before "q".
_OLD_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("sy", "s"), ("ch", "kh"), ("kh", "h"),
                  ("dz", "z"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("y", "i"))  # fmt: skip
# A word's last "h" after a vowel: "Fatimah", "Aisyah", "Soleh"; never a word's only letter, so a typed "h" stays.
_FINAL_H = re.compile(r"(?<=[aeiouy])h(?![a-z])")
_NOT_LETTER = re.compile(r"[^a-z]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_FIRST_GROUP = itemgetter(1)  # match -> match[1]
_H_AFTER_CONSONANT = re.compile(r"(?<=[bcdfgjklmnpqrstvwxz])h")


@lru_cache(maxsize=8192)
def fold_word(text: str) -> str:
    """The name key of `text` (spaces removed). Pure, so cached: a district's names repeat (Siti, Muhammad…)
    and a household pushed again (an edit, a retry) folds the same names."""
    text = text or ""
    # ASCII is its own NFKD form (isascii is O(1)): most names skip the decomposition and re-encoding.
    if type(text) is str and text.isascii():
        plain = text
    else:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    plain = plain.lower()
    # The two "h" rules are regular expressions (~1 µs each): names without an "h" skip them.
    letters = _NOT_LETTER.sub("", _FINAL_H.sub("", plain) if "h" in plain else plain)
    for old, new in _OLD_SPELLINGS:
        letters = letters.replace(old, new)
    letters = letters.replace("o", "u")
    if "h" in letters:
        letters = _H_AFTER_CONSONANT.sub("", letters)
    # A callable writes what the template r"\1" writes, ~3x faster (CPython expands a template in Python).
    return _DOUBLE.sub(_FIRST_GROUP, letters)


def name_key(name: str) -> str:
    return fold_word(name)
