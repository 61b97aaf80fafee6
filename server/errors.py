"""Errors a client or an operator can cause, each with its HTTP status, code and both languages.

Routes raise these; one exception handler turns them into an `ErrorBody` (sync/protocol.py). The CLI
prints the same two messages (forms.problems.UserError), so nothing a user causes reaches them as a traceback.
"""

from __future__ import annotations

from forms.problems import UserError


class ApiError(UserError):
    status = 400
    headers: dict[str, str] | None = None
    commit_anyway = (
        False  # True: the transaction's writes (audit, attempt counters) are kept despite the error
    )

    def __init__(self, id: str, en: str, *, code: str | None = None, status: int | None = None):
        super().__init__(id, en, code=code)
        if status is not None:
            self.status = status


class BadRequest(ApiError):
    code = "bad_request"


class MalformedJson(ApiError):
    code = "malformed_json"

    def __init__(self, detail: str = ""):
        super().__init__(f"Isi permintaan bukan JSON yang sah. {detail}".strip(),
                         f"The request body is not valid JSON. {detail}".strip())  # fmt: skip


class InvalidMessage(ApiError):
    code = "invalid_message"
    status = 422

    def __init__(self, detail: str):
        super().__init__(f"Isi permintaan tidak sesuai protokol: {detail}",
                         f"The request does not match the protocol: {detail}")  # fmt: skip


class BadCompression(ApiError):
    code = "bad_compression"

    def __init__(self, detail: str = ""):
        super().__init__(f"Kompresi isi permintaan rusak atau tidak didukung. {detail}".strip(),
                         f"The request body's compression is broken or unsupported. {detail}".strip())  # fmt: skip


class TooLarge(ApiError):
    code = "too_large"
    status = 413

    def __init__(self, limit: int):
        super().__init__(f"Isi permintaan terlalu besar (batas {limit} bita); kirim dalam kelompok lebih kecil.",
                         f"The request is too large (limit {limit} bytes); send smaller batches.")  # fmt: skip


class BatchTooLarge(ApiError):
    code = "batch_too_large"
    status = 413

    def __init__(self, count: int, limit: int):
        super().__init__(f"Terlalu banyak perubahan dalam satu kiriman ({count}; batas {limit}).",
                         f"Too many changes in one batch ({count}; limit {limit}).")  # fmt: skip


class ProtocolTooOld(ApiError):
    code = "protocol_too_old"
    status = 426

    def __init__(self, version: int, minimum: int):
        super().__init__(
            f"Aplikasi Jaring ini terlalu lama (protokol {version}); perbarui Jaring ke versi terbaru.",
            f"This Jaring app is too old (protocol {version}); please update Jaring to the latest version.",
        )
        self.headers = {"Upgrade": f"Jaring-Protocol/{minimum}"}


class ProtocolTooNew(ApiError):
    code = "protocol_too_new"

    def __init__(self, version: int, newest: int):
        super().__init__(f"Server belum mendukung protokol {version} (terbaru {newest}); hubungi Dinas Sosial.",
                         f"The server does not support protocol {version} yet (newest {newest}); contact the district.")  # fmt: skip


class NotAuthenticated(ApiError):
    code = "invalid_token"
    status = 401

    def __init__(self, id: str = "Token tidak dikenal; daftarkan ulang perangkat.",
                 en: str = "Unknown token; enroll the device again.", *, code: str | None = None):  # fmt: skip
        super().__init__(id, en, code=code)
        self.headers = {"WWW-Authenticate": "Bearer"}


class Forbidden(ApiError):
    code = "forbidden"
    status = 403


class NotFound(ApiError):
    code = "not_found"
    status = 404


class Conflict(ApiError):
    code = "conflict"
    status = 409


class TooManyAttempts(ApiError):
    code = "too_many_attempts"
    status = 429

    def __init__(self) -> None:
        super().__init__("Terlalu banyak percobaan yang salah; coba lagi nanti.",
                         "Too many failed attempts; try again later.")  # fmt: skip


class CodeRefused(ApiError):
    """Wrong, expired, used or locked enrollment code — one message, so a guesser learns nothing."""

    code = "enrollment_code_refused"
    status = 403

    def __init__(self, code: str = "enrollment_code_refused"):
        super().__init__(
            "Kode pendaftaran salah, kedaluwarsa, sudah dipakai atau terkunci; minta kode baru ke Dinas Sosial.",
            "The enrollment code is wrong, expired, already used or locked; ask the district for a new one.",
            code=code,
        )
