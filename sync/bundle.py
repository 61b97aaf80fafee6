"""Offline bundles: the same push batches (outbound) or results and pull pages (return), as one file.

Layout: MAGIC | u32 header length | header (JSON) | u64 body length | body | Ed25519 signature (64 bytes).
The body is the zstd-compressed payload encrypted to the recipient's X25519 key (libsodium sealed box);
the signature covers everything before it, so one flipped byte anywhere is caught before anything is
decrypted or parsed. Reading either returns the whole payload or raises a typed error — never part of it.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Callable
from datetime import UTC, datetime

import nacl.exceptions
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey
from pydantic import ValidationError

from forms.problems import UserError
from sync.compression import BadCompression, TooLarge, compress_zstd, decompress
from sync.keys import unb64
from sync.protocol import BundleHeader, EnrollmentProof

MAGIC = b"JARING-BUNDLE\n"
FORMAT_VERSION = 1
SIGNATURE_BYTES = 64
MAX_PAYLOAD_BYTES = 512 * 1024 * 1024  # decompressed; a bomb is refused, not unpacked


class BundleError(UserError):
    code = "bundle_error"


class BundleTampered(BundleError):
    code = "bundle_tampered"

    def __init__(self, detail: str = ""):
        super().__init__(
            "Bundel rusak atau telah diubah; tidak ada yang diimpor." + (f" ({detail})" if detail else ""),
            "The bundle is damaged or was altered; nothing was imported."
            + (f" ({detail})" if detail else ""),
        )


class BundleTruncated(BundleError):
    code = "bundle_truncated"

    def __init__(self) -> None:
        super().__init__(
            "Bundel terpotong (penyalinan belum selesai?); salin ulang berkasnya.",
            "The bundle is truncated (was the copy interrupted?); copy the file again.",
        )


class BundleNotForThisDevice(BundleError):
    code = "bundle_not_for_this_device"

    def __init__(self, recipient: str) -> None:
        super().__init__(
            f"Bundel ini untuk perangkat lain ({recipient}).",
            f"This bundle is for another device ({recipient}).",
        )


class UnsupportedBundleVersion(BundleError):
    code = "unsupported_bundle_version"

    def __init__(self, version: object) -> None:
        super().__init__(
            f"Versi bundel {version} tidak didukung; perbarui Jaring.",
            f"Bundle format version {version} is not supported; update Jaring.",
        )


class BundleUnknownSender(BundleError):
    code = "bundle_unknown_sender"

    def __init__(self, sender: str) -> None:
        super().__init__(
            f"Pengirim bundel ({sender}) tidak terdaftar dan tidak membawa bukti pendaftaran yang sah.",
            f"The bundle's sender ({sender}) is not enrolled and carries no valid enrollment proof.",
        )


def write_bundle(
    payload: dict,
    *,
    direction: str,
    sender: str,
    recipient: str,
    sender_key: SigningKey,
    recipient_key: PublicKey,
    counts: dict[str, int] | None = None,
    enrollment_proof: EnrollmentProof | None = None,
) -> bytes:
    """Compress, encrypt to the recipient, sign as the sender."""
    plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    compressed = compress_zstd(plain, level=10)
    body = SealedBox(recipient_key).encrypt(compressed)
    header = BundleHeader(
        format_version=FORMAT_VERSION,
        direction=direction,
        sender=sender,
        recipient=recipient,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        counts=counts or {},
        payload_sha256=hashlib.sha256(body).hexdigest(),
        enrollment_proof=enrollment_proof,
    )
    header_bytes = header.model_dump_json().encode("utf-8")
    signed = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + struct.pack(">Q", len(body)) + body
    return signed + sender_key.sign(signed).signature


def read_header(data: bytes) -> tuple[BundleHeader, int]:
    """The header (not yet authenticated!) and where the body length starts; for routing and listing."""
    if len(data) < len(MAGIC) + 4:
        raise (
            BundleTruncated()
            if MAGIC.startswith(data[: len(MAGIC)])
            else BundleTampered("not a Jaring bundle")
        )
    if not data.startswith(MAGIC):
        raise BundleTampered("not a Jaring bundle")
    (header_len,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if header_len > 1_000_000:
        raise BundleTampered("header length")
    if len(data) < start + header_len:
        raise BundleTruncated()
    try:
        raw = json.loads(data[start : start + header_len].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BundleTampered("header") from None
    if not isinstance(raw, dict):
        raise BundleTampered("header")
    if raw.get("format_version") != FORMAT_VERSION and isinstance(raw.get("format_version"), int):
        raise UnsupportedBundleVersion(raw.get("format_version"))
    try:
        header = BundleHeader.model_validate(raw)
    except ValidationError:
        raise BundleTampered("header") from None
    return header, start + header_len


def read_bundle(
    data: bytes,
    *,
    me: str,
    my_key: PrivateKey,
    sender_key: Callable[[str], VerifyKey | None],
    accept_proof: Callable[[str, EnrollmentProof], bool] | None = None,
    max_payload_bytes: int = MAX_PAYLOAD_BYTES,
) -> tuple[BundleHeader, dict]:
    """Authenticate, decrypt and unpack a bundle addressed to `me`; raises a BundleError otherwise.

    `sender_key(sender)` gives the registered key of a known sender. For a sender the server has not
    bound yet, `accept_proof(sender, proof)` decides whether the enrollment proof in the header is valid;
    then the header's key is used.
    """
    header, offset = read_header(data)
    if len(data) < offset + 8:
        raise BundleTruncated()
    (body_len,) = struct.unpack(">Q", data[offset : offset + 8])
    body_start = offset + 8
    end = body_start + body_len
    if len(data) < end + SIGNATURE_BYTES:
        raise BundleTruncated()
    if len(data) > end + SIGNATURE_BYTES:
        raise BundleTampered("trailing bytes")
    verify = sender_key(header.sender)
    if verify is None:
        proof = header.enrollment_proof
        if proof is None or accept_proof is None or not accept_proof(header.sender, proof):
            raise BundleUnknownSender(header.sender)
        try:
            verify = VerifyKey(unb64(proof.sign_key))
        except (ValueError, TypeError, nacl.exceptions.CryptoError):
            raise BundleTampered("proof key") from None
    try:
        verify.verify(data[:end], data[end:])
    except nacl.exceptions.BadSignatureError:
        raise BundleTampered("signature") from None
    if header.recipient != me:
        raise BundleNotForThisDevice(header.recipient)
    body = data[body_start:end]
    if hashlib.sha256(body).hexdigest() != header.payload_sha256:
        raise BundleTampered("payload digest")
    try:
        compressed = SealedBox(my_key).decrypt(body)
    except nacl.exceptions.CryptoError:
        raise BundleNotForThisDevice(header.recipient) from None
    try:
        plain = decompress(compressed, "zstd", max_payload_bytes)
        payload = json.loads(plain.decode("utf-8"))
    except TooLarge:
        raise BundleTampered("payload too large") from None
    except (BadCompression, UnicodeDecodeError, json.JSONDecodeError):
        raise BundleTampered("payload") from None
    if not isinstance(payload, dict):
        raise BundleTampered("payload")
    return header, payload
