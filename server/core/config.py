"""Server settings from the environment — no configuration file needed to start.

`JARING_SERVER_DATA_DIR` (default: the platform's user data folder for "jaring-server") holds the SQLite
database when `JARING_DATABASE_URL` is not set; `JARING_DATABASE_URL=postgresql+psycopg://…` switches to
PostgreSQL. Everything else has a default that suits a district server; the limits are environment
variables so an operator can raise them without a release.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

MIB = 1024 * 1024


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    server_url: str = ""  # the public URL devices are told to use (behind TLS: the https:// address)
    max_body_bytes: int = 16 * MIB  # compressed request body
    max_decompressed_bytes: int = 64 * MIB  # after decompression: a bomb stops here (413)
    pull_page_size: int = 500
    code_ttl_hours: int = 72  # an online enrollment code
    file_code_days: int = 90  # a code printed with an enrollment file: the first bundle may take weeks
    code_max_attempts: int = 5  # wrong secrets for one code before it locks
    throttle_max_failures: int = 20  # failed enroll/login attempts per client address per window
    throttle_window_s: int = 900
    session_hours: int = 12
    # Push batches applied at once per process; the rest wait their turn before touching the database.
    # Applying is CPU work under Python's GIL: more at once only shares one core between them, and a batch
    # holding the revision lock then waits behind the others for the GIL (crud/revisions.py).
    push_concurrency: int = 2
    # Client addresses whose X-Forwarded-For / X-Forwarded-Proto are believed (the reverse proxy's), comma-
    # separated, "*" for any; empty: none — a client must not pick its own address for the throttles.
    forwarded_allow_ips: str = ""
    account_max_failures: int = 10  # failed logins for one account name (from any address) per window
    extra: dict = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def default_data_dir() -> Path:
    override = os.environ.get("JARING_SERVER_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir("jaring-server", appauthor=False))


def load_settings() -> Settings:
    """Settings as the environment gives them (read again on every call: tests and CLI set env vars)."""
    data_dir = default_data_dir()
    url = os.environ.get("JARING_DATABASE_URL", "").strip()
    if not url:
        url = f"sqlite:///{data_dir / 'jaring-server.sqlite3'}"
    return Settings(
        data_dir=data_dir,
        database_url=url,
        server_url=os.environ.get("JARING_SERVER_URL", "").strip(),
        max_body_bytes=_int_env("JARING_MAX_BODY_BYTES", 16 * MIB),
        max_decompressed_bytes=_int_env("JARING_MAX_DECOMPRESSED_BYTES", 64 * MIB),
        pull_page_size=_int_env("JARING_PULL_PAGE_SIZE", 500),
        push_concurrency=max(1, _int_env("JARING_PUSH_CONCURRENCY", 2)),
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "").strip(),
    )
