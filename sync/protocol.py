"""Every message that crosses the wire or a USB stick — the one definition app and server import.

pydantic v2 models; `sync/README.md` shows each with an example. Requests carry the protocol version:
POST bodies in their `protocol` field, GET requests in the `Jaring-Protocol` header. The server serves
every version from MIN_PROTOCOL_VERSION to PROTOCOL_VERSION and answers an older app with 426.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sync.canonical import canonical_json, orjson, sha256_hex

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "Jaring-Protocol"
MAX_CHANGES_PER_BATCH = 1000
MAX_ATTACHMENT_BYTES = 32 * 1024 * 1024  # one photo or scanned document; the laptop refuses larger ones


class Kind(StrEnum):
    HOUSEHOLD = "household"
    COMPLAINT = "complaint"
    COMPLAINT_EVENT = "complaint_event"
    SERVICE = "service"  # a service a person received (forms/definitions/service@1.json)
    VISIT = "visit"  # a follow-up visit to a person (forms/definitions/visit@1.json)
    PROPOSAL = "proposal"  # a DTSEN proposal or objection (forms/definitions/usulan@1.json)


class ComplaintStep(StrEnum):
    """The SLRT workflow (docs/domain.md#steps-and-deadlines); a device writes only DITERIMA, the server
    every later step."""

    DITERIMA = "diterima"
    DIVERIFIKASI = "diverifikasi"
    DIRUJUK = "dirujuk"
    DITINDAKLANJUTI = "ditindaklanjuti"
    SELESAI = "selesai"
    DITOLAK = "ditolak"


class ResultStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


# Rejection codes with their messages; the server and the client's summary both read them from here.
REJECTIONS: dict[str, tuple[str, str]] = {
    "invalid_answer": ("Jawaban tidak valid.", "Invalid answer."),
    "unknown_form_version": (
        "Versi formulir tidak dikenal server.",
        "The server does not know this form version.",
    ),
    "out_of_area": ("Data ini di luar wilayah perangkat ini.", "The record is outside this device's area."),
    "change_id_reused": (
        "ID perubahan sudah dipakai untuk isi yang lain (penyimpanan dipulihkan dari cadangan lama?).",
        "This change id was already used with another body (was the store restored from an old backup?).",
    ),
    "server_owned_field": (
        "Isian ini hanya boleh diubah Dinas Sosial.",
        "Only the district may change this field.",
    ),
    "invalid_change": ("Perubahan tidak lengkap atau rusak.", "The change is incomplete or malformed."),
    "erased": (
        "Data ini sudah dihapus permanen oleh Dinas Sosial (atas permintaan pemiliknya atau karena masa "
        "simpannya habis) dan tidak dibuat lagi.",
        "The district erased this record for good (at its owner's request or at the end of its retention); "
        "it is not created again.",
    ),
    "record_kind_mismatch": (
        "Jenis data tidak cocok (rumah tangga, pengaduan, layanan, kunjungan atau usulan).",
        "The record kind does not match.",
    ),
}


def rejection(code: str, path: str = "", id: str | None = None, en: str | None = None) -> Rejection:
    default_id, default_en = REJECTIONS.get(code, ("Ditolak.", "Rejected."))
    return Rejection(path=path, code=code, id=id or default_id, en=en or default_en)


_NULL = re.compile(b"null")


def _finite(value: Any) -> Any:
    """Refuse NaN and infinities anywhere inside: Python's JSON reader takes them, JSON itself does not."""
    if orjson is not None and isinstance(value, (dict, list)):
        # orjson writes NaN and the infinities as `null`, and with PASSTHROUGH_SUBCLASS it refuses every
        # subclass of dict, list, str, int and float: output without "null" therefore means no such number in
        # any dict or list the walk below would enter. ~1.5 µs for a household's fields instead of a Python
        # step per value. A null (a cleared answer, the text "null", or a NaN) or a refusal (a number past
        # 64 bits, a subclass, too deep) leaves the answer to the walk. (The regex finds "null" ~1.5x faster
        # than `in` on CPython 3.11.)
        try:
            if _NULL.search(orjson.dumps(value, option=orjson.OPT_PASSTHROUGH_SUBCLASS)) is None:
                return value
        except orjson.JSONEncodeError:
            pass
    return _finite_walk(value)


def _finite_walk(value: Any) -> Any:
    """`_finite` step by step, for any value."""
    if not isinstance(value, (dict, list)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("numbers must be finite (no NaN or Infinity)")
        return value
    stack = [value]
    while stack:  # containers only: a change's fields are a flat dict of mostly text (~3x cheaper)
        item = stack.pop()
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, float):
                if not math.isfinite(child):
                    raise ValueError("numbers must be finite (no NaN or Infinity)")
            elif isinstance(child, (dict, list)):
                stack.append(child)
    return value


JsonObject = Annotated[dict[str, Any], AfterValidator(_finite)]
JsonValue = Annotated[Any, AfterValidator(_finite)]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class ServerMessage(Message):
    """What the server sends and a device reads. A newer server may add fields an older app does not know
    (a district upgrades before its laptops do): the app ignores them instead of failing every sync, while
    what devices send, which the server judges, stays strict."""

    model_config = ConfigDict(extra="ignore", frozen=False)


class ErrorBody(ServerMessage):
    """Every 4xx body: a machine code and both languages."""

    code: str
    id: str
    en: str


# --- enrollment ---------------------------------------------------------------------------


class EnrollRequest(Message):
    protocol: int = PROTOCOL_VERSION
    code: str = Field(min_length=4, max_length=64)
    sign_key: str = Field(description="device Ed25519 public key, base64")
    box_key: str = Field(description="device X25519 public key, base64")
    app_version: str = ""
    label: str = Field(default="", max_length=100)


class EnrollAnswer(ServerMessage):
    protocol: int = PROTOCOL_VERSION
    device_id: str
    device_number: int = Field(ge=1, le=99)
    token: str
    area: str = Field(description="dotted Kemendagri code of a desa or kecamatan")
    server_sign_key: str
    server_box_key: str
    server_url: str = ""


# --- push ---------------------------------------------------------------------------------


class Change(Message):
    change_id: str = Field(min_length=1, max_length=64)
    kind: Kind
    record_id: str = Field(min_length=1, max_length=64)
    base_rev: int | None = Field(default=None, ge=0)
    form_id: str = ""
    form_version: int = 0
    fields: JsonObject
    clocks: dict[str, str]
    deleted: bool = False
    # A complaint's reference number, made offline by the device (printed on the citizen's receipt); the server
    # keeps the first one it receives for the record and serves the public status page by it.
    reference: str = Field(default="", max_length=40, pattern=r"^[A-Z0-9-]*$")

    def digest(self) -> str:
        """SHA-256 of the canonical JSON: the same for a retry, different for a reused change_id."""
        try:
            # The fields as they are: a change read from JSON holds only JSON values, for which this is
            # byte for byte what `model_dump(mode="json")` gives, without its ~25 µs per household.
            data = canonical_json(self.__dict__)
        except (TypeError, ValueError):  # built in Python with a date, a set, …: let pydantic convert
            data = canonical_json(self.model_dump(mode="json"))
        return sha256_hex(data)


MAX_AUDIT_PER_UPLOAD = 1000


class PushBatch(Message):
    protocol: int = PROTOCOL_VERSION
    device_id: str
    batch_id: str
    changes: list[Change] = Field(max_length=MAX_CHANGES_PER_BATCH)


class AuditEntry(Message):
    """One row of a laptop's own audit (open, change, delete, export, print, search…): who did what to which
    record, when. `seq` is the row's number on the laptop; the district keeps each once (UU 27/2022: the
    district answers for every access, on the laptop too)."""

    seq: int = Field(ge=1)
    at: str = Field(max_length=40)
    operator: str = Field(max_length=80)
    action: str = Field(max_length=40)
    record_id: str | None = Field(default=None, max_length=64)
    detail: str = Field(default="", max_length=500)


class AuditUpload(Message):
    """POST /api/v1/sync/audit: the laptop's audit rows the district has not confirmed yet."""

    protocol: int = PROTOCOL_VERSION
    device_id: str
    entries: list[AuditEntry] = Field(max_length=MAX_AUDIT_PER_UPLOAD)


class AuditAck(ServerMessage):
    through: int = Field(ge=0, description="the district holds every entry up to this seq")


class Rejection(ServerMessage):
    path: str = ""
    code: str
    id: str
    en: str


class ChangeResult(ServerMessage):
    change_id: str
    status: ResultStatus
    rev: int | None = None
    conflicts: list[str] = Field(default_factory=list, description="paths where a concurrent edit lost")
    rejections: list[Rejection] = Field(default_factory=list)
    clamped: bool = False  # a stamp was far in the future and was pulled back: check the laptop's date


class PushResponse(ServerMessage):
    protocol: int = PROTOCOL_VERSION
    batch_id: str
    results: list[ChangeResult]
    server_time_ms: int


# --- pull ---------------------------------------------------------------------------------


class ReviewFlag(ServerMessage):
    code: str
    id: str
    en: str
    paths: list[str] = Field(default_factory=list)


class ConflictNote(ServerMessage):
    """An open entry of the server's conflict log on a record: a concurrent edit of `path` that lost. Only the
    server can tell a concurrent edit from a later one (it knows each change's base revision), so devices log
    the notes that concern their own edits instead of guessing from stamps."""

    path: str
    winner_value: JsonValue = None
    winner_stamp: str
    loser_value: JsonValue = None
    loser_stamp: str


class PulledRecord(ServerMessage):
    record_id: str
    kind: Kind
    form_id: str
    form_version: int
    area: str
    answers: JsonObject
    clocks: dict[str, str]
    rev: int
    deleted: bool = False
    review_flags: list[ReviewFlag] = Field(default_factory=list)
    origin_device: str = ""
    created_by: str = ""
    reference: str = ""  # a complaint's reference number
    conflicts: list[ConflictNote] = Field(default_factory=list, description="open conflict-log entries")


class ComplaintEvent(ServerMessage):
    event_id: str
    record_id: str
    step: ComplaintStep
    at: str = Field(description="ISO 8601 UTC time")
    by: str = ""
    note: str = ""
    referral: str = ""
    rev: int = 0


class FormUpdate(ServerMessage):
    form_id: str
    version: int
    definition: JsonObject


class ReferenceData(ServerMessage):
    name: str
    version: str
    data: JsonValue


class PersonLink(ServerMessage):
    """Two household members the district confirmed as one person (the console's duplicate review).
    Server-owned: only the server makes links; a device stores them as they come."""

    link_id: str
    record_id: str
    member_id: str
    other_record_id: str
    other_member_id: str
    by: str = ""
    at: str = Field(description="ISO 8601 UTC time")
    rev: int = 0
    # The district took the link back (an undone decision): the device removes it. Left out when false.
    withdrawn: bool = Field(default=False, exclude_if=lambda withdrawn: not withdrawn)


class Purge(ServerMessage):
    """A record the district erased for good (a citizen's request, or the end of its retention): the device
    removes every trace of it — answers, history, drafts, photos, search rows — and refuses it from then on."""

    record_id: str
    rev: int = 0


class PullPage(ServerMessage):
    protocol: int = PROTOCOL_VERSION
    cursor: int
    next_cursor: int
    has_more: bool
    records: list[PulledRecord] = Field(default_factory=list)
    events: list[ComplaintEvent] = Field(default_factory=list)
    forms: list[FormUpdate] = Field(default_factory=list)
    reference: list[ReferenceData] = Field(default_factory=list)
    # Left out of the JSON when empty, so a page without links reads the same as before links existed.
    person_links: list[PersonLink] = Field(default_factory=list, exclude_if=lambda links: not links)
    purges: list[Purge] = Field(default_factory=list, exclude_if=lambda purges: not purges)


# --- attachments --------------------------------------------------------------------------


class AttachmentStatus(ServerMessage):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    received: int = Field(ge=0)
    complete: bool


class AttachmentChunk(Message):
    """Headers of a chunk upload: PUT /api/v1/attachments/{sha256}?offset=N&size=TOTAL, body = raw bytes."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    offset: int = Field(ge=0)
    size: int = Field(ge=0)


# --- bundles ------------------------------------------------------------------------------


class EnrollmentProof(Message):
    """In a file-enrolled device's first bundle: its public keys and an HMAC made with the one-time code."""

    sign_key: str
    box_key: str
    mac: str


class BundleHeader(Message):
    format: Literal["jaring-bundle"] = "jaring-bundle"
    format_version: int
    direction: Literal["outbound", "return"]
    sender: str  # device id, or "server"
    recipient: str  # "server", or a device id
    created_at: str
    counts: dict[str, int] = Field(default_factory=dict)
    payload_sha256: str
    enrollment_proof: EnrollmentProof | None = None


class OutboundPayload(Message):
    """What a village's bundle carries: the same batches an HTTP push sends, plus attachments."""

    device_id: str
    batches: list[PushBatch]
    attachments: dict[str, str] = Field(default_factory=dict, description="sha256 -> base64 bytes")
    pull_cursor: int = Field(
        default=0, ge=0, description="where the device's pull stands: the return starts there"
    )
    audit: list[AuditEntry] = Field(default_factory=list, exclude_if=lambda entries: not entries)


class ReturnPayload(ServerMessage):
    """What the district sends back: the results for the device's changes and what a pull would bring."""

    device_id: str
    results: list[ChangeResult]
    pages: list[PullPage]
    # the attachments the device's bundle carried that the district now holds whole: not sent again
    attachments_held: list[str] = Field(default_factory=list)
    # the laptop's audit rows the district holds: up to this seq (crud/device_audit.py)
    audit_through: int = Field(default=0, ge=0, exclude_if=lambda through: not through)
