"""What a device (or a user) may pull since a cursor: records, complaint events, forms, reference data, the
person links the district confirmed and the records it erased for good (purges).

The counter's committed value is read first: every revision up to it is committed (crud/revisions.py), so
the page is cut at that value and, when fewer rows than a page remain, the cursor may jump to it — past
rows of other areas — without ever passing a row that commits later.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.core.clock import aware
from server.crud.revisions import current
from server.models import (
    ComplaintEventRow,
    ConflictLog,
    Erasure,
    FormDefinition,
    PersonLink,
    PersonLinkWithdrawal,
    Record,
    ReferenceDataRow,
)
from server.scope import in_scope
from sync.paths import unflatten
from sync.protocol import (
    ComplaintEvent,
    ConflictNote,
    FormUpdate,
    PulledRecord,
    PullPage,
    Purge,
    ReferenceData,
    ReviewFlag,
)
from sync.protocol import PersonLink as PersonLinkMessage

RECORD = Record.__table__
EVENT = ComplaintEventRow.__table__


def pulled_record(row) -> PulledRecord:  # noqa: ANN001 - a result row of the record table
    return PulledRecord(record_id=row.id, kind=row.kind, form_id=row.form_id, form_version=row.form_version,
                        area=row.area, answers=unflatten(row.fields or {}), clocks=row.clocks or {}, rev=row.rev,
                        deleted=row.deleted, review_flags=[ReviewFlag(**f) for f in (row.review_flags or [])],
                        origin_device=row.origin_device, created_by=row.created_by, reference=row.reference)  # fmt: skip


def _link_message(link: PersonLink) -> PersonLinkMessage:
    return PersonLinkMessage(link_id=link.id, record_id=link.a_record, member_id=link.a_member,
                             other_record_id=link.b_record, other_member_id=link.b_member, by=link.decided_by,
                             at=aware(link.decided_at).isoformat().replace("+00:00", "Z"), rev=link.rev)  # fmt: skip


def _withdrawal_message(w: PersonLinkWithdrawal) -> PersonLinkMessage:
    return PersonLinkMessage(link_id=w.id, record_id=w.a_record, member_id=w.a_member, other_record_id=w.b_record,
                             other_member_id=w.b_member, by=w.withdrawn_by, at=_iso(w.withdrawn_at), rev=w.rev,
                             withdrawn=True)  # fmt: skip


def _iso(moment) -> str:  # noqa: ANN001 - a datetime
    return aware(moment).isoformat().replace("+00:00", "Z")


def pull_page(session: Session, *, scope: str, cursor: int, limit: int) -> PullPage:
    """The next page after `cursor` of what `scope` may see ("" = the whole district)."""
    ceiling = current(session)
    window = lambda col: (col > cursor) & (col <= ceiling)  # noqa: E731
    records_q = select(RECORD).where(window(RECORD.c.rev)).order_by(RECORD.c.rev).limit(limit + 1)
    events_q = select(EVENT).where(window(EVENT.c.rev)).order_by(EVENT.c.rev).limit(limit + 1)
    if scope:
        records_q = records_q.where(in_scope(RECORD.c.area, scope))
        events_q = events_q.where(in_scope(EVENT.c.area, scope))
    items: list[tuple[int, str, object]] = []
    items += [(r.rev, "record", pulled_record(r)) for r in session.execute(records_q)]
    items += [(e.rev, "event", ComplaintEvent(event_id=e.id, record_id=e.record_id, step=e.step, at=e.at, by=e.by,
                                              note=e.note, referral=e.referral, rev=e.rev))
              for e in session.execute(events_q)]  # fmt: skip
    forms_q = (
        select(FormDefinition).where(window(FormDefinition.rev)).order_by(FormDefinition.rev).limit(limit + 1)
    )
    items += [(f.rev, "form", FormUpdate(form_id=f.form_id, version=f.version, definition=f.definition))
              for f in session.execute(forms_q).scalars()]  # fmt: skip
    ref_q = (
        select(ReferenceDataRow)
        .where(window(ReferenceDataRow.rev))
        .order_by(ReferenceDataRow.rev)
        .limit(limit + 1)
    )
    items += [(r.rev, "reference", ReferenceData(name=r.name, version=r.version, data=r.data))
              for r in session.execute(ref_q).scalars()]  # fmt: skip
    links_q = (
        select(PersonLink)
        .where(PersonLink.decision == "linked", window(PersonLink.rev))
        .order_by(PersonLink.rev)
        .limit(limit + 1)
    )
    if scope:  # a link reaches every device that holds either person
        links_q = links_q.where(in_scope(PersonLink.a_area, scope) | in_scope(PersonLink.b_area, scope))
    items += [(link.rev, "link", _link_message(link)) for link in session.execute(links_q).scalars()]
    taken_back_q = (
        select(PersonLinkWithdrawal)
        .where(window(PersonLinkWithdrawal.rev))
        .order_by(PersonLinkWithdrawal.rev)
        .limit(limit + 1)
    )
    if scope:
        taken_back_q = taken_back_q.where(
            in_scope(PersonLinkWithdrawal.a_area, scope) | in_scope(PersonLinkWithdrawal.b_area, scope)
        )
    items += [(w.rev, "link", _withdrawal_message(w)) for w in session.execute(taken_back_q).scalars()]
    purges_q = (
        select(Erasure.record_id, Erasure.rev)
        .where(window(Erasure.rev))
        .order_by(Erasure.rev)
        .limit(limit + 1)
    )
    if scope:
        purges_q = purges_q.where(in_scope(Erasure.area, scope))
    items += [(rev, "purge", Purge(record_id=rid, rev=rev)) for rid, rev in session.execute(purges_q)]
    items.sort(key=lambda item: item[0])
    has_more = len(items) > limit
    items = items[:limit]
    next_cursor = items[-1][0] if has_more else max(ceiling, cursor)
    page = PullPage(cursor=cursor, next_cursor=next_cursor, has_more=has_more)
    for _, kind, item in items:
        {
            "record": page.records,
            "event": page.events,
            "form": page.forms,
            "reference": page.reference,
            "link": page.person_links,
            "purge": page.purges,
        }[kind].append(item)
    _attach_conflicts(session, page.records)
    return page


def _attach_conflicts(session: Session, records: list[PulledRecord]) -> None:
    """Each pulled record carries its open conflict-log entries (one query per page), so a device learns
    which of its sent edits lost to a concurrent one — only the server can tell concurrent from later."""
    by_id = {r.record_id: r for r in records}
    if not by_id:
        return
    rows = session.execute(
        select(ConflictLog.record_id, ConflictLog.path, ConflictLog.winner, ConflictLog.loser)
        .where(ConflictLog.record_id.in_(list(by_id)), ConflictLog.resolved.is_(False))
        .order_by(ConflictLog.id)
    )
    for record_id, path, winner, loser in rows:
        by_id[record_id].conflicts.append(
            ConflictNote(
                path=path,
                winner_value=winner.get("value"),
                winner_stamp=winner.get("stamp", ""),
                loser_value=loser.get("value"),
                loser_stamp=loser.get("stamp", ""),
            )  # fmt: skip
        )
