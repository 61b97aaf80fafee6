"""Read-only queries over the projections: paged lists, search, lookups, counts. Lists read projections only."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from forms.domain import regions
from forms.domain.names import name_key
from forms.domain.nik import normalize_digits

PERSON_SORTS = {
    "name": "p.name COLLATE NOCASE",
    "nik": "p.nik",
    "desa": "p.desa_name",
    "birth_date": "p.birth_date",
}
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


def name_suffixes(name: str | None) -> set[str]:
    """The folded name from each of its words to its end: "Siti Nur Haliza" -> sitinurhaliza, nurhaliza, haliza.

    A typed prefix of any of these finds the name, so a word typed alone, several words typed together
    ("nurhaliza" for "Nur Haliza") and the whole name all reach it with one range scan.
    """
    words = (name or "").split()
    return {key for key in (name_key(" ".join(words[i:])) for i in range(len(words))) if key}


def person_words(name: str | None) -> set[str]:
    """What `search_word` holds for a person (kind 'person'); NIK, No. KK and desa are searched elsewhere."""
    return name_suffixes(name)


def complaint_words(subject_name: str | None, subject_nik: str | None, reference: str | None,
                    desa_name: str | None) -> set[str]:  # fmt: skip
    """What `search_word` holds for a complaint: few rows, so NIK, receipt number and desa go in too."""
    digits = normalize_digits(reference or "")
    digits = digits[digits.find("-") + 1 :] if "-" in digits else digits
    words = name_suffixes(subject_name) | name_suffixes(desa_name)
    words |= {w for w in (subject_nik, "".join(ch for ch in (reference or "") if ch.isdigit()), digits) if w}
    return words


def _after(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (the range scan's upper bound)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@functools.lru_cache(maxsize=8)
def _desa_names(area: str, version: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(desa code, folded name suffixes) for every desa under `area`, from the region snapshot."""
    out, stack = [], [area]
    while stack:
        for child in regions.children(stack.pop()):
            if child.level == "desa":
                out.append((child.code, frozenset(name_suffixes(child.name))))
            else:
                stack.append(child.code)
    root = regions.get(area)
    if root is not None and root.level == "desa":
        out.append((root.code, frozenset(name_suffixes(root.name))))
    return tuple(out)


def desa_codes(area: str | None, prefix: str) -> list[str]:
    """Desa codes under `area` whose name has a word starting with the folded `prefix`."""
    if not area or not prefix:
        return []
    return [code for code, names in _desa_names(area, regions.loaded_version())
            if any(n.startswith(prefix) for n in names)]  # fmt: skip


def _token(token: str) -> tuple[str, str]:
    """('digits', d) for a NIK/No. KK/number prefix, ('name', folded) for a name word, ('', '') for neither."""
    digits = normalize_digits(token)
    if digits.isdigit():
        return "digits", digits
    folded = name_key(token)
    return ("name", folded) if folded else ("", "")


# A typed word that drives the search from its own index rows while it finds at most this many persons; when
# every word finds more, the persons are walked in the list's order instead and the first page comes at once.
DENSE = 10_000


@dataclass(frozen=True)
class _Word:
    """One typed word: where its persons come from (`driver`), how a person row is checked (`check`), and
    the driver's index ranges, counted (capped) to pick the cheapest driver."""

    driver: str
    driver_params: list
    check: str
    check_params: list
    counts: tuple[tuple[str, list], ...]


def _word(kind: str, value: str, area: str | None) -> _Word:
    bounds = [value, _after(value)]
    if kind == "digits":
        return _Word(
            "SELECT record_id, member_id FROM person WHERE nik >= ? AND nik < ? UNION "
            "SELECT p.record_id, p.member_id FROM household h JOIN person p ON p.record_id = h.record_id "
            "WHERE h.no_kk >= ? AND h.no_kk < ?", bounds * 2,
            "((p.nik >= ? AND p.nik < ?) OR EXISTS (SELECT 1 FROM household kk WHERE kk.record_id = p.record_id "
            "AND kk.no_kk >= ? AND kk.no_kk < ?))", bounds * 2,
            (("SELECT 1 FROM person WHERE nik >= ? AND nik < ?", bounds),
             ("SELECT 1 FROM household h JOIN person p ON p.record_id = h.record_id WHERE h.no_kk >= ? "
              "AND h.no_kk < ?", bounds)),
        )  # fmt: skip
    words = "SELECT record_id, member_id FROM search_word WHERE kind = 'person' AND word >= ? AND word < ?"
    probe = ("EXISTS (SELECT 1 FROM search_word w WHERE w.record_id = p.record_id AND w.member_id = p.member_id "
             "AND w.kind = 'person' AND w.word >= ? AND w.word < ?)")  # fmt: skip
    codes = desa_codes(area, value)
    if not codes:
        return _Word(words, bounds, probe, bounds, ((words, bounds),))
    marks = ", ".join("?" * len(codes))
    in_desa = f"SELECT record_id, member_id FROM person WHERE desa IN ({marks})"
    return _Word(f"{words} UNION {in_desa}", [*bounds, *codes], f"({probe} OR p.desa IN ({marks}))",
                 [*bounds, *codes], ((words, bounds), (in_desa, codes)))  # fmt: skip


def _capped_count(conn, word: _Word) -> int:
    return sum(conn.execute(f"SELECT count(*) FROM ({sql} LIMIT {DENSE + 1})", params).fetchone()[0]
               for sql, params in word.counts)  # fmt: skip


def _typed_words(text: str, area: str | None) -> tuple[list[_Word], _Word | None]:
    """The typed words, and the whole text folded as one name when several words were typed."""
    tokens = list(dict.fromkeys(t for t in (_token(w) for w in text.split()) if t[0]))
    words = [_word(kind, value, area) for kind, value in tokens]
    whole = name_key(text)
    if len(tokens) > 1 and whole and not normalize_digits(text).isdigit():
        return words, _word("name", whole, None)
    return words, None


def complaint_matches(text: str) -> tuple[str, list] | None:
    """A compound SELECT of the complaint record ids the typed text finds (every word, or the whole text)."""
    words = [v for _, v in (_token(w) for w in text.split()) if v]
    if not words:
        return None
    one = "SELECT record_id FROM search_word WHERE kind = 'complaint' AND word >= ? AND word < ?"
    sql = " INTERSECT ".join([one] * len(words))
    params = [x for w in words for x in (w, _after(w))]
    whole = normalize_digits(text) if normalize_digits(text).isdigit() else name_key(text)
    if len(words) > 1 and whole:
        sql = f"SELECT * FROM ({sql}) UNION {one}"
        params += [whole, _after(whole)]
    return sql, params


def _person(row) -> PersonRow:
    return PersonRow(row[0], row[1], row[2] or "", row[3], row[4], row[5], row[6], row[7], row[8], row[9],
                     json.loads(row[10] or "[]"), row[11], row[12], json.loads(row[13] or "[]"))  # fmt: skip


_PERSON_COLUMNS = ("p.record_id, p.member_id, p.name, p.nik, p.no_nik_reason, p.sex, p.birth_date, p.desa, "
                   "p.desa_name, p.status, p.ppks, h.no_kk, h.head_name, p.disability")  # fmt: skip


def persons(conn, *, query: str = "", sort: str = "name", descending: bool = False, offset: int = 0,
            limit: int = 100, without_nik: bool = False, area: str | None = None,
            count_cap: int | None = None) -> Page:  # fmt: skip
    """See _persons; its statements read one snapshot (a save between them would renumber person rows)."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        return _persons(conn, query=query, sort=sort, descending=descending, offset=offset, limit=limit,
                        without_nik=without_nik, area=area, count_cap=count_cap)  # fmt: skip
    finally:
        if own:
            conn.execute("COMMIT")


def _persons(conn, *, query: str, sort: str, descending: bool, offset: int, limit: int, without_nik: bool,
             area: str | None, count_cap: int | None) -> Page:  # fmt: skip
    """A page of persons, searched (name variants, NIK, No. KK, desa under `area`) and sorted.

    Every typed word must find the person (a word of the name, the NIK, the No. KK or the desa name starts with
    it), or the whole text folded as one name must ("Nur Haliza" finds "Nurhaliza"). The order always ends in
    (record_id, member_id), so pages are stable. With `count_cap`, a search whose every word finds very many
    persons counts only up to the cap (Page.exact is then False) — search-as-you-type; exports count all.
    """
    order = PERSON_SORTS.get(sort, PERSON_SORTS["name"]) + (" DESC" if descending else "")
    order_by = f"ORDER BY {order}, p.record_id, p.member_id"
    no_nik = " AND p.nik IS NULL" if without_nik else ""
    if not query.strip():
        total = conn.execute(f"SELECT count(*) FROM person p WHERE 1 = 1{no_nik}").fetchone()[0]
        return Page(
            _person_rows(conn, f"FROM person p WHERE 1 = 1{no_nik} {order_by}", [], offset, limit), total
        )
    words, whole = _typed_words(query, area)
    if not words:  # only punctuation typed: nothing to search for
        return Page([], 0)
    counts = [_capped_count(conn, w) for w in words]
    best = min(range(len(words)), key=counts.__getitem__)
    others = [w for i, w in enumerate(words) if i != best]
    check = " AND ".join(w.check for w in others) or "1 = 1"
    check_params = [x for w in others for x in w.check_params]
    if whole is not None:
        check = f"(({check}) OR {whole.check})"
        check_params += whole.check_params
    if counts[best] <= DENSE:  # drive from the rarest word's own index rows, then check the others per person
        driver, driver_params = words[best].driver, list(words[best].driver_params)
        if whole is not None:
            driver, driver_params = f"{driver} UNION {whole.driver}", driver_params + whole.driver_params
        keys = conn.execute(
            f"SELECT p.rowid FROM ({driver}) s JOIN person p ON p.record_id = s.record_id "
            f"AND p.member_id = s.member_id WHERE {check}{no_nik} {order_by}", [*driver_params, *check_params],
        ).fetchall()  # fmt: skip
        return Page(_persons_by_rowid(conn, [k[0] for k in keys[offset : offset + limit]]), len(keys))
    # Every word finds very many persons: walk the persons in the list's order and check each word.
    check = f"{check} AND {words[best].check}"
    check_params += words[best].check_params
    hint = " INDEXED BY person_name" if sort == "name" and not without_nik else ""
    capped = f" LIMIT {count_cap + 1}" if count_cap else ""
    total = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM person p WHERE {check}{no_nik}{capped})",
                         check_params).fetchone()[0]  # fmt: skip
    rows = _person_rows(
        conn, f"FROM person p{hint} WHERE {check}{no_nik} {order_by}", check_params, offset, limit
    )
    if count_cap and total > count_cap:
        return Page(rows, count_cap, exact=False)
    return Page(rows, total)


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
