"""Forgiving name keys: one spelling for the variants Indonesian names are written in.

Used by the app's search and the server's duplicate detection alike, so "Muhamad", "Muhammad" and
"Mohammad", "Nur Haliza" and "Nurhaliza", "Siti" and "Sitti" meet. The key is lower-case ASCII letters
without spaces; old spellings (oe→u, dj→j, tj→c, j→y as in "Jusuf"→"Yusuf" is not done: too many false
matches) are mapped, doubled letters collapsed, o→u (Moh/Muh), and an "h" after a consonant dropped.
Both the indexed names and the query go through the same function.
"""

from __future__ import annotations

import re
import unicodedata

_OLD_SPELLINGS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"), ("ph", "f"))
_NOT_LETTER = re.compile(r"[^a-z]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_H_AFTER_CONSONANT = re.compile(r"(?<=[bcdfgjklmnpqrstvwxz])h")


def fold_word(text: str) -> str:
    """The name key of `text` (spaces removed)."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    letters = _NOT_LETTER.sub("", ascii_text)
    for old, new in _OLD_SPELLINGS:
        letters = letters.replace(old, new)
    letters = letters.replace("o", "u")
    letters = _H_AFTER_CONSONANT.sub("", letters)
    return _DOUBLE.sub(r"\1", letters)


def name_key(name: str) -> str:
    return fold_word(name)
