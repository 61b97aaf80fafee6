"""USB bundles on a laptop: export this laptop's pending changes, import what arrives on a stick, and — on
a TKSK laptop — carry other villages' bundles to the district and their return bundles back.

The reading, writing and applying is `sync.offline` (the same store port as the HTTP client); this module
decides what an arriving file is, keeps carried files in `<data dir>/relay/`, and talks to the relay
endpoints. Carried bundles need no protection here: they are already encrypted to their recipient.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from app.store.store import Store
from forms.problems import UserError
from sync import files
from sync.bundle import BundleError, read_header
from sync.enrollment import make_enrollment_proof
from sync.offline import (
    SERVER,
    BundleKeys,
    NotEnrolled,
    Outbound,
    ReturnSummary,
    export_outbound,
    import_return,
)
from sync.protocol import EnrollmentProof

PROOF_SETTING = "enrollment_proof"
SERVE_DAYS = 90  # a TKSK laptop keeps fetching return bundles for a village this long after its last upload
TIMEOUT = (10, 120)  # connect, read (seconds): a bundle of a whole desa may take a while on a slow link


class BundleUnwritable(UserError):
    code = "bundle_unwritable"

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"Bundel tidak dapat ditulis ke {path}: {reason}.",
                         f"Cannot write the bundle to {path}: {reason}.")  # fmt: skip


class BundleUnreadable(UserError):
    code = "bundle_unreadable"

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"Berkas {path} tidak dapat dibaca: {reason}.", f"Cannot read the file {path}: {reason}."
        )


class NotForThisRoute(UserError):
    code = "bundle_not_carried"

    def __init__(self) -> None:
        super().__init__(
            "Bundel ini bukan untuk laptop ini dan bukan untuk dibawa ke Dinas Sosial.",
            "This bundle is neither for this laptop nor for carrying to the district.",
        )


def remember_enrollment_proof(store: Store, code: str) -> None:
    """After enrolling by file: the proof of this laptop's keys its first bundles carry (the code itself is
    not kept)."""
    sign_key, box_key = BundleKeys(store.device_keys(), "", "").public()
    proof = make_enrollment_proof(code, store.setting("device_id"), sign_key, box_key)
    store.set_settings({PROOF_SETTING: proof.model_dump_json()})


def bundle_keys(store: Store) -> BundleKeys:
    if store.practice:
        raise NotEnrolled()
    proof = store.setting(PROOF_SETTING)
    return BundleKeys(
        store.device_keys(),
        store.setting("server_sign_key"),
        store.setting("server_box_key"),
        EnrollmentProof.model_validate_json(proof) if proof else None,
    )


def _write_atomically(path: Path, data: bytes) -> None:
    """A bundle on a USB stick is either whole under its name or absent: write aside, flush, rename."""
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        files.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise BundleUnwritable(path, err.strerror or str(err)) from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise BundleUnreadable(path, err.strerror or str(err)) from None


def export_bundle(store: Store, out: Path) -> Outbound:
    """Every pending change of this laptop and the attachments the district has not confirmed, for the
    district; they stay pending until the return bundle (attachments until a sync finds them there)."""
    outbound = export_outbound(store, bundle_keys(store), attachments=store.attachments.unsent())
    _write_atomically(out, outbound.data)
    store.audit("bundle.export", detail=f"{outbound.changes} changes, {outbound.attachments} attachments")
    return outbound


@dataclass
class ImportOutcome:
    kind: str  # "return" (applied here) | "carry" (to the district) | "carry-back" (to a village)
    device: str  # whose bundle it is
    summary: ReturnSummary | None = None
    path: Path | None = None  # where a carried bundle now waits


def relay_dir(store: Store, which: str) -> Path:
    path = Path(store.data_dir) / "relay" / which
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_bundle(store: Store, path: Path) -> ImportOutcome:
    """A return bundle for this laptop is applied; another village's outbound bundle is kept to carry to
    the district (a TKSK laptop); a return bundle for another laptop is kept to carry back."""
    data = _read(path)
    header, _ = read_header(data)  # the routing part; everything is authenticated by whoever opens it
    me = store.setting("device_id") if not store.practice else ""
    if header.direction == "return" and header.recipient == me:
        summary = import_return(store, data, bundle_keys(store))
        if summary.results:
            store.set_settings({PROOF_SETTING: ""})  # the district has our keys now
        store.audit("bundle.import", detail=f"{summary.results} results, {summary.received} received")
        return ImportOutcome("return", me, summary=summary)
    if header.direction == "outbound" and header.recipient == SERVER and header.sender != me:
        target = (
            relay_dir(store, "outbound") / f"{header.sender}-{hashlib.sha256(data).hexdigest()[:12]}.bundle"
        )
        if not target.exists():  # the same bundle twice is carried once
            _write_atomically(target, data)
        return ImportOutcome("carry", header.sender, path=target)
    if header.direction == "return" and header.recipient != me:
        target = relay_dir(store, "return") / f"{header.recipient}.bundle"
        _write_atomically(target, data)
        return ImportOutcome("carry-back", header.recipient, path=target)
    raise NotForThisRoute()


@dataclass(frozen=True)
class Carried:
    direction: str  # "outbound" (to the district) | "return" (back to a village)
    device: str
    path: Path
    size: int
    created_at: str


def carried(store: Store) -> list[Carried]:
    """What this laptop carries, oldest first."""
    found = []
    for direction in ("outbound", "return"):
        for path in sorted(relay_dir(store, direction).glob("*.bundle")):
            try:
                header, _ = read_header(path.read_bytes())
            except (OSError, BundleError):
                continue
            device = header.sender if direction == "outbound" else header.recipient
            found.append(Carried(direction, device, path, path.stat().st_size, header.created_at))
    return sorted(found, key=lambda c: c.created_at)


def serves_villages(store: Store) -> bool:
    """True on a laptop that carries bundles for other villages (or recently did): its sync relays them."""
    return any(next(relay_dir(store, d).glob("*.bundle"), None) is not None for d in ("outbound", "sent"))


def take_return(store: Store, device: str, out: Path) -> Path:
    """Copy the return bundle carried for `device` onto the stick (it stays here until the next one)."""
    source = relay_dir(store, "return") / f"{device}.bundle"
    if not source.exists():
        raise UserError(f"Tidak ada bundel balasan untuk perangkat {device}.",
                        f"No return bundle is carried for device {device}.", code="no_return_bundle")  # fmt: skip
    _write_atomically(out, _read(source))
    return out


@dataclass
class RelayResult:
    uploaded: list[str] = field(default_factory=list)  # device ids whose bundles the district took
    fetched: list[str] = field(default_factory=list)  # device ids whose return bundles are now carried
    refused: list[tuple[str, str]] = field(default_factory=list)  # (device id, reason)


class RelayUnreachable(UserError):
    code = "server_unreachable"

    def __init__(self, url: str) -> None:
        super().__init__(f"Server {url} tidak dapat dihubungi; bundel tetap disimpan untuk dicoba lagi.",
                         f"Cannot reach the server {url}; the bundles are kept for the next try.")  # fmt: skip


def _reason(response: requests.Response) -> str:
    try:
        body = response.json()
        return f"{body.get('id', '')} / {body.get('en', '')}".strip(" /") or response.reason
    except ValueError:
        return f"HTTP {response.status_code}"


def relay(store: Store, server_url: str, *, http: requests.Session | None = None) -> RelayResult:
    """Upload the carried outbound bundles (each kept until the district has taken it), then fetch the
    return bundles of every village this laptop has carried for. Network failures leave everything as it
    was for the next try."""
    if not server_url:
        raise NotEnrolled()
    http = http or requests.Session()
    try:
        return _relay(store, server_url, http)
    except requests.RequestException:
        raise RelayUnreachable(server_url) from None


def _relay(store: Store, server_url: str, http: requests.Session) -> RelayResult:
    headers = {"Authorization": f"Bearer {store.setting('token')}"}
    base = server_url.rstrip("/") + "/api/v1/bundles"
    result = RelayResult()
    sent_dir = relay_dir(store, "sent")
    for item in [c for c in carried(store) if c.direction == "outbound"]:
        response = http.post(base, data=item.path.read_bytes(), headers=headers, timeout=TIMEOUT)
        if response.status_code == 200:
            files.replace(item.path, sent_dir / item.path.name)
            os.utime(sent_dir / item.path.name)  # when the district took it: the serving window starts now
            result.uploaded.append(item.device)
        elif 400 <= response.status_code < 500:
            result.refused.append((item.device, _reason(response)))
        else:
            response.raise_for_status()
    # Every village this laptop has carried for recently gets its latest return bundle at each relay, so a
    # complaint step made at the district after the upload still travels back on the next visit.
    newest: dict[str, Path] = {}
    for path in sorted(sent_dir.glob("*.bundle"), key=lambda p: p.stat().st_mtime):
        sender = _sender(path)
        if sender is None or time.time() - path.stat().st_mtime > SERVE_DAYS * 86400:
            path.unlink(missing_ok=True)
            continue
        if sender in newest:
            newest[sender].unlink(missing_ok=True)  # one marker per village is enough
        newest[sender] = path
    for device in sorted(newest):
        response = http.get(base + "/return", params={"device": device}, headers=headers, timeout=TIMEOUT)
        if response.status_code == 200:
            _write_atomically(relay_dir(store, "return") / f"{device}.bundle", response.content)
            result.fetched.append(device)
        elif 400 <= response.status_code < 500:
            result.refused.append((device, _reason(response)))
        else:
            response.raise_for_status()
    store.audit(
        "bundle.relay", detail=json.dumps({"uploaded": len(result.uploaded), "fetched": len(result.fetched)})
    )
    return result


def _sender(path: Path) -> str | None:
    try:
        return read_header(path.read_bytes())[0].sender
    except (OSError, BundleError):
        return None
