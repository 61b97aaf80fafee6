"""Apply one pushed batch: one transaction, one result per change (docs/sync-protocol.md#push,
docs/sync-protocol.md#merge-then-validate).

For each change, in order: idempotency on (device_id, change_id) with the change's hash (a true retry is a
`duplicate` with the result it had; the same id with another body is `change_id_reused`); the form version
must be known; the record must be and stay inside the device's area; server-owned fields are refused;
stamps far in the future are clamped; the fields merge per path with `sync.merge` (a path another device
changed after the change's `base_rev` is a concurrent edit: the later stamp wins, the loser is logged);
the merged record is validated with `forms.validate`.

Which validation errors reject a change and which only flag the record: when no other device changed the
record since the change's `base_rev` (or the record is new), the merged record *is* what the device saw, so
any error is the device's and the change is rejected. When another device's edits were merged in, an error
on a path this change wrote that is wrong on its own (a bad type, an unknown choice, a malformed NIK) still
rejects the change; cross-field errors (required, constraints, NIK vs sex/birth date) can arise from two
edits each valid alone, so the merge is kept and the record is flagged `merged_invalid` for review — no
edit is lost. Rejected changes write nothing and are not logged, so a corrected resend is judged afresh.

Revisions are taken at the end (crud/revisions.py explains why the pull cursor then never skips a row).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from forms.definition import FormDef
from forms.problems import Problem
from forms.projection import project
from forms.registry import UnknownForm
from forms.validate import validate
from server.core.clock import now_ms as clock_now_ms
from server.core.clock import utcnow
from server.crud.audit import audit, audit_many
from server.crud.bulk import insert_rows, prepare_rows, write_rows
from server.crud.forms import get_form
from server.crud.persons import decile_of, person_rows
from server.crud.revisions import path_revisions, stored_path_revisions, take
from server.crud.worklist import refresh
from server.models import ChangeLog, ComplaintEventRow, ConflictLog, Device, Person, Record
from server.scope import covers
from sync.hlc import DAY_MS, Stamp, clamp_batch, device_of
from sync.merge import MergeResult, RecordState, merge, same_value
from sync.paths import DELETED, record_deleted, unflatten
from sync.protocol import (
    Change,
    ChangeResult,
    ComplaintStep,
    Kind,
    PushBatch,
    PushResponse,
    Rejection,
    ResultStatus,
    ReviewFlag,
    rejection,
)
from sync.reference import owned_by

CROSS_FIELD_CODES = {"required", "constraint", "nik_sex_mismatch", "nik_birth_date_mismatch"}
MERGED_INVALID = "merged_invalid"
MAX_REJECTIONS = 50
MAX_PATH = 512
STAMP_RE = re.compile(r"[0-9]{13}-[0-9a-f]{4}-.+\Z", re.ASCII)  # sync.hlc.Stamp's text form
STAMP_LINES_RE = re.compile(r"(?:[0-9]{13}-[0-9a-f]{4}-.+\n)*\Z", re.ASCII)  # the same, one per line
RECORD_TABLE = Record.__table__
HOUSEHOLD = Kind.HOUSEHOLD.value
CHANGE_LOG_TABLE = ChangeLog.__table__
DEVICE_TABLE = Device.__table__


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
class _Applied:
    """One accepted change, waiting for its revision number."""

    index: int  # position of its result
    change: Change
    digest: str
    record: Working | None
    conflicts: list
    action: str
    event: dict | None = None


def _rejected(change: Change, rejections: list[Rejection]) -> ChangeResult:
    return ChangeResult(change_id=change.change_id, status=ResultStatus.REJECTED,
                        rejections=rejections[:MAX_REJECTIONS])  # fmt: skip


def _problem_rejection(problem: Problem) -> Rejection:
    return Rejection(path=problem.path, code="invalid_answer", id=problem.id, en=problem.en)


_EMPTY_PART = re.compile("//")
MAX_ANSWER_DEPTH = 64  # no form nests answers at all past a select_multiple's list; hashing fails past ~300


def too_deep(value: Any, limit: int = MAX_ANSWER_DEPTH) -> bool:
    """True when `value` nests lists or objects more than `limit` levels deep (walked without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth >= limit:
            return True
        if isinstance(item, (list, dict)):
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (list, dict)))
    return False


def _well_formed(fields: dict, clocks: dict) -> bool:
    """True when every path is well formed and has a well-formed stamp — the usual case, checked over the
    joined texts in a few C calls instead of ~5 Python steps per path. False means "look closer"."""
    try:
        # Usually the clocks hold exactly the fields' paths: then their stamps are all of its values (the
        # check below reads the stamps as a whole, so their order does not matter), joined without a lookup
        # per path. Otherwise each path's stamp is looked up, a missing one failing the check.
        if clocks.keys() == fields.keys():
            stamps = "\n".join(clocks.values()) + "\n"
        else:
            stamps = "\n".join([clocks[path] for path in fields]) + "\n"
    except (KeyError, TypeError):
        return False
    if stamps.count("\n") != len(fields) or STAMP_LINES_RE.match(stamps) is None:
        return False  # a stamp holding a newline, or one that is not a stamp
    # Joined by "/" and framed by "/", every empty part — a leading, trailing or doubled "/", or an empty
    # path — shows up as "//", and nothing else does (a regex finds it ~2x faster than `in`: "/" is frequent).
    return max(map(len, fields)) <= MAX_PATH and _EMPTY_PART.search(f"/{'/'.join(fields)}/") is None


def _structure_problem(change: Change) -> Rejection | None:
    if change.fields and _well_formed(change.fields, change.clocks):
        return None
    for path in change.fields:
        if not path or len(path) > MAX_PATH or any(part == "" for part in path.split("/")):
            return rejection("invalid_change", path[:MAX_PATH], en=f"Invalid field path {path[:80]!r}.")
        stamp = change.clocks.get(path)
        if stamp is None:
            return rejection("invalid_change", path, en=f"The field {path!r} has no clock stamp.")
        if not isinstance(stamp, str) or STAMP_RE.match(stamp) is None:
            return rejection("invalid_change", path, en=f"Not a clock stamp: {str(stamp)[:80]!r}.")
    if not change.fields and not change.deleted:
        return rejection("invalid_change", en="The change carries no field.")
    return None


def _area_of(form: FormDef, answers: dict, fallback: str) -> tuple[str, list[dict] | None]:
    rows = project(form, answers)
    for row in (rows.household, rows.complaint):
        if row and isinstance(row.get("desa"), str) and row["desa"]:
            return row["desa"], rows.persons if rows.household is not None else None
    return fallback, rows.persons if rows.household is not None else None


def _never(_path: str) -> bool:
    return False


def _server_owned_test(form: FormDef):  # noqa: ANN202 - a predicate
    """`form.is_server_owned`, or a constant False for forms without server-owned fields (most; it is
    asked for every path of every change)."""
    has_any = getattr(form, "_jaring_has_server_owned", None)
    if has_any is None:
        has_any = any(f.server_owned for f in form.walk())
        form._jaring_has_server_owned = has_any
    return form.is_server_owned if has_any else _never


class BatchApplier:
    """Applies one batch inside the caller's transaction; `run()` returns the response."""

    def __init__(self, session: Session, device: Device, batch: PushBatch, now_ms: int | None = None):
        self.session = session
        self.device = device
        self.batch = batch
        self.now_ms = now_ms if now_ms is not None else clock_now_ms()
        self.postgres = session.get_bind().dialect.name == "postgresql"
        self.records: dict[str, Working] = {}
        self.results: list[ChangeResult | None] = []
        self.applied: list[_Applied] = []
        self.seen: dict[str, tuple[str, int]] = {}  # change_id -> (digest, result index) within this batch
        self.known_events: set[str] = set()
        self.clamped: dict[str, str] = {}
        self.references: dict[str, str] = {}  # reference -> the record id that already holds it
        self.forms: dict[tuple[str, int], FormDef] = {}  # the definitions this batch has met

    def _form(self, form_id: str, version: int) -> FormDef:
        """`get_form`, asked once per form version of the batch: finding the process registry renders the
        database URL every time, and a batch is mostly one form version. An unknown version is asked again."""
        form = self.forms.get((form_id, version))
        if form is None:
            form = self.forms[(form_id, version)] = get_form(self.session, form_id=form_id, version=version)
        return form

    # --- loading ---------------------------------------------------------------------------------
    def _load(self) -> dict[str, tuple[str, dict]]:
        changes = self.batch.changes
        ids = {c.change_id for c in changes}
        logged = {
            row.change_id: (row.digest, {**row.result, "rev": row.rev})
            for row in self.session.execute(
                select(ChangeLog.change_id, ChangeLog.digest, ChangeLog.result, ChangeLog.rev).where(
                    ChangeLog.device_id == self.device.id, ChangeLog.change_id.in_(ids)
                )
            )
        }
        record_ids = {c.record_id for c in changes if c.kind is not Kind.COMPLAINT_EVENT}
        record_ids |= {str(c.fields.get("complaint_id")) for c in changes if c.kind is Kind.COMPLAINT_EVENT}
        if record_ids:
            # Lock every record this batch may change, in id order (the same order in every batch: no deadlock).
            query = (
                select(RECORD_TABLE)
                .where(RECORD_TABLE.c.id.in_(sorted(record_ids)))
                .order_by(RECORD_TABLE.c.id)
            )
            if self.postgres:
                query = query.with_for_update()
            for row in self.session.execute(query):
                self.records[row.id] = Working.from_row(row)
        references = {c.reference for c in changes if c.reference}
        if references:
            self.references = {
                ref: record_id
                for ref, record_id in self.session.execute(
                    select(RECORD_TABLE.c.reference, RECORD_TABLE.c.id).where(
                        RECORD_TABLE.c.reference.in_(sorted(references))
                    )
                )
            }
        event_ids = [c.record_id for c in changes if c.kind is Kind.COMPLAINT_EVENT]
        if event_ids:
            self.known_events = set(
                self.session.execute(
                    select(ComplaintEventRow.id).where(ComplaintEventRow.id.in_(event_ids))
                ).scalars()
            )
        return logged

    # --- one change ------------------------------------------------------------------------------
    def _change(self, change: Change, logged: dict[str, tuple[str, dict]]) -> ChangeResult | _Applied:
        try:
            digest = change.digest()
        except RecursionError:
            # An answer nested hundreds of levels deep (the probe sent 900): the hash cannot be taken. Checked
            # only when hashing failed, so the usual change pays nothing; anything else is a bug and is raised.
            if not any(too_deep(v) for v in change.fields.values()):
                raise
            return _rejected(change, [rejection("invalid_change", en=(
                f"An answer is nested more than {MAX_ANSWER_DEPTH} levels deep; no form asks for that."))])  # fmt: skip
        if change.change_id in self.seen:  # the same change twice in one batch
            first_digest, index = self.seen[change.change_id]
            if first_digest != digest:
                return _rejected(change, [rejection("change_id_reused")])
            first = self.results[index]
            if first is None or first.status is ResultStatus.REJECTED:
                return first or _rejected(change, [rejection("invalid_change")])
            return first.model_copy(update={"status": ResultStatus.DUPLICATE})
        self.seen[change.change_id] = (digest, len(self.results))
        if change.change_id in logged:
            stored_digest, stored = logged[change.change_id]
            if stored_digest != digest:
                return _rejected(change, [rejection("change_id_reused")])
            return ChangeResult.model_validate({**stored, "status": ResultStatus.DUPLICATE.value})
        if change.kind is Kind.COMPLAINT_EVENT:
            return self._event(change, digest)
        problem = _structure_problem(change)
        if problem is not None:
            return _rejected(change, [problem])
        try:
            form = self._form(change.form_id, change.form_version)
        except UnknownForm as err:
            return _rejected(change, [rejection("unknown_form_version", id=err.id, en=err.en)])
        if form.kind != change.kind.value:
            return _rejected(change, [rejection("record_kind_mismatch")])
        current = self.records.get(change.record_id)
        if current is not None:
            if current.kind != change.kind.value or current.form_id != change.form_id:
                return _rejected(change, [rejection("record_kind_mismatch")])
            if not covers(self.device.area, current.area):
                return _rejected(change, [rejection("out_of_area")])
        reference = change.reference if change.reference and not (current and current.reference) else ""
        if reference and not self._owns(reference, current):
            return _rejected(change, [rejection(
                "invalid_change", "reference",
                id=f"Nomor referensi {reference} bukan milik perangkat ini (desa atau nomor perangkat lain).",
                en=f"The reference number {reference} is not this device's own (another desa or device number).",
            )])  # fmt: skip
        if reference and self.references.get(reference, change.record_id) != change.record_id:
            return _rejected(change, [rejection(
                "invalid_change", "reference",
                id=f"Nomor referensi {reference} sudah dipakai data lain.",
                en=f"The reference number {reference} already belongs to another record.",
            )])  # fmt: skip
        state = current.state if current is not None else RecordState()
        fields = dict(change.fields)
        # Every path has its stamp (_structure_problem), so equal sizes mean the same paths: copy in C.
        if len(change.clocks) == len(fields):
            clocks = dict(change.clocks)
        else:
            clocks = {path: change.clocks[path] for path in fields}
        clamped = False
        if self.clamped:  # far-future stamps of this batch, clamped together (sync.hlc.clamp_batch)
            for path, stamp in clocks.items():
                if stamp in self.clamped:
                    clocks[path] = self.clamped[stamp]
                    clamped = True
        is_server_owned = _server_owned_test(form)
        owned = [
            path for path in fields
            if is_server_owned(path)
            and not (state.clocks.get(path) == clocks[path] and same_value(state.fields.get(path), fields[path]))
        ] if is_server_owned is not _never else []  # fmt: skip
        if owned:
            return _rejected(change, [rejection("server_owned_field", path) for path in owned])
        if change.deleted:
            fields.setdefault(DELETED, True)
            clocks.setdefault(
                DELETED, max(clocks.values(), default=str(Stamp(self.now_ms, 0, self.device.id)))
            )
        base = change.base_rev or 0
        path_revs = current.path_revs if current is not None else {}
        me = self.device.id

        def concurrent(path: str, current_stamp: str, incoming_stamp: str) -> bool:
            return path_revs.get(path, 0) > base and device_of(current_stamp) != device_of(incoming_stamp)

        if current is None:
            # A new record: merging into nothing takes every field as sent (no stamp to compare, and a
            # server-owned path was refused above) — what `merge` does, without its per-path steps. `fields`
            # and `clocks` are this change's own copies; nothing reads a record's paths in stored order.
            merged = MergeResult(RecordState(fields, clocks), list(fields))
        else:
            merged = merge(state, fields, clocks, concurrent=concurrent, server_owned=is_server_owned)
        deleted = record_deleted(merged.state.fields)
        merged_fields = merged.state.fields
        answers = unflatten(
            merged_fields
            if DELETED not in merged_fields
            else {p: v for p, v in merged_fields.items() if p != DELETED}
        )
        fallback_area = current.area if current is not None else self.device.area
        area, persons = _area_of(form, answers, fallback_area)
        if not covers(self.device.area, area):
            return _rejected(
                change, [rejection("out_of_area", "", en=f"Area {area} is outside this device's area.")]
            )
        flags = [f for f in (current.review_flags if current else []) if f.get("code") != MERGED_INVALID]
        if not deleted:
            errors = validate(form, answers).errors
            others_since_base = current is not None and any(
                path_revs.get(p, 0) > base and device_of(stamp) != me for p, stamp in state.clocks.items()
            )
            if errors and not others_since_base:
                return _rejected(change, [_problem_rejection(p) for p in errors])
            own = [p for p in errors if p.path in change.fields and p.code not in CROSS_FIELD_CODES]
            if own:
                return _rejected(change, [_problem_rejection(p) for p in own])
            if errors:
                flags.append(ReviewFlag(
                    code=MERGED_INVALID,
                    id="Gabungan perubahan dari beberapa perangkat melanggar aturan formulir; mohon diperiksa: "
                    + "; ".join(p.id for p in errors[:5]),
                    en="Edits merged from several devices break a form rule together; please review: "
                    + "; ".join(p.en for p in errors[:5]),
                    paths=sorted({p.path for p in errors})[:20],
                ).model_dump())  # fmt: skip
        now = utcnow()
        if current is None:
            created = dict(id=change.record_id, kind=change.kind.value, form_id=change.form_id,
                           form_version=change.form_version, area=area, rev=0, deleted=False, review_flags=[],
                           origin_device=me, created_by=me, reference="", created_at=now)  # fmt: skip
            current = Working(created, RecordState(), {}, new=True)
            self.records[current.id] = current
            action = "record.create"
        else:
            action = "record.delete" if deleted and not current.deleted else "record.update"
        current.state = merged.state
        if reference:  # the first reference a record receives is kept (sync.protocol.Change.reference)
            current.reference = reference
            self.references[reference] = current.id
        current.path_revs.update(
            dict.fromkeys(merged.applied, 0)
        )  # "the record's own rev" (Working.from_row)
        current.form_version = max(current.form_version, change.form_version)
        current.area, current.deleted, current.review_flags = area, deleted, flags
        current.touched = True
        if current.kind == Kind.HOUSEHOLD.value:
            current.persons = [] if deleted else (persons or [])
        result = ChangeResult(change_id=change.change_id,
                              status=ResultStatus.CONFLICT if merged.conflicts else ResultStatus.APPLIED,
                              conflicts=[c.path for c in merged.conflicts], clamped=clamped)  # fmt: skip
        self.results.append(result)
        return _Applied(len(self.results) - 1, change, digest, current, merged.conflicts, action)

    def _event(self, change: Change, digest: str) -> ChangeResult | _Applied:
        f = change.fields
        complaint_id, step, at = f.get("complaint_id"), f.get("step"), f.get("at")
        if not isinstance(complaint_id, str) or not isinstance(step, str) or not isinstance(at, str):
            return _rejected(
                change, [rejection("invalid_change", en="An event needs complaint_id, step and at.")]
            )
        if step != ComplaintStep.DITERIMA.value:
            return _rejected(change, [rejection("server_owned_field", "step")])
        complaint = self.records.get(complaint_id)
        if complaint is None or complaint.kind != Kind.COMPLAINT.value:
            return _rejected(change, [rejection("invalid_change", "complaint_id", en="Unknown complaint.")])
        if not covers(self.device.area, complaint.area):
            return _rejected(change, [rejection("out_of_area")])
        if change.record_id in self.known_events:
            return _rejected(change, [rejection("invalid_change", en="This event id already exists.")])
        self.known_events.add(change.record_id)
        note = f.get("note") if isinstance(f.get("note"), str) else ""
        event = dict(id=change.record_id, record_id=complaint_id, area=complaint.area, step=step, at=at[:40],
                     by=str(f.get("by") or "")[:80], note=note[:2000], referral="", origin_device=self.device.id)  # fmt: skip
        self.results.append(ChangeResult(change_id=change.change_id, status=ResultStatus.APPLIED))
        return _Applied(len(self.results) - 1, change, digest, None, [], "event.create", event)

    def _owns(self, reference: str, current: Working | None) -> bool:
        """The reference carries the desa digits and device number of the device that made the complaint:
        this device for a new one, the record's first device for one that exists (sync/reference.py). A
        device cannot take another desa's or another laptop's next number, so a receipt names one complaint."""
        maker: Device | None = self.device
        if current is not None and current.origin_device != self.device.id:
            maker = self.session.get(Device, current.origin_device)
        return maker is not None and owned_by(reference, area=maker.area, device_number=maker.number)

    # --- writing ---------------------------------------------------------------------------------
    def _clamp_all(self) -> dict[str, str]:
        """{far-future stamp: clamped stamp} for the whole batch, so a device's clamped edits keep their order
        and a laptop whose clock is a year ahead cannot win later edits (docs/sync-protocol.md#clocks)."""
        horizon = self.now_ms + DAY_MS
        past = f"{horizon:013d}"  # a stamp starts with 13 digits, so text order is time order
        far = [
            stamp
            for c in self.batch.changes
            if c.kind is not Kind.COMPLAINT_EVENT
            for stamp in c.clocks.values()
            if isinstance(stamp, str)
            and stamp[:13] > past
            and STAMP_RE.match(stamp)
            and int(stamp[:13]) > horizon
        ]  # the cheap test first: clamping is rare, parsing every stamp is not
        return clamp_batch(far, self.now_ms) if far else {}

    def run(self) -> PushResponse:
        logged = self._load()
        self.clamped = self._clamp_all()
        for change in self.batch.changes:
            outcome = self._change(change, logged)
            if isinstance(outcome, _Applied):
                self.applied.append(outcome)
            else:
                self.results.append(outcome)
        counts: dict[str, int] = {}
        for r in self.results:
            counts[r.status.value] = counts.get(r.status.value, 0) + 1
        batch_audit = dict(actor=f"device:{self.device.id}", action="sync.push",
                           target=f"batch:{self.batch.batch_id[:60]}", area=self.device.area, detail=counts)  # fmt: skip
        # A Core statement: the ORM's bulk UPDATE would first look for loaded Device objects to synchronise,
        # a millisecond of a push's fixed cost.
        self.session.execute(
            update(DEVICE_TABLE).where(DEVICE_TABLE.c.id == self.device.id).values(last_seen_at=utcnow())
        )
        if not self.applied:
            audit(self.session, **batch_audit)
        else:
            self._write(batch_audit)  # ends by taking the revisions: after it, only the caller's commit
            self._refresh_work_list()
            by_id = {
                r.change_id: r.rev
                for r in self.results
                if r is not None and r.status is not ResultStatus.DUPLICATE
            }
            for r in self.results:  # the same change twice in this batch: the second answers the first's rev
                if r is not None and r.status is ResultStatus.DUPLICATE and r.rev is None:
                    r.rev = by_id.get(r.change_id)
        return PushResponse(batch_id=self.batch.batch_id, results=[r for r in self.results if r is not None],
                            server_time_ms=self.now_ms)  # fmt: skip

    def _refresh_work_list(self) -> None:
        """The console's work-list rows of the complaints this batch wrote or stepped (none: no query)."""
        ids = {a.event["record_id"] for a in self.applied if a.event is not None}
        ids |= {
            a.change.record_id
            for a in self.applied
            if a.record is not None and a.record.kind == Kind.COMPLAINT.value
        }
        if ids:
            refresh(self.session, ids)

    def _write(self, batch_audit: dict) -> None:
        """Everything that needs no revision first; then take the revisions and write what carries them.

        From taking the counter (crud/revisions.py) to commit, other batches wait: only the new records and
        change-log rows — converted beforehand, so what remains is COPY — and one statement setting the
        revisions of records that existed go there. Inserting a new record with its revision costs
        PostgreSQL about what updating the revision later did (~the same serial part), and saves rewriting
        every such row and its five index entries a second time. `batch_audit` is the batch's own audit
        row, written with the changes' rows in one statement."""
        now = utcnow()
        touched = [w for w in self.records.values() if w.touched]

        def values(w: Working) -> dict:
            # A new record's paths were all set by this batch (0: "the record's rev"): nothing to store.
            path_revs = {} if w.new else stored_path_revisions(w.path_revs)
            return dict(kind=w.kind, form_id=w.form_id, form_version=w.form_version, area=w.area,
                        fields=w.state.fields, clocks=w.state.clocks, path_revs=path_revs, rev=None,
                        deleted=w.deleted, review_flags=w.review_flags, reference=w.reference,
                        decile=decile_of(w.state.fields.get("desil")) if w.kind == HOUSEHOLD else None,
                        updated_at=now)  # fmt: skip

        created = [w for w in touched if w.new]
        new_records = prepare_rows(self.session, RECORD_TABLE, [
            dict(id=w.id, origin_device=w.origin_device, created_by=w.created_by, created_at=w.created_at or now,
                 **values(w)) for w in created
        ])  # fmt: skip
        change_log = prepare_rows(self.session, CHANGE_LOG_TABLE, [
            dict(device_id=self.device.id, change_id=item.change.change_id, digest=item.digest,
                 record_id=item.change.record_id, batch_id=self.batch.batch_id[:64],
                 result=self.results[item.index].model_dump(mode="json", exclude={"rev"}), rev=None, received_at=now)
            for item in self.applied
        ])  # fmt: skip
        old = [dict(b_id=w.id, **values(w)) for w in touched if not w.new]
        if old:
            self.session.execute(
                update(RECORD_TABLE).where(RECORD_TABLE.c.id == bindparam("b_id")).execution_options(synchronize_session=False),
                old,
            )  # fmt: skip
        conflicts = [
            dict(record_id=item.change.record_id, path=c.path,
                 winner={"stamp": c.winner_stamp, "device": c.winner_device, "value": c.winner_value},
                 loser={"stamp": c.loser_stamp, "device": c.loser_device, "value": c.loser_value},
                 device_id=self.device.id, change_id=item.change.change_id, at=now, resolved=False)
            for item in self.applied for c in item.conflicts
        ]  # fmt: skip
        insert_rows(self.session, ConflictLog.__table__, conflicts)
        self._write_persons([w for w in touched if w.persons is not None])
        audit_many(self.session, rows=[batch_audit, *(
            dict(actor=f"device:{self.device.id}", action=item.action,
                 target=f"{'event' if item.event else 'record'}:{item.change.record_id}",
                 area=(item.record.area if item.record else item.event["area"]), at=now,
                 detail={"change_id": item.change.change_id, "status": self.results[item.index].status.value,
                         "conflicts": len(item.conflicts)})
            for item in self.applied
        )])  # fmt: skip
        record_offsets: dict[str, int] = {}
        for ordinal, item in enumerate(self.applied):
            if item.record is not None:
                record_offsets[item.record.id] = (
                    ordinal  # a record changed twice ends with its last change's rev
                )
        # --- the serial part: from here to commit, other batches wait for the counter row ---
        first = take(self.session, count=len(self.applied), targets={
            "record": [((w.id,), record_offsets[w.id]) for w in touched if not w.new],
        })  # fmt: skip
        new_records.set_column("rev", [first + record_offsets[w.id] for w in created])
        write_rows(self.session, new_records)
        change_log.set_column("rev", [first + ordinal for ordinal in range(len(self.applied))])
        write_rows(self.session, change_log)
        for ordinal, item in enumerate(self.applied):
            rev = first + ordinal
            self.results[item.index].rev = rev
            if item.record is not None:
                item.record.rev = rev
            if item.event is not None:
                item.event["rev"] = rev
        events = [item.event for item in self.applied if item.event is not None]
        if events:
            self.session.execute(insert(ComplaintEventRow), events)

    def _write_persons(self, households: list[Working]) -> None:
        if not households:
            return
        ids = [w.id for w in households if not w.new]
        if ids:
            self.session.execute(delete(Person).where(Person.record_id.in_(ids)))
        rows = [
            row
            for w in households
            for row in person_rows(w.id, w.area, w.state.fields.get("no_kk"), w.persons or [])
        ]
        insert_rows(self.session, Person.__table__, rows)


def apply_batch(
    session: Session, *, device: Device, batch: PushBatch, now_ms: int | None = None
) -> PushResponse:
    """Apply a pushed batch in the caller's transaction and return one result per change."""
    return BatchApplier(session, device, batch, now_ms).run()
