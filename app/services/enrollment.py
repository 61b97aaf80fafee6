"""Enrolling this laptop with the district server, leaving practice mode: online (a server address and a
one-time code) or with an enrollment file and its printed code (a village without a network). Used by the
first-run wizard, the Settings screen and `jaring enroll`; every failure is a UserError a volunteer can act on.

Records made before enrollment stay practice records (the store marks them): they never sync.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from app.services import bundles
from app.store import queries
from app.store.store import Changes, Store
from forms.domain import regions
from forms.problems import UserError
from sync.enrollment import normalize_code, read_enrollment_file
from sync.protocol import EnrollAnswer, EnrollRequest
from sync.transport import Refused, Transport, Unreachable, reason_words

CONNECT_TIMEOUT, READ_TIMEOUT = 10.0, 30.0


class BadServerAddress(UserError):
    code = "bad_server_address"

    def __init__(self, text: str) -> None:
        super().__init__(
            f"Alamat server tidak sah: '{text}'. Contoh: https://dinsos.example.go.id atau 192.168.1.10:8000.",
            f"Not a valid server address: '{text}'. For example https://dinsos.example.go.id or 192.168.1.10:8000.",
        )


class CodeMissing(UserError):
    code = "enrollment_code_missing"

    def __init__(self) -> None:
        super().__init__(
            "Isi kode pendaftaran dari Dinas Sosial (misalnya ABCD-EFGH-JKMN).",
            "Type the enrollment code from the district (for example ABCD-EFGH-JKMN).",
        )


class EnrollUnreachable(UserError):
    code = "enroll_server_unreachable"

    def __init__(self, url: str, reason: str = "", status: int | None = None) -> None:
        why_id, why_en = reason_words(reason, status)
        super().__init__(
            f"Server {url} tidak dapat dihubungi" + (f": {why_id}" if why_id else "") +
            ". Periksa alamat server dan jaringan, lalu coba lagi. Laptop tetap dalam mode latihan.",
            f"Cannot reach the server {url}" + (f": {why_en}" if why_en else "") +
            ". Check the server address and the network, then try again. The laptop stays in practice mode.",
        )  # fmt: skip


class NotAJaringServer(UserError):
    code = "not_a_jaring_server"

    def __init__(self, url: str) -> None:
        super().__init__(
            f"{url} menjawab, tetapi bukan server Jaring. Periksa alamatnya (tanyakan ke Dinas Sosial).",
            f"{url} answered, but it is not a Jaring server. Check the address (ask the district).",
        )


class EnrollmentFileUnreadable(UserError):
    code = "file_unreadable"

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"Berkas {path} tidak dapat dibaca: {reason}.", f"Cannot read {path}: {reason}.")


def server_address(text: str) -> str:
    """The server's base URL from what a person typed: a missing scheme is https for a name, http for an IP
    address or localhost (a district server on the office network); a trailing slash is dropped."""
    typed = text.strip()
    candidate = typed if "://" in typed else f"placeholder://{typed}"
    try:
        parts = urlsplit(candidate)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError:
        raise BadServerAddress(typed) from None
    if not host or " " in typed or parts.query or parts.fragment:
        raise BadServerAddress(typed)
    scheme = parts.scheme
    if scheme == "placeholder":
        scheme = "http" if _is_local(host) else "https"
    if scheme not in ("http", "https"):
        raise BadServerAddress(typed)
    return f"{scheme}://{parts.netloc}{parts.path}".rstrip("/")


def _is_local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def enroll_online(store: Store, server_url: str, code: str, *, label: str = "") -> EnrollAnswer:
    """Enroll this laptop with a one-time code over HTTP: its public keys for an identity and a token.

    Sent once, never retried: a retry after an answer lost on the way would find the code already used."""
    url = server_address(server_url)
    if not normalize_code(code):
        raise CodeMissing()
    keys = store.device_keys()
    request = EnrollRequest(code=code.strip(), sign_key=keys.sign_public, box_key=keys.box_public,
                            label=label[:100])  # fmt: skip
    transport = Transport(url, connect_timeout=CONNECT_TIMEOUT, read_timeout=READ_TIMEOUT, attempts=1,
                          transient=())  # fmt: skip
    try:
        response = transport.post_json("/enroll", request.model_dump_json().encode(), compress=False)
        answer = EnrollAnswer.model_validate_json(response.content)
    except Unreachable as err:
        raise EnrollUnreachable(url, err.reason, err.status) from None
    except Refused as err:
        if err.code == "refused":  # an answer without the server's error body: some other web server
            raise NotAJaringServer(url) from None
        raise  # the server's own words: wrong, expired or used code, too many tries, please update
    except (ValueError, requests.RequestException):
        raise NotAJaringServer(url) from None
    finally:
        transport.session.close()
    store.apply_enrollment(answer, server_url=url)
    return answer


def enroll_by_file(store: Store, path: Path, code: str) -> EnrollAnswer:
    """Enroll with the district's enrollment file and the one-time code printed beside it."""
    if not normalize_code(code):
        raise CodeMissing()
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise EnrollmentFileUnreadable(Path(path), err.strerror or str(err)) from None
    answer = read_enrollment_file(data, code)
    store.apply_enrollment(answer)
    bundles.remember_enrollment_proof(store, code)
    return answer


def enroll(store: Store, code: str, *, server_url: str = "", file: Path | None = None,
           label: str = "") -> Enrolled:  # fmt: skip
    """Enroll online (`server_url`) or with an enrollment `file`; what the screens show afterwards."""
    if file is not None:
        answer = enroll_by_file(store, file, code)
    else:
        answer = enroll_online(store, server_url, code, label=label)
    # Every list shows the practice mark and the sync screen the server: all of them refresh.
    changes = Changes(records=True, persons=True, complaints=True, outbox=True, settings=True)
    return Enrolled(answer, status(store), changes)


@dataclass(frozen=True)
class EnrollmentStatus:
    enrolled: bool
    device_number: int
    area: str
    area_name: str
    server_url: str
    practice_records: int  # records made in practice mode: kept here, never sent


def status(store: Store) -> EnrollmentStatus:
    region = regions.get(store.area)
    return EnrollmentStatus(
        enrolled=not store.practice,
        device_number=int(store.setting("device_number", "0") or 0),
        area=store.area,
        area_name=region.name if region else store.area,
        server_url=store.setting("server_url"),
        practice_records=queries.practice_records(store.db.reader()),
    )


@dataclass(frozen=True)
class Enrolled:
    answer: EnrollAnswer
    status: EnrollmentStatus
    changes: Changes
