"""Enrollment by file, for a village that never sees a network (docs/sync-protocol.md#enrollment).

The district prints a one-time code beside the file. The file carries the enrollment answer (device id,
token, area, the server's keys) encrypted and authenticated with a key derived from that code (Argon2id,
libsodium's SecretBox): a file without its code reveals nothing, and a forged or altered file is refused.
The device's own public keys reach the server in its first bundle with a proof — an HMAC keyed by the
same code over those keys — which the server checks before binding them.
"""

from __future__ import annotations

import hashlib
import hmac
import json

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils

from forms.problems import UserError
from sync import kdf
from sync.canonical import canonical_json
from sync.keys import b64, unb64
from sync.protocol import EnrollAnswer, EnrollmentProof

FILE_FORMAT = "jaring-enrollment"
FILE_FORMAT_VERSION = 1
_KDF = nacl.pwhash.argon2id


class EnrollmentFileRefused(UserError):
    code = "enrollment_file_refused"


def normalize_code(code: str) -> str:
    """Codes are printed in groups ("K7Q2-MX4P-9D"): compare without spaces and dashes, upper case."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def kdf_limits() -> tuple[int, int]:
    """(opslimit, memlimit) of the code's key: libsodium's interactive limits, or its minimum when the test
    suite asked for the cheapest (sync/kdf.py; writer and reader then share that environment)."""
    if kdf.cheap():
        return _KDF.OPSLIMIT_MIN, _KDF.MEMLIMIT_MIN
    return _KDF.OPSLIMIT_INTERACTIVE, _KDF.MEMLIMIT_INTERACTIVE


def _derive(code: str, salt: bytes) -> bytes:
    opslimit, memlimit = kdf_limits()
    return _KDF.kdf(
        nacl.secret.SecretBox.KEY_SIZE,
        normalize_code(code).encode("utf-8"),
        salt,
        opslimit=opslimit,
        memlimit=memlimit,
    )


def write_enrollment_file(answer: EnrollAnswer, code: str) -> bytes:
    salt = nacl.utils.random(_KDF.SALTBYTES)
    sealed = nacl.secret.SecretBox(_derive(code, salt)).encrypt(
        canonical_json(answer.model_dump(mode="json"))
    )
    document = {
        "format": FILE_FORMAT,
        "format_version": FILE_FORMAT_VERSION,
        "device_id": answer.device_id,
        "salt": b64(salt),
        "sealed": b64(bytes(sealed)),
    }
    return json.dumps(document, indent=1).encode("utf-8")


def read_enrollment_file(data: bytes, code: str) -> EnrollAnswer:
    """The enrollment answer, or EnrollmentFileRefused (wrong code, altered or not an enrollment file)."""
    refused = EnrollmentFileRefused(
        "Berkas pendaftaran ditolak: kode salah atau berkas rusak/diubah.",
        "Enrollment file refused: wrong code, or the file is damaged or altered.",
    )
    try:
        document = json.loads(data.decode("utf-8"))
        if document.get("format") != FILE_FORMAT:
            raise ValueError("not an enrollment file")
        if document.get("format_version") != FILE_FORMAT_VERSION:
            raise EnrollmentFileRefused(
                "Versi berkas pendaftaran tidak didukung; perbarui Jaring.",
                "Unsupported enrollment file version; update Jaring.",
            )
        plain = nacl.secret.SecretBox(_derive(code, unb64(document["salt"]))).decrypt(
            unb64(document["sealed"])
        )
        answer = EnrollAnswer.model_validate_json(plain)
    except EnrollmentFileRefused:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, nacl.exceptions.CryptoError):
        raise refused from None
    if answer.device_id != document.get("device_id"):
        raise refused
    return answer


def _proof_key(code: str, device_id: str) -> bytes:
    return _derive(code, hashlib.sha256(device_id.encode("utf-8")).digest()[: _KDF.SALTBYTES])


def make_enrollment_proof(code: str, device_id: str, sign_key: str, box_key: str) -> EnrollmentProof:
    mac = hmac.new(_proof_key(code, device_id), f"{sign_key}\n{box_key}".encode(), hashlib.sha256).hexdigest()
    return EnrollmentProof(sign_key=sign_key, box_key=box_key, mac=mac)


def check_enrollment_proof(code: str, device_id: str, proof: EnrollmentProof) -> bool:
    expected = make_enrollment_proof(code, device_id, proof.sign_key, proof.box_key).mac
    return hmac.compare_digest(expected, proof.mac)
