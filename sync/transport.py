"""The HTTP session of the sync client: timeouts always, certificate verification on, zstd request bodies,
and retries with exponential backoff and full jitter for failures that may be transient.

A 4xx answer is the server saying no: it is raised at once as `Refused` with the server's bilingual message
(retrying would only repeat it). Connection errors, timeouts and 5xx are retried up to `attempts` times and
then raised as `Unreachable`; the caller's sync run stays resumable either way."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from forms.problems import UserError
from sync.compression import compress_zstd
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

API_PREFIX = "/api/v1"
CA_CERT_ENV = "JARING_CA_CERT"


class Unreachable(UserError):
    code = "server_unreachable"

    def __init__(self, url: str, detail: str = "") -> None:
        super().__init__(f"Server {url} tidak dapat dihubungi; sinkronisasi dilanjutkan lain kali. {detail}".strip(),
                         f"Cannot reach the server {url}; the sync resumes next time. {detail}".strip())  # fmt: skip


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
    on_retry: Callable[[Exception | int], None] | None = None  # told of each transient failure

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
        last = ""
        for attempt in range(self.attempts if retry else 1):
            try:
                response = self.session.request(method, url, verify=self.verify, **kw)
            except requests.exceptions.SSLError as err:
                raise Unreachable(self.base_url, f"TLS: {err}") from None
            except (requests.ConnectionError, requests.Timeout) as err:
                last = type(err).__name__
                if self.on_retry:
                    self.on_retry(err)
            else:
                if response.status_code < 400:
                    return response
                if response.status_code < 500 and response.status_code not in (408, 429):
                    raise _refused(response)
                last = f"HTTP {response.status_code}"
                if self.on_retry:
                    self.on_retry(response.status_code)
            if retry and attempt + 1 < self.attempts:
                self.sleep(self.delay(attempt))
        raise Unreachable(self.base_url, last)

    def post_json(
        self, path: str, body: bytes, *, compress: bool = True, retry: bool = True
    ) -> requests.Response:
        headers = {"Content-Type": "application/json"}
        if compress:
            body = compress_zstd(body)
            headers["Content-Encoding"] = "zstd"
        return self.request("POST", path, data=body, headers=headers, retry=retry)
