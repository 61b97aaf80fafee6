"""What a pushed batch writes: the records as the batch sees them while applying (`Working`), the accepted
changes waiting for their revision (`Applied`), and `write`, which stores them all and takes the revisions
last (docs/sync-protocol.md#push; crud/revisions.py explains why the pull cursor then never skips a row).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.crud import care
from server.crud.audit import audit_many
from server.crud.bulk import insert_rows, prepare_rows, write_rows
from server.crud.persons import decile_of, person_rows
from server.crud.revisions import path_revisions, stored_path_revisions, take
from server.models import ChangeLog, ComplaintEventRow, ConflictLog, Person, Record
from sync.merge import RecordState
from sync.protocol import Change, Kind

RECORD_TABLE = Record.__table__
HOUSEHOLD = Kind.HOUSEHOLD.value
CHANGE_LOG_TABLE = ChangeLog.__table__


# The record row's columns a batch carries, named as `server.models.Record` names them (their one list): the
# fields, clocks and path revisions are read into the merge state instead; the decile and the update time are
# written anew.
CARRIED = tuple(
    name
    for name in RECORD_TABLE.c.keys()
    if name not in {"fields", "clocks", "path_revs", "decile", "updated_at"}
)


class Working:
    """A record as this batch sees it while applying changes in order: the row's `CARRIED` columns as
    attributes of the same names (`id`, `kind`, `area`, `rev`, `review_flags`…), its merge state, and what
    the batch will write."""

    __slots__ = (*CARRIED, "state", "path_revs", "new", "touched", "persons")

    def __init__(self, columns: Mapping[str, Any], state: RecordState, path_revs: dict[str, int], *,
                 new: bool = False):  # fmt: skip
        for name in CARRIED:
            setattr(self, name, columns[name])
        self.review_flags: list[dict] = list(self.review_flags or [])
        self.state, self.path_revs, self.new = state, path_revs, new
        self.touched = False
        self.persons: list[dict] | None = None  # projection rows to write (households), None = unchanged

    @classmethod
    def from_row(cls, row: Any) -> Working:
        # A batch marks the paths it changes 0, "the record's rev", and stores them without a revision
        # (revisions.path_revisions gives every path its revision back).
        path_revs = path_revisions(row.path_revs, row.clocks, row.rev)
        return cls(row._mapping, RecordState(dict(row.fields or {}), dict(row.clocks or {})), path_revs)


@dataclass
class Applied:
    """One accepted change, waiting for its revision number."""

    index: int  # position of its result
    change: Change
    digest: str
    record: Working | None
    conflicts: list
    action: str
    event: dict | None = None


def write(
    session: Session,
    *,
    device_id: str,
    batch_id: str,
    records: dict[str, Working],
    applied: list[Applied],
    results: list,
    batch_audit: dict,
) -> None:
    """Everything that needs no revision first; then take the revisions and write what carries them.

    From taking the counter (crud/revisions.py) to commit, other batches wait: only the new records and
    change-log rows — converted beforehand, so what remains is COPY — and one statement setting the
    revisions of records that existed go there. Inserting a new record with its revision costs
    PostgreSQL about what updating the revision later did (~the same serial part), and saves rewriting
    every such row and its five index entries a second time. `batch_audit` is the batch's own audit
    row, written with the changes' rows in one statement."""
    now = utcnow()
    touched = [w for w in records.values() if w.touched]

    def values(w: Working) -> dict:
        # A new record's paths were all set by this batch (0: "the record's rev"): nothing to store.
        path_revs = {} if w.new else stored_path_revisions(w.path_revs)
        return dict(kind=w.kind, form_id=w.form_id, form_version=w.form_version, area=w.area,
                    fields=w.state.fields, clocks=w.state.clocks, path_revs=path_revs, rev=None,
                    deleted=w.deleted, review_flags=w.review_flags, reference=w.reference,
                    decile=decile_of(w.state.fields.get("desil")) if w.kind == HOUSEHOLD else None,
                    updated_at=now)  # fmt: skip

    created = [w for w in touched if w.new]
    new_records = prepare_rows(session, RECORD_TABLE, [
        dict(id=w.id, origin_device=w.origin_device, created_by=w.created_by, created_at=w.created_at or now,
             **values(w)) for w in created
    ])  # fmt: skip
    change_log = prepare_rows(session, CHANGE_LOG_TABLE, [
        dict(device_id=device_id, change_id=item.change.change_id, digest=item.digest,
             record_id=item.change.record_id, batch_id=batch_id[:64],
             result=results[item.index].model_dump(mode="json", exclude={"rev"}), rev=None, received_at=now)
        for item in applied
    ])  # fmt: skip
    old = [dict(b_id=w.id, **values(w)) for w in touched if not w.new]
    if old:
        session.execute(
            update(RECORD_TABLE).where(RECORD_TABLE.c.id == bindparam("b_id")).execution_options(synchronize_session=False),
            old,
        )  # fmt: skip
    conflicts = [
        dict(record_id=item.change.record_id, path=c.path,
             winner={"stamp": c.winner_stamp, "device": c.winner_device, "value": c.winner_value},
             loser={"stamp": c.loser_stamp, "device": c.loser_device, "value": c.loser_value},
             device_id=device_id, change_id=item.change.change_id, at=now, resolved=False)
        for item in applied for c in item.conflicts
    ]  # fmt: skip
    insert_rows(session, ConflictLog.__table__, conflicts)
    _write_persons(session, [w for w in touched if w.persons is not None])
    care.write_rows(session, touched)
    audit_many(session, rows=[batch_audit, *(
        dict(actor=f"device:{device_id}", action=item.action,
             target=f"{'event' if item.event else 'record'}:{item.change.record_id}",
             area=(item.record.area if item.record else item.event["area"]), at=now,
             detail={"change_id": item.change.change_id, "status": results[item.index].status.value,
                     "conflicts": len(item.conflicts)})
        for item in applied
    )])  # fmt: skip
    _take_and_write(session, touched, created, new_records, change_log, applied, results)


def _take_and_write(
    session: Session,
    touched: list[Working],
    created: list[Working],
    new_records: Any,
    change_log: Any,
    applied: list[Applied],
    results: list,
) -> None:
    """Take the batch's revisions, write the rows that carry them and answer each result its revision."""
    record_offsets: dict[str, int] = {}
    for ordinal, item in enumerate(applied):
        if item.record is not None:
            record_offsets[item.record.id] = ordinal  # a record changed twice ends with its last change's rev
    # --- the serial part: from here to commit, other batches wait for the counter row ---
    first = take(session, count=len(applied), targets={
        "record": [((w.id,), record_offsets[w.id]) for w in touched if not w.new],
    })  # fmt: skip
    new_records.set_column("rev", [first + record_offsets[w.id] for w in created])
    write_rows(session, new_records)
    change_log.set_column("rev", [first + ordinal for ordinal in range(len(applied))])
    write_rows(session, change_log)
    for ordinal, item in enumerate(applied):
        rev = first + ordinal
        results[item.index].rev = rev
        if item.record is not None:
            item.record.rev = rev
        if item.event is not None:
            item.event["rev"] = rev
    events = [item.event for item in applied if item.event is not None]
    if events:
        session.execute(insert(ComplaintEventRow), events)


def _write_persons(session: Session, households: list[Working]) -> None:
    """Replace the person rows of the households this batch changed."""
    if not households:
        return
    ids = [w.id for w in households if not w.new]
    if ids:
        session.execute(delete(Person).where(Person.record_id.in_(ids)))
    rows = [
        row
        for w in households
        for row in person_rows(w.id, w.area, w.state.fields.get("no_kk"), w.persons or [])
    ]
    insert_rows(session, Person.__table__, rows)
