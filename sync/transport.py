"""The HTTP session of the sync client: timeouts always, certificate verification on, zstd request bodies,
and retries with exponential backoff and full jitter for failures that may be transient.

A 4xx answer is the server saying no: it is raised at once as `Refused` with the server's bilingual message
(retrying would only repeat it). Connection errors, timeouts and 5xx are retried up to `attempts` times and
then raised as `Unreachable`; the caller's sync run stays resumable either way."""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from forms.problems import UserError
from sync.compression import compress_zstd
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"
CA_CERT_ENV = "JARING_CA_CERT"


# Why a server could not be reached, in words a volunteer can act on (never an exception's class name).
REASONS = {
    "connection": ("sambungan gagal atau terputus; periksa jaringan (Wi-Fi, modem) dan alamat server",
                   "the connection failed or dropped; check the network (Wi-Fi, modem) and the server address"),
    "timeout": ("server tidak menjawab tepat waktu; jaringan mungkin lambat",
                "the server did not answer in time; the network may be slow"),
    "tls": ("sertifikat keamanan server tidak dapat diperiksa; hubungi Dinas Sosial",
            "the server's security certificate could not be checked; contact the district"),
    "server_error": ("server sedang bermasalah ({status}); coba lagi nanti",
                     "the server has a problem ({status}); try again later"),
}  # fmt: skip


def reason_words(reason: str, status: int | None = None) -> tuple[str, str]:
    """(Indonesian, English) words for a failure reason ('' when there is none to give)."""
    id_text, en_text = REASONS.get(reason, ("", ""))
    return id_text.format(status=f"HTTP {status}"), en_text.format(status=f"HTTP {status}")


class Unreachable(UserError):
    code = "server_unreachable"

    def __init__(self, url: str, reason: str = "", status: int | None = None) -> None:
        self.url, self.reason, self.status = url, reason, status
        why_id, why_en = reason_words(reason, status)
        super().__init__(f"Server {url} tidak dapat dihubungi" + (f": {why_id}" if why_id else "") +
                         ". Perubahan tetap tersimpan di laptop dan dikirim pada sinkronisasi berikutnya.",
                         f"Cannot reach the server {url}" + (f": {why_en}" if why_en else "") +
                         ". The changes stay on this laptop and go with the next sync.")  # fmt: skip


class Refused(UserError):
    """The server answered 4xx: its ErrorBody's messages, both languages."""

    def __init__(self, status: int, code: str, id: str, en: str) -> None:
        super().__init__(id, en, code=code)
        self.status = status


def _refused(response: requests.Response) -> Refused:
    try:
        body = response.json()
        return Refused(
            response.status_code, body.get("code", "refused"), body.get("id", ""), body.get("en", "")
        )
    except ValueError:
        return Refused(response.status_code, "refused", f"Server menolak (HTTP {response.status_code}).",
                       f"The server refused (HTTP {response.status_code}).")  # fmt: skip


@dataclass
class Transport:
    base_url: str
    token: str = ""
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    attempts: int = 6
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    verify: bool | str = True
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep
    # told (failure number, attempts, why) before each wait between attempts
    on_retry: Callable[[int, int, Unreachable], None] | None = None
    transient: tuple[int, ...] = (408, 429)  # 4xx answers retried like a 5xx (enrollment: 429 is a refusal)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        if self.verify is True and os.environ.get(CA_CERT_ENV):
            self.verify = os.environ[CA_CERT_ENV]  # the district's own CA

    def delay(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
        return random.uniform(0, min(self.backoff_cap, self.backoff_base * (2**attempt)))

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return {**headers, **(extra or {})}

    def request(self, method: str, path: str, *, retry: bool = True, **kw) -> requests.Response:
        url = self.base_url + API_PREFIX + path
        kw.setdefault("timeout", (self.connect_timeout, self.read_timeout))
        kw["headers"] = self._headers(kw.get("headers"))
        last = Unreachable(self.base_url)
        attempts = self.attempts if retry else 1
        for attempt in range(attempts):
            try:
                response = self.session.request(method, url, verify=self.verify, **kw)
            except requests.exceptions.SSLError as err:
                log.warning("TLS failure talking to %s: %s", self.base_url, err)
                raise Unreachable(self.base_url, "tls") from None
            except (requests.ConnectionError, requests.Timeout) as err:
                last = Unreachable(
                    self.base_url, "timeout" if isinstance(err, requests.Timeout) else "connection"
                )
            else:
                if response.status_code < 400:
                    return response
                if response.status_code < 500 and response.status_code not in self.transient:
                    raise _refused(response)
                last = Unreachable(self.base_url, "server_error", response.status_code)
            if attempt + 1 < attempts:
                if self.on_retry:
                    self.on_retry(attempt + 1, attempts, last)
                self.sleep(self.delay(attempt))
        raise last

    def post_json(
        self, path: str, body: bytes, *, compress: bool = True, retry: bool = True
    ) -> requests.Response:
        headers = {"Content-Type": "application/json"}
        if compress:
            body = compress_zstd(body)
            headers["Content-Encoding"] = "zstd"
        return self.request("POST", path, data=body, headers=headers, retry=retry)
