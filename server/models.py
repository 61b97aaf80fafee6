"""The server's tables (SQLModel). Records are stored as devices send them: flat field paths with their
clock stamps, plus the server revision at which each path last changed (to tell a concurrent edit from
one the device had already seen). Everything the server knows lives here — keys, throttling counters,
sessions — so several processes over one PostgreSQL behave as one (docs/architecture.md#district-server).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, text
from sqlmodel import Field, SQLModel

from server.core.packed import PackedJSON


def _json(nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=nullable))


def _packed() -> Any:
    """A JSON value nothing queries inside the database, stored compressed (server/core/packed.py)."""
    return Field(default=None, sa_column=Column(PackedJSON, nullable=False))


class Counter(SQLModel, table=True):
    """Single-row counters. `rev` orders everything devices pull (see crud.revisions)."""

    name: str = Field(primary_key=True, max_length=32)
    value: int = Field(default=0, sa_type=BigInteger)


class ServerKey(SQLModel, table=True):
    __tablename__ = "server_key"
    id: int = Field(primary_key=True)  # 1 = the active key pair
    sign_private: str
    box_private: str
    sign_public: str
    box_public: str
    created_at: datetime


class User(SQLModel, table=True):
    __tablename__ = "server_user"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    password_hash: str
    role: str = Field(max_length=16)  # admin | tksk
    area: str = Field(default="", max_length=16)  # "" for an admin (the whole district); a kecamatan for TKSK
    active: bool = True
    failed_logins: int = 0
    created_at: datetime


class UserSession(SQLModel, table=True):
    __tablename__ = "user_session"
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="server_user.id", index=True)
    created_at: datetime
    expires_at: datetime


class Device(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=64)
    number: int
    area: str = Field(max_length=16, index=True)
    label: str = Field(default="", max_length=100)
    status: str = Field(default="active", max_length=16)  # reserved (file, keys unbound) | active | revoked
    token_hash: str = Field(max_length=64, unique=True)
    sign_key: str = ""
    box_key: str = ""
    app_version: str = ""
    enrolled_by: str = Field(default="", max_length=16)  # online | file
    created_at: datetime
    revoked_at: datetime | None = None
    last_seen_at: datetime | None = None
    audit_seq: int = Field(default=0, sa_type=BigInteger)  # the laptop's audit rows held up to here (0032)


class EnrollmentCode(SQLModel, table=True):
    __tablename__ = "enrollment_code"
    lookup: str = Field(primary_key=True, max_length=8)
    secret_hash: str = Field(max_length=64)
    area: str = Field(max_length=16)
    kind: str = Field(max_length=8)  # online | file
    device_id: str = Field(default="", max_length=64)  # file codes: the device id reserved in the file
    sealed_code: str = ""  # file codes: the code sealed to the server's key, to check the bundle's key proof
    created_by: str = ""
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    failed_attempts: int = 0
    locked: bool = False


class Throttle(SQLModel, table=True):
    """Failed attempts per key (e.g. "enroll:<client address>") within a time window."""

    key: str = Field(primary_key=True, max_length=128)
    window_start: datetime
    failures: int = 0


class Record(SQLModel, table=True):
    __table_args__ = (
        Index("record_area_rev", "area", "rev"),
        # The console's records list, newest first: the count and the page read this index, not the rows.
        Index("record_kind_updated", "kind", "deleted", "updated_at", "area"),
        # The records list by desa, newest first within each (0014).
        Index("record_kind_area", "kind", "deleted", "area", text("updated_at DESC")),
        # A complaint's reference number names one record; "" (no reference) may repeat.
        Index(
            "record_reference",
            "reference",
            unique=True,
            postgresql_where=text("reference <> ''"),
            sqlite_where=text("reference <> ''"),
        ),  # fmt: skip
    )
    id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=16)
    form_id: str = Field(max_length=64)
    form_version: int
    area: str = Field(max_length=16)
    fields: dict = _json()
    clocks: dict = _packed()  # path -> clock stamp of its last write
    path_revs: dict = _packed()  # path -> rev at which it last changed
    rev: int | None = Field(
        default=None, sa_type=BigInteger, index=True
    )  # NULL only inside its writing transaction
    deleted: bool = False
    review_flags: list = _json()
    origin_device: str = Field(default="", max_length=64)
    created_by: str = Field(default="", max_length=64)
    reference: str = Field(default="", max_length=40)
    decile: str | None = Field(default=None, max_length=2)  # a household's DTSEN decile "1".."10", else NULL
    created_at: datetime
    updated_at: datetime


class ChangeLog(SQLModel, table=True):
    """One row per applied or rejected change: (device_id, change_id) is the idempotency key."""

    __tablename__ = "change_log"
    device_id: str = Field(primary_key=True, max_length=64)
    change_id: str = Field(primary_key=True, max_length=64)
    digest: str = Field(max_length=64)
    record_id: str = Field(max_length=64)
    batch_id: str = Field(default="", max_length=64)
    result: dict = _json()  # the ChangeResult as answered, without its rev
    rev: int | None = Field(default=None, sa_type=BigInteger)
    received_at: datetime


class ConflictLog(SQLModel, table=True):
    __tablename__ = "conflict"
    id: int | None = Field(default=None, primary_key=True)
    record_id: str = Field(max_length=64, index=True)
    path: str
    winner: dict = _json()
    loser: dict = _json()
    device_id: str = Field(default="", max_length=64)
    change_id: str = Field(default="", max_length=64)
    at: datetime
    resolved: bool = False


class Audit(SQLModel, table=True):
    """Who did what to which target. `detail` never holds a NIK or an answer — ids and counts only."""

    __table_args__ = (
        Index("audit_target_at", "target", "at"),  # a record's history on its page, a person's report (0020)
        Index("audit_area_at", "area", "at"),  # the audit page: a TKSK's kecamatan (0034)
        Index("audit_actor_at", "actor", "at"),  # the audit page: a user, a device (0034)
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=80)  # device:<id>, user:<name>, cli, anonymous
    action: str = Field(max_length=40)
    target: str = Field(default="", max_length=80)
    area: str = Field(default="", max_length=16)
    detail: dict = _json(nullable=True)


class ComplaintEventRow(SQLModel, table=True):
    __tablename__ = "complaint_event"
    id: str = Field(primary_key=True, max_length=64)
    record_id: str = Field(max_length=64, index=True)
    area: str = Field(max_length=16)
    step: str = Field(max_length=20)
    at: str = Field(max_length=40)
    by: str = Field(default="", max_length=80)
    note: str = ""
    referral: str = Field(default="", max_length=40)
    origin_device: str = Field(default="", max_length=64)
    rev: int = Field(sa_type=BigInteger, index=True)


class ComplaintState(SQLModel, table=True):
    """A complaint's state as the console's work list filters, sorts and pages it (crud/worklist.py): kept from
    its record and events whenever either changes, so the list is one indexed query, never a Python scan.
    Times are UTC; `ref_key` is the reference without dashes/spaces."""

    __tablename__ = "complaint_state"
    __table_args__ = (
        Index("complaint_state_area", "area", "received_at"),
        Index("complaint_state_status", "status", "due_at"),
        Index("complaint_state_due", "due_at"),
        Index("complaint_state_received", "received_at"),
        Index("complaint_state_ref", "ref_key"),
        Index("complaint_state_assigned", "assigned_to", "due_at"),  # "Tugas saya" (0015)
        Index("complaint_state_closed", "status", "status_at"),  # closed per week (0016)
    )
    record_id: str = Field(primary_key=True, max_length=64)
    area: str = Field(max_length=16)
    status: str = Field(max_length=20)
    received_at: datetime
    status_at: datetime
    due_at: datetime | None = None
    category: str = Field(default="", max_length=40)
    urgency: str = Field(default="", max_length=40)
    ref_key: str = Field(default="", max_length=40)
    assigned_to: str | None = Field(
        default=None, max_length=64
    )  # a console user's name (complaint_assignment)


class FormDefinition(SQLModel, table=True):
    __tablename__ = "form_definition"
    form_id: str = Field(primary_key=True, max_length=64)
    version: int = Field(primary_key=True)
    definition: dict = _json()
    rev: int = Field(sa_type=BigInteger, index=True)
    published_by: str = ""
    published_at: datetime


class ReferenceDataRow(SQLModel, table=True):
    __tablename__ = "reference_data"
    name: str = Field(primary_key=True, max_length=64)
    version: str = Field(primary_key=True, max_length=64)
    data: Any = _json(nullable=True)
    rev: int = Field(sa_type=BigInteger, index=True)
    published_at: datetime


class Person(SQLModel, table=True):
    """Projection of household members, for duplicate detection and the console's search (NIK, No. KK, name)."""

    __table_args__ = (
        Index("person_nik", "nik"),
        Index("person_name_birth", "name_key", "birth_date"),
        Index("person_no_kk", "no_kk"),
        Index("person_desa", "desa"),  # one desa's figures recounted (0016)
        # The Dukcapil list (persons without a NIK) by desa and name, paged through this index (0014).
        Index(
            "person_without_nik",
            "desa",
            "name_key",
            postgresql_where=text("nik IS NULL"),
            sqlite_where=text("nik IS NULL"),
        ),  # fmt: skip
    )
    record_id: str = Field(primary_key=True, max_length=64)
    member_id: str = Field(primary_key=True, max_length=64)
    desa: str = Field(default="", max_length=16)
    nik: str | None = Field(default=None, max_length=16)
    name_key: str = Field(default="", max_length=200)
    birth_date: str | None = Field(default=None, max_length=10)
    sex: str | None = Field(default=None, max_length=1)
    status: str | None = Field(default=None, max_length=20)
    no_kk: str | None = Field(
        default=None, max_length=16
    )  # the household's, on each member: searched by index
    ppks: str | None = Field(default=None, max_length=400)  # PPKS category codes, space-separated
    no_nik_reason: str | None = Field(default=None, max_length=20)  # belum_punya | tidak_diketahui | hilang


class Attachment(SQLModel, table=True):
    """A file the server holds whole, its bytes checked against its SHA-256 name (its chunks in
    `attachment_chunk`); `device_id` is the device whose upload completed it first. Partial uploads live in
    `attachment_upload`/`attachment_part` (rows here with complete=False predate migration 0011)."""

    sha256: str = Field(primary_key=True, max_length=64)
    size: int = Field(sa_type=BigInteger)
    received: int = Field(default=0, sa_type=BigInteger)
    complete: bool = False
    device_id: str = Field(default="", max_length=64)
    created_at: datetime


class AttachmentChunk(SQLModel, table=True):
    __tablename__ = "attachment_chunk"
    sha256: str = Field(primary_key=True, max_length=64)
    offset: int = Field(primary_key=True, sa_type=BigInteger)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class AttachmentUpload(SQLModel, table=True):
    """One device's upload of one file (migration 0011). Until its bytes hash to the file's name it is that
    device's own partial — resumed only by it, never blocking another device; once whole it says that a
    device of `area` held the file, which is what lets devices of that area fetch it (crud/attachments.py)."""

    __tablename__ = "attachment_upload"
    sha256: str = Field(primary_key=True, max_length=64)
    device_id: str = Field(primary_key=True, max_length=64)
    area: str = Field(default="", max_length=16)  # the uploader's area then; "" the district
    size: int = Field(sa_type=BigInteger)
    received: int = Field(default=0, sa_type=BigInteger)
    complete: bool = False
    created_at: datetime


class AttachmentPart(SQLModel, table=True):
    """A chunk of a partial upload, kept apart from the file's own chunks until the whole upload checks out."""

    __tablename__ = "attachment_part"
    sha256: str = Field(primary_key=True, max_length=64)
    device_id: str = Field(primary_key=True, max_length=64)
    offset: int = Field(primary_key=True, sa_type=BigInteger)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class BundleReceipt(SQLModel, table=True):
    """An outbound bundle the server imported: which changes it carried and where the device's pull stood.
    The device's latest receipt decides what its return bundle answers and carries (crud/bundles.py)."""

    __tablename__ = "bundle_receipt"
    digest: str = Field(primary_key=True, max_length=64)  # SHA-256 of the bundle file
    device_id: str = Field(max_length=64, index=True)
    change_ids: list = _json()
    rejected: dict = _json(nullable=True)  # change_id -> ChangeResult: rejections are not in the change log
    attachments: list | None = _json(nullable=True)  # SHA-256 of each attachment it carried (0007)
    pull_cursor: int = Field(default=0, sa_type=BigInteger)
    created_at: str = Field(max_length=40)  # as the device wrote it in the header (ISO 8601 UTC)
    imported_at: datetime
    imported_by: str = Field(default="", max_length=100)


class WorkflowDeadline(SQLModel, table=True):
    """The district's complaint step deadlines as an admin set them (a missing row: the default).
    In the database, so every server process sorts and flags overdue complaints alike."""

    __tablename__ = "workflow_deadline"
    name: str = Field(primary_key=True, max_length=32)  # verify_days | refer_days | close_days
    days: int
    updated_by: str = Field(default="", max_length=80)
    updated_at: datetime


class PersonLink(SQLModel, table=True):
    """A decision on a possible duplicate pair (console data quality): `linked` — one person, travels to the
    devices by pull at its `rev` — or `dismissed` — never flagged again. The pair is stored in one order
    (a < b) so it is decided once."""

    __tablename__ = "person_link"
    __table_args__ = (Index("person_link_pair", "a_record", "a_member", "b_record", "b_member", unique=True),)
    id: str = Field(primary_key=True, max_length=64)
    a_record: str = Field(max_length=64)
    a_member: str = Field(max_length=64)
    b_record: str = Field(max_length=64)
    b_member: str = Field(max_length=64)
    a_area: str = Field(default="", max_length=16)
    b_area: str = Field(default="", max_length=16)
    decision: str = Field(max_length=16)  # linked | dismissed
    reason: str = Field(max_length=16)  # nik | name_birth
    decided_by: str = Field(default="", max_length=80)
    decided_at: datetime
    rev: int | None = Field(default=None, sa_type=BigInteger, index=True)  # linked only


class Erasure(SQLModel, table=True):
    """A record erased for good — a citizen's request under UU 27/2022 or the end of its retention
    (crud/erasure.py). The only trace left: which id, what kind, where, who, when, why; never an answer. It
    travels to the devices by pull at its `rev`, so each removes its copy, and a later push of the id is
    refused."""

    __tablename__ = "erasure"
    record_id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=16)
    area: str = Field(max_length=16, index=True)
    reason: str = Field(max_length=400)
    legal_basis: str = Field(default="", max_length=200)
    erased_by: str = Field(max_length=80)
    erased_at: datetime
    rev: int = Field(sa_type=BigInteger, index=True)


class DeviceReach(SQLModel, table=True):
    """How far a device has pulled (by HTTP or in a return bundle) and since when: with what it pushed, the
    data a lost laptop or USB stick held (crud/erasure.py `held_by_device`)."""

    __tablename__ = "device_reach"
    device_id: str = Field(primary_key=True, max_length=64)
    first_pull_at: datetime
    last_pull_at: datetime
    cursor: int = Field(default=0, sa_type=BigInteger)


class RetentionRule(SQLModel, table=True):
    """How long the district keeps one kind of record after its purpose ended (crud/retention.py); no row: the
    rule is off. `jaring-server retention run` erases what is past it, as an erasure (crud/erasure.py)."""

    __tablename__ = "retention_rule"
    name: str = Field(primary_key=True, max_length=40)
    years: int
    updated_by: str = Field(default="", max_length=80)
    updated_at: datetime


class CareRow(SQLModel, table=True):
    """Projection of `service` and `visit` records (issue #31): one row per record, keyed to its subject, for
    coverage, the SPM report, the unserved and overdue lists and a person's timeline (crud/care.py)."""

    __tablename__ = "care_row"
    __table_args__ = (
        Index("care_row_person", "household_id", "member_id"),
        Index("care_row_kind_date", "kind", "date", "area"),
    )
    record_id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=16)  # service | visit
    household_id: str = Field(default="", max_length=64)
    member_id: str = Field(default="", max_length=64)
    area: str = Field(default="", max_length=16)
    code: str | None = Field(default=None, max_length=40)  # a service's code; a visit's condition
    date: str | None = Field(default=None, max_length=10)
    next_date: str | None = Field(default=None, max_length=10)  # a visit's next visit
    agency: str | None = Field(default=None, max_length=40)
    source: str | None = Field(default=None, max_length=20)


# The console's work-list tables (issue 30) live in their own module; imported here so every table is known
# wherever server.models is (alembic, create_all, the tests).
from server.models_console import *  # noqa: E402, F403
