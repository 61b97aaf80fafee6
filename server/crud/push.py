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

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from forms.definition import FormDef
from forms.registry import UnknownForm
from forms.validate import validate
from server.core.clock import now_ms as clock_now_ms
from server.core.clock import utcnow
from server.crud.audit import audit
from server.crud.erasure import erased_among
from server.crud.forms import get_form
from server.crud.proposals import proposal_area
from server.crud.push_checks import (
    MAX_ANSWER_DEPTH,
    MERGED_INVALID,
    STAMP_RE,
    area_of,
    merged_invalid_flag,
    never,
    rejected,
    server_owned_test,
    structure_problem,
    too_deep,
    validation_rejections,
)
from server.crud.push_write import RECORD_TABLE, Applied, Working, write
from server.crud.subjects import SUBJECT_KINDS, subject_area
from server.crud.worklist import refresh
from server.models import ChangeLog, ComplaintEventRow, Device
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
    ResultStatus,
    rejection,
)
from sync.reference import owned_by

DEVICE_TABLE = Device.__table__


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
        self.applied: list[Applied] = []
        self.seen: dict[str, tuple[str, int]] = {}  # change_id -> (digest, result index) within this batch
        self.known_events: set[str] = set()
        self.clamped: dict[str, str] = {}
        self.references: dict[str, str] = {}  # reference -> the record id that already holds it
        self.forms: dict[tuple[str, int], FormDef] = {}  # the definitions this batch has met
        self.erased: set[str] = set()  # records of this batch the district erased for good (crud/erasure.py)

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
        self.erased = erased_among(self.session, record_ids)
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
    def _change(self, change: Change, logged: dict[str, tuple[str, dict]]) -> ChangeResult | Applied:
        """Judge one change and, when it is accepted, apply it to the batch's working record. The steps are
        methods that return a result (ChangeResult: the change is answered) or what the next step needs."""
        digest = self._digest(change, logged)
        if not isinstance(digest, str):
            return digest
        target = (
            str(change.fields.get("complaint_id"))
            if change.kind is Kind.COMPLAINT_EVENT
            else change.record_id
        )
        if target in self.erased:
            return rejected(change, [rejection("erased")])
        if change.kind is Kind.COMPLAINT_EVENT:
            return self._event(change, digest)
        problem = structure_problem(change)
        if problem is not None:
            return rejected(change, [problem])
        try:
            form = self._form(change.form_id, change.form_version)
        except UnknownForm as err:
            return rejected(change, [rejection("unknown_form_version", id=err.id, en=err.en)])
        current = self.records.get(change.record_id)
        refused = self._admit(change, form, current)
        if refused is not None:
            return refused
        reference = change.reference if change.reference and not (current and current.reference) else ""
        refused = self._reference_refused(change, reference, current)
        if refused is not None:
            return refused
        incoming = self._incoming(change, form, current)
        if isinstance(incoming, ChangeResult):
            return incoming
        merged = self._merge(change, current, *incoming[:2], server_owned_test(form))
        judged = self._judge(change, form, current, merged)
        if isinstance(judged, ChangeResult):
            return judged
        return self._keep(change, digest, current, merged, reference, incoming[2], *judged)

    def _digest(self, change: Change, logged: dict[str, tuple[str, dict]]) -> str | ChangeResult:
        """The change's hash, or its answer when it cannot be hashed or was seen before (in this batch or
        logged): a true retry is a duplicate with the result it had, another body is `change_id_reused`."""
        try:
            digest = change.digest()
        except RecursionError:
            # An answer nested hundreds of levels deep (the probe sent 900): the hash cannot be taken. Checked
            # only when hashing failed, so the usual change pays nothing; anything else is a bug and is raised.
            if not any(too_deep(v) for v in change.fields.values()):
                raise
            return rejected(change, [rejection("invalid_change", en=(
                f"An answer is nested more than {MAX_ANSWER_DEPTH} levels deep; no form asks for that."))])  # fmt: skip
        if change.change_id in self.seen:  # the same change twice in one batch
            first_digest, index = self.seen[change.change_id]
            if first_digest != digest:
                return rejected(change, [rejection("change_id_reused")])
            first = self.results[index]
            if first is None or first.status is ResultStatus.REJECTED:
                return first or rejected(change, [rejection("invalid_change")])
            return first.model_copy(update={"status": ResultStatus.DUPLICATE})
        self.seen[change.change_id] = (digest, len(self.results))
        if change.change_id in logged:
            stored_digest, stored = logged[change.change_id]
            if stored_digest != digest:
                return rejected(change, [rejection("change_id_reused")])
            return ChangeResult.model_validate({**stored, "status": ResultStatus.DUPLICATE.value})
        return digest

    def _admit(self, change: Change, form: FormDef, current: Working | None) -> ChangeResult | None:
        """The refusal of a change whose form or record is of another kind, or whose record lies outside
        this device's area; None when it may go on."""
        if form.kind != change.kind.value:
            return rejected(change, [rejection("record_kind_mismatch")])
        if current is not None:
            if current.kind != change.kind.value or current.form_id != change.form_id:
                return rejected(change, [rejection("record_kind_mismatch")])
            if not covers(self.device.area, current.area):
                return rejected(change, [rejection("out_of_area")])
        return None

    def _reference_refused(
        self, change: Change, reference: str, current: Working | None
    ) -> ChangeResult | None:
        """The refusal of a reference number that is not this device's to give or that another record holds."""
        if reference and not self._owns(reference, current):
            return rejected(change, [rejection(
                "invalid_change", "reference",
                id=f"Nomor referensi {reference} bukan milik perangkat ini (desa atau nomor perangkat lain).",
                en=f"The reference number {reference} is not this device's own (another desa or device number).",
            )])  # fmt: skip
        if reference and self.references.get(reference, change.record_id) != change.record_id:
            return rejected(change, [rejection(
                "invalid_change", "reference",
                id=f"Nomor referensi {reference} sudah dipakai data lain.",
                en=f"The reference number {reference} already belongs to another record.",
            )])  # fmt: skip
        return None

    def _incoming(
        self, change: Change, form: FormDef, current: Working | None
    ) -> tuple[dict, dict, bool] | ChangeResult:
        """The change's fields and clocks as they will merge — far-future stamps clamped, a deletion marked —
        and whether any stamp was clamped; or the refusal of a server-owned field the change alters."""
        state = current.state if current is not None else RecordState()
        fields = dict(change.fields)
        # Every path has its stamp (structure_problem), so equal sizes mean the same paths: copy in C.
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
        is_server_owned = server_owned_test(form)
        owned = [
            path for path in fields
            if is_server_owned(path)
            and not (state.clocks.get(path) == clocks[path] and same_value(state.fields.get(path), fields[path]))
        ] if is_server_owned is not never else []  # fmt: skip
        if owned:
            return rejected(change, [rejection("server_owned_field", path) for path in owned])
        if change.deleted:
            fields.setdefault(DELETED, True)
            clocks.setdefault(
                DELETED, max(clocks.values(), default=str(Stamp(self.now_ms, 0, self.device.id)))
            )
        return fields, clocks, clamped

    def _merge(
        self, change: Change, current: Working | None, fields: dict, clocks: dict, is_server_owned
    ) -> MergeResult:  # noqa: ANN001 - a predicate
        """The record's state with the change merged in, path by path (sync.merge)."""
        if current is None:
            # A new record: merging into nothing takes every field as sent (no stamp to compare, and a
            # server-owned path was refused above) — what `merge` does, without its per-path steps. `fields`
            # and `clocks` are this change's own copies; nothing reads a record's paths in stored order.
            return MergeResult(RecordState(fields, clocks), list(fields))
        base = change.base_rev or 0
        path_revs = current.path_revs

        def concurrent(path: str, current_stamp: str, incoming_stamp: str) -> bool:
            return path_revs.get(path, 0) > base and device_of(current_stamp) != device_of(incoming_stamp)

        return merge(current.state, fields, clocks, concurrent=concurrent, server_owned=is_server_owned)

    def _judge(
        self, change: Change, form: FormDef, current: Working | None, merged: MergeResult
    ) -> tuple[str, list[dict] | None, bool, list[dict]] | ChangeResult:
        """The merged record's area, person rows, deletion and review flags; or the refusal of a record
        leaving this device's area or of errors that are the change's own (push_checks.validation_rejections)."""
        deleted = record_deleted(merged.state.fields)
        merged_fields = merged.state.fields
        answers = unflatten(
            merged_fields
            if DELETED not in merged_fields
            else {p: v for p, v in merged_fields.items() if p != DELETED}
        )
        fallback_area = current.area if current is not None else self.device.area
        area, persons = area_of(form, answers, fallback_area)
        if form.kind in SUBJECT_KINDS:  # a service or visit lives where its subject lives
            area = subject_area(self.session, self.records, answers) or area
        elif form.kind == Kind.PROPOSAL.value:  # a proposal lives in its desa (its household's, when named)
            area = proposal_area(self.session, self.records, answers) or area
        if not covers(self.device.area, area):
            return rejected(
                change, [rejection("out_of_area", "", en=f"Area {area} is outside this device's area.")]
            )
        flags = [f for f in (current.review_flags if current else []) if f.get("code") != MERGED_INVALID]
        if not deleted:
            errors = validate(form, answers).errors
            base, me = change.base_rev or 0, self.device.id
            others_since_base = current is not None and any(
                current.path_revs.get(p, 0) > base and device_of(stamp) != me
                for p, stamp in current.state.clocks.items()
            )
            refusals = validation_rejections(change, errors, others_since_base)
            if refusals:
                return rejected(change, refusals)
            if errors:
                flags.append(merged_invalid_flag(errors))
        return area, persons, deleted, flags

    def _keep(self, change: Change, digest: str, current: Working | None, merged: MergeResult, reference: str,
              clamped: bool, area: str, persons: list[dict] | None, deleted: bool, flags: list[dict]) -> Applied:  # fmt: skip
        """Write the accepted change into the batch's working record (created when new) and answer it."""
        now = utcnow()
        me = self.device.id
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
        return Applied(len(self.results) - 1, change, digest, current, merged.conflicts, action)

    def _event(self, change: Change, digest: str) -> ChangeResult | Applied:
        f = change.fields
        complaint_id, step, at = f.get("complaint_id"), f.get("step"), f.get("at")
        if not isinstance(complaint_id, str) or not isinstance(step, str) or not isinstance(at, str):
            return rejected(
                change, [rejection("invalid_change", en="An event needs complaint_id, step and at.")]
            )
        if step != ComplaintStep.DITERIMA.value:
            return rejected(change, [rejection("server_owned_field", "step")])
        complaint = self.records.get(complaint_id)
        if complaint is None or complaint.kind != Kind.COMPLAINT.value:
            return rejected(change, [rejection("invalid_change", "complaint_id", en="Unknown complaint.")])
        if not covers(self.device.area, complaint.area):
            return rejected(change, [rejection("out_of_area")])
        if change.record_id in self.known_events:
            return rejected(change, [rejection("invalid_change", en="This event id already exists.")])
        self.known_events.add(change.record_id)
        note = f.get("note") if isinstance(f.get("note"), str) else ""
        event = dict(id=change.record_id, record_id=complaint_id, area=complaint.area, step=step, at=at[:40],
                     by=str(f.get("by") or "")[:80], note=note[:2000], referral="", origin_device=self.device.id)  # fmt: skip
        self.results.append(ChangeResult(change_id=change.change_id, status=ResultStatus.APPLIED))
        return Applied(len(self.results) - 1, change, digest, None, [], "event.create", event)

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
            if isinstance(outcome, Applied):
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
            write(
                self.session,
                device_id=self.device.id,
                batch_id=self.batch.batch_id,
                records=self.records,
                applied=self.applied,
                results=self.results,
                batch_audit=batch_audit,
            )  # ends by taking the revisions: after it, only the caller's commit
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


def apply_batch(
    session: Session, *, device: Device, batch: PushBatch, now_ms: int | None = None
) -> PushResponse:
    """Apply a pushed batch in the caller's transaction and return one result per change."""
    return BatchApplier(session, device, batch, now_ms).run()
