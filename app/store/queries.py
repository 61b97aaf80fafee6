"""Read-only queries over the projections: paged lists, search, lookups, counts. Lists read projections only."""

from __future__ import annotations

import functools
import json
import string
from dataclasses import dataclass

from forms.domain.names import name_key
from forms.domain.nik import normalize_digits

PERSON_SORTS = {
    "name": "p.name COLLATE NOCASE",
    "nik": "p.nik",
    "desa": "p.desa_name",
    "birth_date": "p.birth_date",
}
_SORT_INDEX = {"name": "person_name", "nik": "person_nik"}  # the person indexes that give a sort's order
COMPLAINT_SORTS = {"received": "c.received_at", "status": "c.status", "reference": "c.reference",
                   "desa": "c.desa_name"}  # fmt: skip


@dataclass(frozen=True)
class PersonRow:
    record_id: str
    member_id: str
    name: str
    nik: str | None
    no_nik_reason: str | None
    sex: str | None
    birth_date: str | None
    desa: str | None
    desa_name: str | None
    status: str | None
    ppks: list[str]
    no_kk: str | None
    head_name: str | None
    disability: list[str]


@dataclass(frozen=True)
class ComplaintRow:
    record_id: str
    reference: str
    category: str | None
    urgency: str | None
    subject_name: str | None
    desa_name: str | None
    status: str
    received_at: str
    status_at: str


@dataclass(frozen=True)
class Page:
    rows: list
    total: int
    exact: bool = True  # False: `total` is a cap and more were found (search-as-you-type over very many)


# Desa names and many person names repeat: demo-data folded each one for every person.
@functools.lru_cache(maxsize=8192)
def name_suffixes(name: str | None) -> frozenset[str]:
    """The folded name from each of its words to its end: "Siti Nur Haliza" -> the name keys of "Siti Nur Haliza",
    "Nur Haliza" and "Haliza" (sitinuraliza, nuraliza, haliza: forms/domain/names.py folds the joined words).

    A typed prefix of any of these finds the name, so a word typed alone, several words typed together
    ("nurhaliza" for "Nur Haliza") and the whole name all reach it with one range scan.
    """
    words = (name or "").split()
    return frozenset(key for key in (name_key(" ".join(words[i:])) for i in range(len(words))) if key)


def person_words(name: str | None, nik: str | None, no_kk: str | None, desa_name: str | None) -> set[str]:
    """What `search_word` holds for a person: name and desa name suffixes, NIK and No. KK (all prefix-searched).

    Everything a typed word can find sits in one covering B-tree, so a search touches the person table only
    for the page it shows.
    """
    return name_suffixes(name) | name_suffixes(desa_name) | {d for d in (nik, no_kk) if d}


def complaint_words(subject_name: str | None, subject_nik: str | None, reference: str | None,
                    desa_name: str | None) -> set[str]:  # fmt: skip
    """What `search_word` holds for a complaint: name and desa suffixes, NIK, the receipt number's digits."""
    digits = "".join(ch for ch in (reference or "") if ch.isdigit())
    return name_suffixes(subject_name) | name_suffixes(desa_name) | {w for w in (subject_nik, digits) if w}


def _after(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (the range scan's upper bound)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _token(token: str) -> str:
    """A typed word as stored: digits for a NIK/No. KK/number prefix, else the folded name ('' for neither)."""
    digits = normalize_digits(token)
    return digits if digits.isdigit() else name_key(token)


# While the rarest typed word finds at most this many index rows the search is answered from the index alone
# (a top-N sort of its range: about 10 ms for 75,000 rows); past it the persons are walked in the list's order,
# each probed, and the first page comes at once because nearly everyone matches ("6" for a NIK in this area).
DENSE = 100_000
# With several words their ranges are intersected (read in order: far fewer pages than probing each found row
# in the record-keyed index, about 1.5 µs a row warm but a page read and decryption each when not cached);
# a word past INTERSECT_MAX rows is probed per row of the others' intersection, and when even the rarest word
# finds more than RARE_MAX rows the walk is cheaper.
RARE_MAX = 20_000
INTERSECT_MAX = 100_000
# The first top-N read of a found range asks for this many rows per person wanted (a person may own several
# matching words), and at least FIRST_READ.
READ_AHEAD = 2
FIRST_READ = 200
_RANGE = "kind = 'person' AND word >= ? AND word < ?"
_FOUND = f"SELECT record_id, member_id, sort FROM search_word WHERE {_RANGE}"
_PROBE = ("EXISTS (SELECT 1 FROM search_word w WHERE w.record_id = {t}.record_id AND w.member_id = {t}.member_id "
          "AND w.kind = 'person' AND w.word >= ? AND w.word < ?)")  # fmt: skip
_NOCASE = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # SQLite's NOCASE folds ASCII only


def _range(value: str) -> list[str]:
    return [value, _after(value)]


def _capped_count(conn, value: str, cap: int) -> int:
    return conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM search_word WHERE {_RANGE} LIMIT {cap + 1})",
                        _range(value)).fetchone()[0]  # fmt: skip


def _name_order(row, descending: bool) -> tuple:
    """The list's order (sort COLLATE NOCASE [DESC], record_id, member_id) as a Python key for a found row."""
    name = (row[2] or "").translate(_NOCASE)
    # Descending: every code point negated and a trailing 1, so "abc" comes before its prefix "ab" as in SQLite.
    return ((*(-ord(ch) for ch in name), 1) if descending else name, row[0], row[1])


def _first_by_name(conn, parts: list[tuple[str, list]], want: int, descending: bool,
                   count_cap: int | None) -> tuple[list, int | None]:  # fmt: skip
    """The first `want` persons in name order found by any of `parts` (SELECT record_id, member_id, sort ...),
    and how many there are when that is known from the same read (else None).

    Each part is read with SQLite's top-N sort (ORDER BY ... LIMIT n) and NOT deduplicated in SQL — a DISTINCT
    or a window count materialises every found row and was ten times slower on a 20,000-row range. A person
    with several matching words comes back on adjacent rows and is kept once here. When a part filled its
    limit, only what sorts up to its last row is certain; if fewer than `want` are, all is read in a second round.
    The first read asks for enough rows to see past `count_cap` too, so "1000+" costs no count of its own.
    """
    direction = " DESC" if descending else ""
    limit = max(READ_AHEAD * want, READ_AHEAD * (count_cap + 1) if count_cap else 0, FIRST_READ)
    while True:
        found: dict[tuple[str, str], tuple] = {}
        cutoff = None
        for sql, params in parts:
            rows = conn.execute(f"SELECT record_id, member_id, sort FROM ({sql}) ORDER BY sort COLLATE NOCASE"
                                f"{direction}, record_id, member_id LIMIT ?", [*params, limit]).fetchall()  # fmt: skip
            for row in rows:
                found.setdefault((row[0], row[1]), _name_order(row, descending))
            if len(rows) == limit:
                last = _name_order(rows[-1], descending)
                cutoff = last if cutoff is None else min(cutoff, last)
        ordered = sorted(found, key=found.__getitem__)
        if cutoff is None:
            return ordered[:want], len(ordered)
        certain = [k for k in ordered if found[k] <= cutoff]
        if len(certain) >= want:
            return certain[:want], (len(certain) if count_cap and len(certain) > count_cap else None)
        limit = -1  # no limit: each round costs a whole scan of the range and its probes


def _typed(text: str) -> tuple[list[str], str | None]:
    """The typed words as stored, and the whole text folded as one name when several words were typed.

    When the whole text folds to the start of one typed word ("agus s" -> "aguss" -> "agus": doubled letters
    collapse), every person with all the words already has a word starting with the whole text, so the search
    is that one word: no intersection with the huge range of "s".
    """
    words = list(dict.fromkeys(w for w in (_token(t) for t in text.split()) if w))
    whole = name_key(text)
    if len(words) > 1 and whole and not normalize_digits(text).isdigit():
        if any(w.startswith(whole) for w in words):
            return [whole], None
        return words, whole
    return words, None


def complaint_matches(text: str) -> tuple[str, list] | None:
    """A compound SELECT of the complaint record ids the typed text finds (every word, or the whole text)."""
    words = list(dict.fromkeys(w for w in (_token(t) for t in text.split()) if w))
    if not words:
        return None
    one = "SELECT record_id FROM search_word WHERE kind = 'complaint' AND word >= ? AND word < ?"
    sql = " INTERSECT ".join([one] * len(words))
    params = [x for w in words for x in _range(w)]
    whole = normalize_digits(text) if normalize_digits(text).isdigit() else name_key(text)
    if len(words) > 1 and whole:
        sql = f"SELECT * FROM ({sql}) UNION {one}"
        params += _range(whole)
    return sql, params


def _person(row) -> PersonRow:
    return PersonRow(row[0], row[1], row[2] or "", row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                     json.loads(row[10] or "[]"), row[11], row[12], json.loads(row[13] or "[]"))  # fmt: skip


_PERSON_COLUMNS = ("p.record_id, p.member_id, p.name, p.nik, p.no_nik_reason, p.sex, p.birth_date, p.desa, "
                   "p.desa_name, p.status, p.ppks, h.no_kk, h.head_name, p.disability")  # fmt: skip


def persons(conn, *, query: str = "", sort: str = "name", descending: bool = False, offset: int = 0,
            limit: int = 100, without_nik: bool = False, count_cap: int | None = None) -> Page:  # fmt: skip
    """See _persons; its statements read one snapshot (a save between them would renumber person rows)."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        return _persons(conn, query=query, sort=sort, descending=descending, offset=offset, limit=limit,
                        without_nik=without_nik, count_cap=count_cap)  # fmt: skip
    finally:
        if own:
            conn.execute("COMMIT")


def _persons(conn, *, query: str, sort: str, descending: bool, offset: int, limit: int, without_nik: bool,
             count_cap: int | None) -> Page:  # fmt: skip
    order = PERSON_SORTS.get(sort, PERSON_SORTS["name"]) + (" DESC" if descending else "")
    order_by = f"ORDER BY {order}, p.record_id, p.member_id"
    no_nik = " AND p.nik IS NULL" if without_nik else ""
    if not query.strip():
        total = conn.execute(f"SELECT count(*) FROM person p WHERE 1 = 1{no_nik}").fetchone()[0]
        # The planner would scan and sort the whole person table for the tie-break columns (22 ms with every
        # page cached, 230 ms and the reader's cache evicted when not): walk the sort column's index instead.
        hint = f" INDEXED BY {_SORT_INDEX[sort]}" if sort in _SORT_INDEX and not without_nik else ""
        return Page(
            _person_rows(conn, f"FROM person p{hint} WHERE 1 = 1{no_nik} {order_by}", [], offset, limit),
            total,
        )
    words, whole = _typed(query)
    if not words:  # only punctuation typed: nothing to search for
        return Page([], 0)
    most = DENSE if len(words) == 1 else min(DENSE, RARE_MAX)
    counts = {w: _capped_count(conn, w, most if len(words) == 1 else INTERSECT_MAX) for w in words}
    rare = min(words, key=counts.__getitem__)
    if (
        counts[rare] <= most
    ):  # from search_word: the words' ranges intersected, a huge one probed per found row
        joined = [w for w in words if counts[w] <= INTERSECT_MAX]
        probed = [w for w in words if counts[w] > INTERSECT_MAX]
        found = " INTERSECT ".join([_FOUND] * len(joined))
        if probed:
            found = f"SELECT * FROM ({found}) s WHERE " + " AND ".join([_PROBE.format(t="s")] * len(probed))
        parts = [(found, [x for w in joined + probed for x in _range(w)])]
        if whole is not None:  # several words typed together may also be one name ("nur haliza" -> nurhaliza)
            parts.append((_FOUND, _range(whole)))
        if sort == "name" and not without_nik:
            keys, known = _first_by_name(conn, parts, offset + limit, descending, count_cap)
            return _counted(_persons_by_key(conn, keys[offset:]), known, conn, parts, count_cap)
        union = " UNION ".join(f"SELECT DISTINCT record_id, member_id FROM ({sql})" for sql, _ in parts)
        params = [x for _, p in parts for x in p]
        ids = [r[0] for r in conn.execute(
            f"SELECT p.rowid FROM ({union}) s JOIN person p ON p.record_id = s.record_id AND p.member_id = s.member_id "
            f"WHERE 1 = 1{no_nik} {order_by}", params)]  # fmt: skip
        return Page(_persons_by_rowid(conn, ids[offset : offset + limit]), len(ids))
    # Every word finds very many persons: walk the persons in the list's order and probe each word.
    check = " AND ".join([_PROBE.format(t="p")] * len(words))
    params = [x for w in words for x in _range(w)]
    if whole is not None:
        check = f"(({check}) OR {_PROBE.format(t='p')})"
        params += _range(whole)
    hint = " INDEXED BY person_name" if sort == "name" and not without_nik else ""
    rows = _person_rows(conn, f"FROM person p{hint} WHERE {check}{no_nik} {order_by}", params, offset, limit)
    if not count_cap:
        return Page(
            rows, conn.execute(f"SELECT count(*) FROM person p WHERE {check}{no_nik}", params).fetchone()[0]
        )
    if len(words) == 1 and whole is None and not without_nik:  # count the word's persons up to the cap
        counted = (f"SELECT count(*) FROM (SELECT DISTINCT record_id, member_id FROM search_word WHERE {_RANGE} "
                   f"LIMIT {count_cap + 1})")  # fmt: skip
        total = conn.execute(counted, _range(words[0])).fetchone()[0]
    else:
        total = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM person p WHERE {check}{no_nik} "
                             f"LIMIT {count_cap + 1})", params).fetchone()[0]  # fmt: skip
    return Page(rows, count_cap, exact=False) if total > count_cap else Page(rows, total)


def _counted(rows: list, known: int | None, conn, parts: list[tuple[str, list]], cap: int | None) -> Page:
    """The page with its total: `known` when the page's read told (all found, or more than `cap`), else
    counted — up to `cap` (search-as-you-type: "1000+" needs no more) or exactly (exports, reports)."""
    if known is None:
        union = " UNION ".join(f"SELECT record_id, member_id FROM ({sql})" for sql, _ in parts)
        params = [x for _, p in parts for x in p]
        if len(parts) == 1:
            union = f"SELECT DISTINCT record_id, member_id FROM ({parts[0][0]})"
        known = conn.execute(f"SELECT count(*) FROM ({union}{f' LIMIT {cap + 1}' if cap else ''})",
                             params).fetchone()[0]  # fmt: skip
    if cap and known > cap:
        return Page(rows, cap, exact=False)
    return Page(rows, known)


def _persons_by_key(conn, keys: list) -> list[PersonRow]:
    """Full rows for (record_id, member_id) keys, in the order given."""
    if not keys:
        return []
    where = " OR ".join("(p.record_id = ? AND p.member_id = ?)" for _ in keys)
    rows = conn.execute(f"SELECT {_PERSON_COLUMNS} FROM person p LEFT JOIN household h ON h.record_id = p.record_id "
                        f"WHERE {where}", [x for k in keys for x in k[:2]]).fetchall()  # fmt: skip
    found = {(r[0], r[1]): _person(r) for r in rows}
    return [found[(k[0], k[1])] for k in keys if (k[0], k[1]) in found]


def _person_rows(conn, body: str, params: list, offset: int, limit: int) -> list[PersonRow]:
    """The page's rows: `body` is FROM person p ... WHERE ... ORDER BY ...; the household is joined per row."""
    ids = [r[0] for r in conn.execute(f"SELECT p.rowid {body} LIMIT ? OFFSET ?", [*params, limit, offset])]
    return _persons_by_rowid(conn, ids)


def _persons_by_rowid(conn, ids: list[int]) -> list[PersonRow]:
    """Full rows for person rowids (read in the same transaction-free moment), in the order given."""
    if not ids:
        return []
    rows = conn.execute(f"SELECT {_PERSON_COLUMNS}, p.rowid FROM person p LEFT JOIN household h "
                        f"ON h.record_id = p.record_id WHERE p.rowid IN ({', '.join('?' * len(ids))})", ids)  # fmt: skip
    found = {r[-1]: _person(r) for r in rows}
    return [found[i] for i in ids if i in found]


def persons_with_nik(conn, nik: str, *, exclude_record: str | None = None) -> list[PersonRow]:
    digits = normalize_digits(nik)
    rows = conn.execute(
        f"SELECT {_PERSON_COLUMNS} FROM person p LEFT JOIN household h ON h.record_id = p.record_id "
        "WHERE p.nik = ? AND p.record_id != ?", (digits, exclude_record or ""),
    ).fetchall()  # fmt: skip
    return [_person(r) for r in rows]


def complaints(conn, *, query: str = "", sort: str = "received", descending: bool = True, offset: int = 0,
               limit: int = 100) -> Page:  # fmt: skip
    order = COMPLAINT_SORTS.get(sort, COMPLAINT_SORTS["received"]) + (" DESC" if descending else "")
    found = complaint_matches(query) if query.strip() else None
    if query.strip() and found is None:
        return Page([], 0)
    if found:
        base, params = f"FROM complaint c WHERE c.record_id IN ({found[0]})", list(found[1])
    else:
        base, params = "FROM complaint c", []
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = conn.execute(
        "SELECT c.record_id, c.reference, c.category, c.urgency, c.subject_name, c.desa_name, c.status, "
        f"c.received_at, c.status_at {base} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset],
    ).fetchall()  # fmt: skip
    return Page([ComplaintRow(*r) for r in rows], total)


def counts_by_desa_and_ppks(conn) -> list[tuple[str, str, int]]:
    """(desa name, PPKS code, persons) for active persons."""
    return conn.execute(
        "SELECT p.desa_name, j.value, count(*) FROM person p, json_each(p.ppks) j "
        "WHERE p.status = 'aktif' GROUP BY p.desa_name, j.value ORDER BY p.desa_name, j.value"
    ).fetchall()


def totals(conn) -> dict[str, int]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "households": one("SELECT count(*) FROM household"),
        "persons": one("SELECT count(*) FROM person"),
        "persons_without_nik": one("SELECT count(*) FROM person WHERE nik IS NULL"),
        "complaints": one("SELECT count(*) FROM complaint"),
        "records": one("SELECT count(*) FROM record WHERE deleted = 0"),
    }
