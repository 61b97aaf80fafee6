"""The console's person search: a name lists the matching persons (not households), each with their household,
best matches first — the whole name as typed, then its words in the reverse order ("Rahman Wati" finds "Wati
Rahman"), then any person whose name has every word typed (a word may be the start of one) — through the
`person_word` index, one range per word typed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import case, select, tuple_
from sqlalchemy.orm import Session

from forms.domain.names import name_key
from server.crud.lists import ListFilters, Paged, area_clause, paged
from server.crud.projections import catch_up, name_words
from server.crud.records import desa_name, members_of
from server.models import Person, PersonWord, Record

MAX_WORDS = 5


@dataclass(frozen=True)
class PersonRow:
    record_id: str
    member_id: str
    name: str
    sex: str
    birth_date: str
    relation: str
    nik: str
    area: str
    desa_name: str
    head: str
    no_kk: str


def _matching(words: list[str]):  # noqa: ANN202 - a select of (record_id, member_id)
    """Persons with a word starting with each typed word (the last the widest: typing goes on)."""
    query = None
    for word in words:
        hits = select(PersonWord.record_id, PersonWord.member_id).where(
            PersonWord.word >= word, PersonWord.word < word[:-1] + chr(ord(word[-1]) + 1)
        )  # the words that start with `word`: [rahm, rahn) — one range of the key in any collation
        query = hits if query is None else query.intersect(hits)
    return query.subquery()


def _rows(session: Session, found: list) -> list[PersonRow]:
    ids = {r[0] for r in found}
    fields = (
        dict(session.execute(select(Record.id, Record.fields).where(Record.id.in_(ids))).all()) if ids else {}
    )
    rows = []
    for record_id, member_id, desa, nik in found:
        answers = fields.get(record_id) or {}
        m = next((m for m in members_of(answers) if m.member_id == member_id), None)
        if m is not None:
            rows.append(PersonRow(record_id=record_id, member_id=member_id, name=m.name, sex=m.sex,
                                  birth_date=m.birth_date, relation=m.relation, nik=nik or "", area=desa,
                                  desa_name=desa_name(desa), head=str(answers.get("kepala_keluarga") or ""),
                                  no_kk=str(answers.get("no_kk") or "")))  # fmt: skip
    return rows


def search_persons(session: Session, *, scope: str, filters: ListFilters) -> Paged:
    """One page of the persons `scope` may see whose name matches `filters.q`, best first, and the count."""
    words = name_words(filters.q)[:MAX_WORDS]
    if not words:
        return Paged(rows=[], total=0, page=1, pages=1)
    catch_up(session)
    hits = _matching(words)
    whole, reverse = name_key(filters.q), "".join(reversed(words))
    rank = case((Person.name_key == whole, 0), (Person.name_key == reverse, 1), else_=2)
    query = select(Person.record_id, Person.member_id, Person.desa, Person.nik).join(
        hits, (hits.c.record_id == Person.record_id) & (hits.c.member_id == Person.member_id)
    ).where(*area_clause(Person.desa, scope, filters.area))  # fmt: skip
    found, total, page, pages = paged(session, query, [rank, Person.name_key, Person.record_id, Person.member_id],
                                      filters.page)  # fmt: skip
    rows = _rows(session, found)
    return Paged(rows=rows, total=total, page=page, pages=pages)


KEYSET_CHUNK = 1000


def all_persons(
    session: Session, *, scope: str, area: str = "", chunk: int = KEYSET_CHUNK
) -> Iterator[PersonRow]:
    """Every person `scope` may see (in `area`), by household and member: keyset chunks of the person table's
    primary key, each chunk's households read once — memory flat whatever the district's size."""
    last, chunk = ("", ""), chunk or KEYSET_CHUNK
    while True:
        found = session.execute(
            select(Person.record_id, Person.member_id, Person.desa, Person.nik)
            .where(*area_clause(Person.desa, scope, area), tuple_(Person.record_id, Person.member_id) > last)
            .order_by(Person.record_id, Person.member_id).limit(chunk)
        ).all()  # fmt: skip
        if not found:
            return
        yield from _rows(session, found)
        last = (found[-1][0], found[-1][1])
        session.expunge_all()
