"""Tables the console's work lists page through, kept from the records without touching the write path: the
review flags of each record (`review_flag`), the possible duplicate pairs (`duplicate_pair`) and each desa's
dashboard figures (`area_figure`, crud/figures.py).

Both follow the records by revision. `catch_up` reads the records whose revision lies between the stored cursor
and the counter's committed value (crud/revisions.py `current`: every revision up to it is committed, so none
is passed that commits later) through the `rev` index, rebuilds their flag rows and the pairs of the groups
their persons belong to, and moves the cursor. No cursor yet (a new or upgraded server) or a long backlog
builds the tables whole instead, the pairs in one self-join of `person` per reason through its indexes.

Decided pairs keep their decision here (`decided`) as in `person_link`, which stays the record of it.
"""

from __future__ import annotations

from itertools import combinations

from sqlalchemy import and_, delete, func, insert, literal, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from forms.domain.names import name_key
from server.core.clock import utcnow
from server.crud.figures import recount
from server.crud.records import members_of, text_contains
from server.crud.revisions import current
from server.models import (
    AreaFigure,
    ComplaintAssignment,
    ComplaintStep,
    DuplicatePair,
    Erasure,
    Person,
    PersonLink,
    PersonOverride,
    PersonWord,
    ProjectionCursor,
    Record,
    ReviewFlagRow,
)
from sync.protocol import Kind

NAME = "worklists"
CHUNK = 500
REBUILD_AFTER = 20_000  # a backlog of more revisions than this is rebuilt whole (one pass beats many chunks)
BY_NIK, BY_NAME = "nik", "name_birth"
SEP = "|"


def _cursor(session: Session) -> int | None:
    """The stored cursor (locked for this transaction), or None when there is none yet (then one is made)."""
    row = session.get(ProjectionCursor, NAME, with_for_update=True)
    if row is None:
        savepoint = session.begin_nested()
        try:
            session.add(ProjectionCursor(name=NAME, rev=0))
            session.flush()
        except IntegrityError:  # another request made it first: wait for its build, then follow on from it
            savepoint.rollback()
            return session.get(ProjectionCursor, NAME, with_for_update=True, populate_existing=True).rev
        savepoint.commit()
        return None
    return row.rev


def catch_up(session: Session) -> None:
    """Bring the kept tables up to the newest committed revision (records changed, records erased)."""
    ceiling = current(session)
    seen = session.execute(select(ProjectionCursor.rev).where(ProjectionCursor.name == NAME)).scalar()
    if seen is not None and seen >= ceiling:
        return  # current: no lock taken, so page views never wait on each other
    cursor = _cursor(session)
    if cursor is not None and cursor >= ceiling:
        return
    if cursor is None or ceiling - cursor > REBUILD_AFTER:
        rebuild(session)
    else:
        last = cursor
        while ids := session.execute(
            select(Record.id, Record.rev).where(Record.rev > last, Record.rev <= ceiling)
            .order_by(Record.rev).limit(CHUNK)
        ).all():  # fmt: skip
            refresh(session, [i for i, _ in ids])
            last = ids[-1][1]
    _erased(session, cursor or 0, ceiling)
    session.execute(update(ProjectionCursor).where(ProjectionCursor.name == NAME).values(rev=ceiling))
    session.flush()


def _erased(session: Session, after: int, upto: int) -> None:
    """Records erased for good (crud/erasure.py removes the record row, so no revision of it comes by): what
    the console's tables keep of them goes too — flags, pairs, name words, overrides, steps, assignment — and
    their desa's figures are recounted."""
    gone = session.execute(
        select(Erasure.record_id, Erasure.area).where(Erasure.rev > after, Erasure.rev <= upto)
    ).all()
    for start in range(0, len(gone), CHUNK):
        chunk = gone[start : start + CHUNK]
        ids = [record_id for record_id, _ in chunk]
        refresh(session, ids)
        for model in (ComplaintStep, ComplaintAssignment):
            session.execute(delete(model).where(model.record_id.in_(ids)))
        recount(session, {area for _, area in chunk})


def name_words(name: str) -> list[str]:
    """A name's words, each folded as the name key folds a name ("Nur Haliza" -> ["nur", "aliza"])."""
    return [w for w in dict.fromkeys(name_key(part)[:60] for part in (name or "").split()) if w]


def _override_rows(records: list) -> list[dict]:
    return [{"record_id": record_id, "member_id": m.member_id, "check": check[:80], "area": area,
             "name": m.name[:200], "reason": str(reason)[:500]}
            for record_id, fields, area in records for m in members_of(fields or {})
            for check, reason in m.overrides.items()]  # fmt: skip


def _word_rows(records: list) -> list[dict]:
    return [{"word": word, "record_id": record_id, "member_id": m.member_id}
            for record_id, fields, *_ in records for m in members_of(fields or {}) for word in name_words(m.name)]  # fmt: skip


def _flag_rows(records: list) -> list[dict]:
    rows, now = [], utcnow()
    for record_id, area, deleted, updated_at, flags in records:
        if deleted:
            continue
        for code in dict.fromkeys(str(f.get("code") or "")[:40] for f in flags or [] if isinstance(f, dict)):
            if code:
                rows.append({"record_id": record_id, "code": code, "area": area, "at": updated_at or now})
    return rows


def rebuild(session: Session) -> None:
    """Both tables whole: the flags from the records that carry any, the pairs from `person`'s self-joins."""
    session.execute(delete(ReviewFlagRow))
    last = ""
    flagged = text_contains(Record.__table__.c.review_flags, "code")
    columns = (Record.id, Record.area, Record.deleted, Record.updated_at, Record.review_flags)
    while found := session.execute(
        select(*columns).where(Record.id > last, flagged).order_by(Record.id).limit(CHUNK)
    ).all():  # fmt: skip
        if rows := _flag_rows(found):
            session.execute(insert(ReviewFlagRow), rows)
        last = found[-1][0]
    session.execute(delete(DuplicatePair))
    a, b = aliased(Person), aliased(Person)
    ordered = or_(a.record_id < b.record_id, and_(a.record_id == b.record_id, a.member_id < b.member_id))
    by_nik = select(a.record_id, a.member_id, b.record_id, b.member_id, literal(BY_NIK), a.nik, a.desa, b.desa,
                    literal(False)).join(b, and_(a.nik == b.nik, a.record_id < b.record_id))  # fmt: skip
    by_name = (
        select(a.record_id, a.member_id, b.record_id, b.member_id, literal(BY_NAME),
               func.substr(a.name_key + SEP + a.birth_date, 1, 220), a.desa, b.desa, literal(False))
        .join(b, and_(a.name_key == b.name_key, a.birth_date == b.birth_date, ordered))
        .where(a.name_key != "", a.birth_date.is_not(None))
    )  # fmt: skip
    target = (
        "a_record",
        "a_member",
        "b_record",
        "b_member",
        "reason",
        "group_key",
        "a_area",
        "b_area",
        "decided",
    )
    session.execute(insert(DuplicatePair).from_select(target, by_nik.where(a.nik.is_not(None))))
    # A pair found by NIK is not listed again by name (same person, same birth date: the NIK says more).
    nik_pairs = select(DuplicatePair.a_record).where(
        DuplicatePair.a_record == a.record_id, DuplicatePair.a_member == a.member_id,
        DuplicatePair.b_record == b.record_id, DuplicatePair.b_member == b.member_id)  # fmt: skip
    session.execute(insert(DuplicatePair).from_select(target, by_name.where(~nik_pairs.exists())))
    _mark_decided(session, None)
    session.execute(delete(PersonWord))
    session.execute(delete(PersonOverride))
    last = ""
    households = (Record.kind == Kind.HOUSEHOLD.value, Record.deleted.is_(False))
    while found := session.execute(
        select(Record.id, Record.fields, Record.area).where(Record.id > last, *households).order_by(Record.id).limit(CHUNK)
    ).all():  # fmt: skip
        if rows := _word_rows(found):
            session.execute(insert(PersonWord), rows)
        if rows := _override_rows(found):
            session.execute(insert(PersonOverride), rows)
        last = found[-1][0]
    session.execute(delete(AreaFigure))
    recount(session, set(session.execute(select(Record.area).distinct()).scalars()))
    session.flush()


def _mark_decided(session: Session, pairs: list[tuple] | None) -> None:
    """Copy `person_link`'s decisions onto the pairs (all of them when `pairs` is None)."""
    links = select(PersonLink.a_record, PersonLink.a_member, PersonLink.b_record, PersonLink.b_member)
    key = tuple_(
        DuplicatePair.a_record, DuplicatePair.a_member, DuplicatePair.b_record, DuplicatePair.b_member
    )
    if pairs is not None:
        if not pairs:
            return
        links = links.where(tuple_(PersonLink.a_record, PersonLink.a_member, PersonLink.b_record,
                                   PersonLink.b_member).in_(pairs))  # fmt: skip
    by_decision: dict[str, list[tuple]] = {}
    for a_rec, a_mem, b_rec, b_mem, decision in session.execute(links.add_columns(PersonLink.decision)):
        by_decision.setdefault(decision, []).append((a_rec, a_mem, b_rec, b_mem))
    for decision, decided in by_decision.items():
        for start in range(0, len(decided), CHUNK):
            session.execute(update(DuplicatePair).where(key.in_(decided[start : start + CHUNK]))
                            .values(decided=True, decision=decision))  # fmt: skip


def refresh(session: Session, ids: list[str]) -> None:
    """The flag rows of these records and the pairs of every group their persons are (or were) in."""
    session.flush()
    session.execute(delete(ReviewFlagRow).where(ReviewFlagRow.record_id.in_(ids)))
    columns = (Record.id, Record.area, Record.deleted, Record.updated_at, Record.review_flags)
    found = session.execute(select(*columns).where(Record.id.in_(ids))).all()
    if rows := _flag_rows(found):
        session.execute(insert(ReviewFlagRow), rows)
    recount(session, {area for _, area, *_ in found})
    session.execute(delete(PersonWord).where(PersonWord.record_id.in_(ids)))
    session.execute(delete(PersonOverride).where(PersonOverride.record_id.in_(ids)))
    households = session.execute(select(Record.id, Record.fields, Record.area).where(
        Record.id.in_(ids), Record.kind == Kind.HOUSEHOLD.value, Record.deleted.is_(False))).all()  # fmt: skip
    if rows := _word_rows(households):
        session.execute(insert(PersonWord), rows)
    if rows := _override_rows(households):
        session.execute(insert(PersonOverride), rows)
    gone = select(DuplicatePair.group_key).where(
        or_(DuplicatePair.a_record.in_(ids), DuplicatePair.b_record.in_(ids))
    )
    groups = set(session.execute(gone).scalars())
    persons = session.execute(
        select(Person.nik, Person.name_key, Person.birth_date).where(Person.record_id.in_(ids))
    )
    for nik, key, born in persons:
        if nik:
            groups.add(nik)
        if key and born:
            groups.add(f"{key}{SEP}{born}"[:220])
    groups = sorted(groups)
    for start in range(0, len(groups), CHUNK):
        _regroup(session, groups[start : start + CHUNK])


def _regroup(session: Session, groups: list[str]) -> None:
    """Every pair of these groups again, from the persons now in them (indexed lookups by NIK and name)."""
    session.execute(delete(DuplicatePair).where(DuplicatePair.group_key.in_(groups)))
    niks = [g for g in groups if SEP not in g]
    names = [tuple(g.split(SEP, 1)) for g in groups if SEP in g]
    members: dict[tuple[str, str], list] = {}
    if niks:
        for p in session.execute(select(Person).where(Person.nik.in_(niks))).scalars():
            members.setdefault((BY_NIK, p.nik), []).append(p)
    if names:
        query = select(Person).where(tuple_(Person.name_key, Person.birth_date).in_(names))
        for p in session.execute(query).scalars():
            members.setdefault((BY_NAME, f"{p.name_key}{SEP}{p.birth_date}"[:220]), []).append(p)
    rows: dict[tuple, dict] = {}
    for (reason, group), persons in sorted(members.items()):
        for one, two in combinations(sorted(persons, key=lambda p: (p.record_id, p.member_id)), 2):
            if reason == BY_NIK and one.record_id == two.record_id:
                continue
            key = (one.record_id, one.member_id, two.record_id, two.member_id)
            if key not in rows:  # by NIK first: a pair found by NIK is not listed again by name
                rows[key] = dict(zip(("a_record", "a_member", "b_record", "b_member"), key, strict=True)) | {
                    "reason": reason, "group_key": group, "a_area": one.desa, "b_area": two.desa, "decided": False}  # fmt: skip
    if rows:
        existing = session.execute(select(DuplicatePair.a_record, DuplicatePair.a_member, DuplicatePair.b_record,
                                          DuplicatePair.b_member).where(tuple_(DuplicatePair.a_record,
                                          DuplicatePair.a_member, DuplicatePair.b_record, DuplicatePair.b_member)
                                          .in_(list(rows)))).all()  # fmt: skip
        for key in existing:  # the same pair in another group (by NIK and by name): kept once
            rows.pop(tuple(key), None)
        session.execute(insert(DuplicatePair), list(rows.values()))
        _mark_decided(session, list(rows))
