"""Read-only queries over the projections: paged lists, search, lookups, counts. Lists read projections only.
Complaints' own are in complaint_queries.py."""

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
    practice: bool = False  # made in practice mode: never sent (marked in lists once the laptop is enrolled)


@dataclass(frozen=True)
class HouseholdRow:
    record_id: str
    no_kk: str | None
    head_name: str | None
    desa: str | None
    desa_name: str | None
    address: str | None
    decile: str | None
    member_count: int | None


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


def person_text(words: set[str]) -> str:
    """What `person_text` holds for a person: the words of `search_word`, each after a space (" 6203… nur siti"),
    so `instr(text, ' ' || typed)` tells whether a typed word starts one of them (words hold no space: name
    keys are letters, NIK and No. KK digits)."""
    return "".join(f" {w}" for w in sorted(words))


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


# In the list's own order (by name, the usual list), when every typed word's range holds more than SHORT index
# rows the persons are first looked for by walking `person_text` in name order — at most WALK_PER_ROW persons
# per person wanted (and at least WALK_MIN): one sequential read that fills the page in a millisecond or two
# when very many match ("6" for a NIK in this area, "pulau" for its desa, "s a"; counting their ranges up to
# 100,000 rows first took 7-8 ms). Otherwise, or when that walk came back short for one word, the rarest word's
# range of the index answers with a top-N sort (about 5 ms for 40,000 rows, 10 ms for 75,000); several common
# words whose persons are few ("s z") are walked on to the page's end.
SHORT = 40_000
FEW = 10_000
WALK_PER_ROW = 50
WALK_MIN = 20_000
# Other sorts: while the rarest typed word finds at most DENSE index rows (RARE_MAX with several words) the
# index answers; past it the persons are walked in the sort's order.
DENSE = 100_000
RARE_MAX = 20_000
# The first top-N read of a found range asks for this many rows per person wanted (a person may own several
# matching words), and at least FIRST_READ.
READ_AHEAD = 2
FIRST_READ = 200
_RANGE = "kind = 'person' AND word >= ? AND word < ?"
_FOUND = f"SELECT record_id, member_id, sort FROM search_word WHERE {_RANGE}"
_HAS = "instr(t.text, ?) > 0"  # the person's `person_text` row t has a word starting with the typed one
# The rarest word's range, each person found kept when its words hold the others (AND-ed _HAS after it): the
# range is in (word, name) order, and so are the person_text rows it looks up.
_FOUND_WITH = ("SELECT s.record_id, s.member_id, s.sort FROM search_word s CROSS JOIN person_text t ON "
               "t.sort = s.sort AND t.record_id = s.record_id AND t.member_id = s.member_id "
               "WHERE s.kind = 'person' AND s.word >= ? AND s.word < ?")  # fmt: skip
# A walk over the person table (other sorts, persons without NIK) with each person's words; persons stay outer.
_TEXT = (" CROSS JOIN person_text t ON t.sort = coalesce(p.name, '') AND t.record_id = p.record_id "
         "AND t.member_id = p.member_id")  # fmt: skip
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


def _person(row) -> PersonRow:
    return PersonRow(row[0], row[1], row[2] or "", row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                     json.loads(row[10] or "[]"), row[11], row[12], json.loads(row[13] or "[]"), bool(row[14]))  # fmt: skip


# The practice flag is one primary-key lookup per row shown (a page is 100 rows), not a column to keep in step.
_PERSON_COLUMNS = ("p.record_id, p.member_id, p.name, p.nik, p.no_nik_reason, p.sex, p.birth_date, p.desa, "
                   "p.desa_name, p.status, p.ppks, h.no_kk, h.head_name, p.disability, "
                   "(SELECT r.practice FROM record r WHERE r.id = p.record_id)")  # fmt: skip


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
    check = " AND ".join([_HAS] * len(words))
    checked = [" " + w for w in words]
    if whole is not None:  # several words typed together may also be one name ("nur haliza" -> nurhaliza)
        check = f"(({check}) OR {_HAS})"
        checked.append(" " + whole)
    if sort == "name" and not without_nik:
        return _persons_by_name(conn, words, whole, (check, checked), offset, limit, descending, count_cap)
    most = DENSE if len(words) == 1 else min(DENSE, RARE_MAX)
    counts = {w: _capped_count(conn, w, most) for w in words}
    rare = min(words, key=counts.__getitem__)
    if counts[rare] <= most:  # from search_word: the rarest word's range, the others per person found
        parts = _found_parts(words, whole, rare)
        union = " UNION ".join(f"SELECT DISTINCT record_id, member_id FROM ({sql})" for sql, _ in parts)
        params = [x for _, p in parts for x in p]
        ids = [r[0] for r in conn.execute(
            f"SELECT p.rowid FROM ({union}) s JOIN person p ON p.record_id = s.record_id AND p.member_id = s.member_id "
            f"WHERE 1 = 1{no_nik} {order_by}", params)]  # fmt: skip
        return Page(_persons_by_rowid(conn, ids[offset : offset + limit]), len(ids))
    # Every word finds very many persons: walk the persons in the sort's order, each with its words.
    rows = _person_rows(
        conn, f"FROM person p{_TEXT} WHERE {check}{no_nik} {order_by}", checked, offset, limit
    )
    counted = f"FROM person p{_TEXT} WHERE {check}{no_nik}"
    if not count_cap:
        return Page(rows, conn.execute(f"SELECT count(*) {counted}", checked).fetchone()[0])
    total = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 {counted} LIMIT {count_cap + 1})", checked
    ).fetchone()[0]
    return Page(rows, count_cap, exact=False) if total > count_cap else Page(rows, total)


def _found_parts(words: list[str], whole: str | None, rare: str) -> list[tuple[str, list]]:
    """SELECTs of (record_id, member_id, sort) finding the typed words: the rarest word's range of search_word
    with each person found kept when its person_text holds the other words, and the whole text as one name."""
    others = [" " + w for w in words if w != rare]
    found = _FOUND if not others else _FOUND_WITH + "".join(f" AND {_HAS}" for _ in others)
    parts = [(found, [*_range(rare), *others])]
    if whole is not None:
        parts.append((_FOUND, _range(whole)))
    return parts


def _persons_by_name(conn, words: list[str], whole: str | None, check: tuple[str, list], offset: int,
                     limit: int, descending: bool, count_cap: int | None) -> Page:  # fmt: skip
    """A search in the list's usual order (by name, every person): a short walk when every word is common,
    else the rarest word's range; several common words whose persons are few are walked to the end."""
    want = offset + limit
    # With several words, counted up to FEW first: when one is rarer, the others' long ranges are not read.
    counts = {w: _capped_count(conn, w, FEW if len(words) > 1 else SHORT) for w in words}
    if len(words) > 1 and min(counts.values()) > FEW:
        counts = {w: _capped_count(conn, w, SHORT) for w in words}
    if min(counts.values()) > SHORT:
        walked = _walk_by_name(conn, *check, want, descending, budget=max(WALK_MIN, WALK_PER_ROW * want))
        if walked is None and len(words) > 1:  # common words, but few persons with all of them: walk on
            walked = _walk_by_name(conn, *check, want, descending, budget=None)
        if walked is not None:
            keys, known = walked
            return _walk_counted(_persons_by_key(conn, keys[offset:]), known, conn, *check, count_cap)
    parts = _found_parts(words, whole, min(words, key=counts.__getitem__))
    keys, known = _first_by_name(conn, parts, want, descending, count_cap)
    return _counted(_persons_by_key(conn, keys[offset:]), known, conn, parts, count_cap)


def _walk_by_name(conn, check: str, params: list, want: int, descending: bool, *,
                  budget: int | None) -> tuple[list, int | None] | None:  # fmt: skip
    """The first `want` (record_id, member_id) in name order whose person_text passes `check`, walking
    person_text in that order (its primary key), and how many there are when that walk told.

    With a `budget` only that many rows are read, and None comes back when they held fewer than `want`: the
    LIMIT-ed subquery is filtered as SQLite reads it, a co-routine in its order (an outer ORDER BY would sort
    every row of the budget); the rows are checked to be in the list's order, and a walk that came back
    otherwise is not used. Without one the walk goes on until the page is full or every person was read.
    """
    order = f"ORDER BY sort COLLATE NOCASE{' DESC' if descending else ''}, record_id, member_id"
    if budget is None:
        rows = conn.execute(f"SELECT record_id, member_id FROM person_text t WHERE {check} {order} LIMIT ?",
                            [*params, want]).fetchall()  # fmt: skip
        return [(r[0], r[1]) for r in rows], (len(rows) if len(rows) < want else None)
    rows = conn.execute(f"SELECT record_id, member_id, sort FROM (SELECT record_id, member_id, sort, text FROM "
                        f"person_text {order} LIMIT ?) t WHERE {check} LIMIT ?", [budget, *params, want]).fetchall()  # fmt: skip
    keys = [_name_order(r, descending) for r in rows]
    if len(rows) < want or any(a >= b for a, b in zip(keys, keys[1:], strict=False)):
        return None
    return [(r[0], r[1]) for r in rows], None


def _walk_counted(rows: list, known: int | None, conn, check: str, params: list, cap: int | None) -> Page:
    """The walk's page with its total: `known`, else counted from person_text (up to `cap` when given)."""
    if known is None:
        limit = f" LIMIT {cap + 1}" if cap else ""
        known = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM person_text t WHERE {check}{limit})",
                             params).fetchone()[0]  # fmt: skip
    if cap and known > cap:
        return Page(rows, cap, exact=False)
    return Page(rows, known)


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


def linked_persons(conn, record_id: str) -> dict[str, list[PersonRow | None]]:
    """Member id → the persons the district confirmed as the same person (duplicate review); None for one
    whose household this laptop does not hold (another area: the link says only that it exists)."""
    rows = conn.execute(
        f"SELECT l.mine, p.record_id IS NOT NULL, {_PERSON_COLUMNS} FROM (SELECT member_id AS mine, "
        "other_record_id AS rid, other_member_id AS mid FROM person_link WHERE record_id = ? UNION "
        "SELECT other_member_id, record_id, member_id FROM person_link WHERE other_record_id = ?) l "
        "LEFT JOIN person p ON p.record_id = l.rid AND p.member_id = l.mid "
        "LEFT JOIN household h ON h.record_id = p.record_id ORDER BY p.name",
        (record_id, record_id),
    ).fetchall()  # fmt: skip
    found: dict[str, list[PersonRow | None]] = {}
    for row in rows:
        found.setdefault(row[0], []).append(_person(row[2:]) if row[1] else None)
    return found


def households(conn, *, after: tuple[str, str] | None = None, limit: int = 5000) -> list[HouseholdRow]:
    """Households by head's name, the page after the (head_name, record_id) `after` (a keyset: an export of
    every household reads each row once, not the skipped rows of every page again)."""
    where, params = (
        ("WHERE (coalesce(head_name, ''), record_id) > (?, ?)", list(after)) if after else ("", [])
    )
    rows = conn.execute(
        "SELECT record_id, no_kk, head_name, desa, desa_name, address, decile, member_count FROM household "
        f"{where} ORDER BY coalesce(head_name, ''), record_id LIMIT ?", [*params, limit],
    ).fetchall()  # fmt: skip
    return [HouseholdRow(*r) for r in rows]


def counts_by_desa_and_ppks(conn) -> list[tuple[str, str, int]]:
    """(desa name, PPKS code, persons) for active persons."""
    return conn.execute(
        "SELECT p.desa_name, j.value, count(*) FROM person p, json_each(p.ppks) j "
        "WHERE p.status = 'aktif' GROUP BY p.desa_name, j.value ORDER BY p.desa_name, j.value"
    ).fetchall()


def ppks_persons_by_desa(conn) -> list[tuple[str, int]]:
    """(desa name, active persons with at least one PPKS category): each person once, however many categories."""
    return conn.execute(
        "SELECT p.desa_name, count(*) FROM person p WHERE p.status = 'aktif' AND json_array_length(p.ppks) > 0 "
        "GROUP BY p.desa_name ORDER BY p.desa_name"
    ).fetchall()


def practice_records(conn) -> int:
    """Records made in practice mode (training data kept on this laptop, never sent)."""
    return conn.execute("SELECT count(*) FROM record WHERE practice = 1 AND deleted = 0").fetchone()[0]


def totals(conn) -> dict[str, int]:
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "households": one("SELECT count(*) FROM household"),
        "persons": one("SELECT count(*) FROM person"),
        "persons_without_nik": one("SELECT count(*) FROM person WHERE nik IS NULL"),
        "complaints": one("SELECT count(*) FROM complaint"),
        "records": one("SELECT count(*) FROM record WHERE deleted = 0"),
    }


def recent_answers(conn, form_id: str, device_id: str, limit: int) -> list[dict]:
    """The answers of the newest records of a form made on this laptop (`device_id`), newest first."""
    rows = conn.execute(
        "SELECT answers FROM record WHERE form_id = ? AND deleted = 0 AND origin_device = ? "
        "ORDER BY updated_at DESC LIMIT ?",
        (form_id, device_id, limit),
    ).fetchall()
    return [json.loads(r[0]) for r in rows]
