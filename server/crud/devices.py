"""Enrollment codes, device enrollment (online and by file), device tokens and revocation."""

from __future__ import annotations

import uuid
from datetime import timedelta

from nacl.public import SealedBox
from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from forms.domain import regions
from server.core.clock import aware, utcnow
from server.core.config import Settings
from server.core.security import new_code, new_token, same_digest, secret_digest, split_code, token_digest
from server.crud.audit import audit
from server.crud.keys import server_key_row, server_keys
from server.crud.throttle import blocked, record_failure
from server.errors import BadRequest, CodeRefused, Forbidden, NotAuthenticated, NotFound, TooManyAttempts
from server.models import Device, EnrollmentCode
from server.scope import covers, in_scope
from sync.enrollment import check_enrollment_proof, write_enrollment_file
from sync.keys import box_public_key, unb64, verify_key
from sync.protocol import EnrollAnswer, EnrollmentProof, EnrollRequest

MAX_DEVICE_NUMBER = 99


def check_enrollable_area(area: str, scope: str = "") -> str:
    """A device is bound to a known desa or kecamatan (dotted code) inside the issuer's scope."""
    region = regions.get(area)
    if region is None or region.code != area or region.level not in ("desa", "kecamatan"):
        raise BadRequest(f"'{area}' bukan kode desa atau kecamatan yang dikenal.",
                         f"'{area}' is not a known desa or kecamatan code.")  # fmt: skip
    if not covers(scope, area):
        raise Forbidden(f"Wilayah {area} di luar wilayah Anda ({scope}).",
                        f"Area {area} lies outside your area ({scope}).")  # fmt: skip
    return area


def issue_code(session: Session, *, area: str, settings: Settings, kind: str = "online", device_id: str = "",
               sealed_code: str = "", actor: str = "cli", scope: str = "") -> str:  # fmt: skip
    """A one-time code bound to `area`; printed once, stored only as a digest of its secret."""
    check_enrollable_area(area, scope)
    printed, lookup, secret = new_code()
    while session.get(EnrollmentCode, lookup) is not None:  # 32^4 lookup ids: a clash is rare but possible
        printed, lookup, secret = new_code()
    now = utcnow()
    ttl = (
        timedelta(days=settings.file_code_days)
        if kind == "file"
        else timedelta(hours=settings.code_ttl_hours)
    )
    session.add(EnrollmentCode(lookup=lookup, secret_hash=secret_digest(secret), area=area, kind=kind,
                               device_id=device_id, sealed_code=sealed_code, created_by=actor, created_at=now,
                               expires_at=now + ttl))  # fmt: skip
    audit(
        session,
        actor=actor,
        action="enroll_code.issue",
        target=f"code:{lookup}",
        area=area,
        detail={"kind": kind},
    )
    return printed


def _next_device_number(session: Session, area: str) -> int:
    """The lowest number no device of an overlapping area ever had (revoked ones included): the same desa, a
    kecamatan above it, or a desa below it. A reference number is desa digits + device number
    (sync/reference.py), and a kecamatan device writes its complaints under the desa's digits, so two devices
    that may write for the same desa must never share a number — else one could take the other's receipts."""
    # Serialise number picking across processes: lock the 'device' counter row for this transaction.
    session.execute(text("SELECT value FROM counter WHERE name = 'device' FOR UPDATE")
                    if session.get_bind().dialect.name == "postgresql"
                    else text("SELECT value FROM counter WHERE name = 'device'"))  # fmt: skip
    above = [".".join(area.split(".")[:n]) for n in range(1, area.count(".") + 1)]
    used = set(session.execute(select(Device.number).where(or_(
        Device.area == area, Device.area.in_(above), Device.area.like(area + ".%")))).scalars())  # fmt: skip
    number = next((n for n in range(1, MAX_DEVICE_NUMBER + 1) if n not in used), None)
    if number is None:
        raise BadRequest(f"Wilayah {area} sudah punya {MAX_DEVICE_NUMBER} perangkat.",
                         f"Area {area} already has {MAX_DEVICE_NUMBER} devices.")  # fmt: skip
    return number


def _answer(session: Session, device: Device, token: str, settings: Settings) -> EnrollAnswer:
    keys = server_key_row(session)
    return EnrollAnswer(device_id=device.id, device_number=device.number, token=token, area=device.area,
                        server_sign_key=keys.sign_public, server_box_key=keys.box_public,
                        server_url=settings.server_url)  # fmt: skip


def _refuse(code: str = "enrollment_code_refused") -> CodeRefused:
    error = CodeRefused(code)
    error.commit_anyway = True  # keep the wrong-try count and the audit row
    return error


def enroll(session: Session, *, request: EnrollRequest, client: str, settings: Settings) -> EnrollAnswer:
    """Trade a one-time code and the device's public keys for a device identity and token."""
    throttle_key = f"enroll:{client}"
    if blocked(session, key=throttle_key, max_failures=settings.throttle_max_failures,
               window_s=settings.throttle_window_s):  # fmt: skip
        raise TooManyAttempts()
    try:
        verify_key(request.sign_key)
        box_public_key(request.box_key)
    except Exception:  # noqa: BLE001 - any decoding/length problem of a key is the client's
        raise BadRequest("Kunci publik perangkat tidak sah.", "The device's public keys are invalid.",
                         code="invalid_keys") from None  # fmt: skip
    lookup, secret = split_code(request.code)
    row = session.get(EnrollmentCode, lookup, with_for_update=True) if lookup else None
    now = utcnow()

    def fail(reason: str) -> CodeRefused:
        record_failure(session, key=throttle_key, window_s=settings.throttle_window_s)
        audit(session, actor="anonymous", action="enroll.failed", target=f"code:{lookup[:8]}",
              detail={"reason": reason, "client": client})  # fmt: skip
        return _refuse()

    if row is None:
        raise fail("unknown")
    if row.locked:
        raise fail("locked")
    if not same_digest(row.secret_hash, secret_digest(secret)):
        row.failed_attempts += 1
        if row.failed_attempts >= settings.code_max_attempts:
            row.locked = True
        raise fail("wrong_secret")
    if row.used_at is not None:
        raise fail("used")
    if aware(row.expires_at) < now:
        raise fail("expired")
    if row.kind != "online":
        raise fail("file_code")  # a file's code opens the file; it does not enroll another device online
    token = new_token()
    device = Device(id=str(uuid.uuid4()), number=_next_device_number(session, row.area), area=row.area,
                    label=request.label, status="active", token_hash=token_digest(token),
                    sign_key=request.sign_key, box_key=request.box_key, app_version=request.app_version,
                    enrolled_by="online", created_at=now)  # fmt: skip
    session.add(device)
    row.used_at = now
    audit(session, actor=f"device:{device.id}", action="enroll", target=f"code:{lookup}", area=row.area,
          detail={"number": device.number, "client": client})  # fmt: skip
    session.flush()
    return _answer(session, device, token, settings)


def enroll_file(session: Session, *, area: str, settings: Settings, label: str = "",
                actor: str = "cli", scope: str = "") -> tuple[str, bytes]:  # fmt: skip
    """(printed code, enrollment file bytes) for a village with no network; the device id is reserved now."""
    check_enrollable_area(area, scope)
    token = new_token()
    now = utcnow()
    device = Device(id=str(uuid.uuid4()), number=_next_device_number(session, area), area=area, label=label,
                    status="reserved", token_hash=token_digest(token), enrolled_by="file", created_at=now)  # fmt: skip
    session.add(device)
    session.flush()
    # The server must check the key proof in the device's first bundle with this code: keep it sealed to
    # the server's own key (never in plain text) rather than only as a digest.
    keys = server_keys(session)
    printed = issue_code(session, area=area, settings=settings, kind="file", device_id=device.id, actor=actor)
    row = session.get(EnrollmentCode, split_code(printed)[0])
    row.sealed_code = SealedBox(keys.box.public_key).encrypt(printed.encode("utf-8")).hex()
    audit(session, actor=actor, action="enroll_file.issue", target=f"device:{device.id}", area=area)
    return printed, write_enrollment_file(_answer(session, device, token, settings), printed)


def accept_enrollment_proof(session: Session, *, device_id: str, proof: EnrollmentProof) -> bool:
    """Check a file-enrolled device's key proof (from its first bundle) and bind its keys; one use only."""
    device = session.get(Device, device_id, with_for_update=True)
    row = session.execute(
        select(EnrollmentCode).where(EnrollmentCode.device_id == device_id, EnrollmentCode.kind == "file")
    ).scalar_one_or_none()
    if device is None or row is None or device.status == "revoked":
        return False
    if device.status == "active":  # already bound: the same keys again are fine, other keys are not
        return device.sign_key == proof.sign_key and device.box_key == proof.box_key
    if row.locked or row.used_at is not None or aware(row.expires_at) < utcnow():
        return False
    code = SealedBox(server_keys(session).box).decrypt(bytes.fromhex(row.sealed_code)).decode("utf-8")
    if not check_enrollment_proof(code, device_id, proof):
        row.failed_attempts += 1
        row.locked = row.failed_attempts >= 5
        return False
    try:
        unb64(proof.sign_key), unb64(proof.box_key)
    except ValueError:
        return False
    device.sign_key, device.box_key, device.status = proof.sign_key, proof.box_key, "active"
    row.used_at = utcnow()
    audit(session, actor=f"device:{device_id}", action="enroll.file_bound", area=device.area)
    return True


def device_for_token(session: Session, *, token: str) -> Device:
    """The device holding this bearer token; revoked or unknown tokens are refused (401)."""
    device = session.execute(
        select(Device).where(Device.token_hash == token_digest(token))
    ).scalar_one_or_none()
    if device is None:
        raise NotAuthenticated()
    if device.status == "revoked":
        raise NotAuthenticated("Perangkat ini sudah dicabut oleh Dinas Sosial.",
                               "This device was revoked by the district.", code="token_revoked")  # fmt: skip
    return device


def list_devices(session: Session, *, scope: str = "") -> list[Device]:
    """Every device within `scope` ("" the district), by area and number."""
    query = select(Device).order_by(Device.area, Device.number)
    if scope:
        query = query.where(in_scope(Device.area, scope))
    return list(session.execute(query).scalars())


def get_device(session: Session, *, device_id: str, scope: str = "") -> Device:
    """The device, when it lies within `scope`; NotFound otherwise (another kecamatan's is not shown)."""
    device = session.get(Device, device_id)
    if device is None or not covers(scope, device.area):
        raise NotFound(f"Perangkat {device_id} tidak ditemukan.", f"Device {device_id} not found.")
    return device


def revoke_device(session: Session, *, device_id: str, actor: str = "cli", scope: str = "") -> Device:
    device = get_device(session, device_id=device_id, scope=scope)
    if device.status != "revoked":  # revoking twice keeps the first time
        device.status, device.revoked_at = "revoked", utcnow()
    audit(session, actor=actor, action="device.revoke", target=f"device:{device_id}", area=device.area)
    return device
