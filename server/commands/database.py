"""What the commands share: the settings' database opened and migrated, files read and written — each failure
an operator can cause (a wrong database URL, a server that is down, a missing file) a `UserError` in both
languages, never a traceback."""

from __future__ import annotations

import contextlib
import getpass
import json
import sys
from pathlib import Path

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from forms.problems import UserError
from server.core.config import Settings, load_settings
from server.core.db import get_engine
from server.core.migrate import migrate
from sync import files


class DatabaseUnavailable(UserError):
    code = "database_unavailable"

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"Basis data {url} tidak dapat dibuka: {reason}. Periksa JARING_DATABASE_URL.",
            f"Cannot open the database {url}: {reason}. Check JARING_DATABASE_URL.",
        )


def shown_url(url: str) -> str:
    """The URL without its password (it goes to a terminal and maybe a ticket)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1][:200]


def open_database() -> tuple[Settings, Engine]:
    """The settings and their database's engine, migrated to the newest schema."""
    settings = load_settings()
    try:
        engine = get_engine(settings.database_url)
        migrate(settings.database_url, engine)
    except (ArgumentError, ImportError) as err:  # not a URL SQLAlchemy can read, or a driver not installed
        raise DatabaseUnavailable(shown_url(settings.database_url), str(err).splitlines()[0]) from None
    except DBAPIError as err:  # the server refused, is down, or the SQLite file cannot be opened
        reason = str(err.orig).strip().splitlines()[0] if err.orig else type(err).__name__
        raise DatabaseUnavailable(shown_url(settings.database_url), reason) from None
    except OSError as err:  # the SQLite file's folder cannot be made
        raise DatabaseUnavailable(shown_url(settings.database_url), err.strerror or str(err)) from None
    return settings, engine


def read_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise UserError(f"Berkas {path} tidak dapat dibaca: {err.strerror}.",
                        f"Cannot read the file {path}: {err.strerror}.", code="file_unreadable") from None  # fmt: skip


def read_json(path: str) -> object:
    try:
        return json.loads(read_file(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise UserError(f"Berkas {path} bukan JSON: {err}", f"The file {path} is not JSON: {err}",
                        code="malformed_json") from None  # fmt: skip


def write_file(path: str, data: bytes) -> None:
    """`data` at `path` whole or not at all: a half-written file never carries the final name."""
    out = Path(path)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        files.replace(tmp, out)  # retried while another program holds the old file (Windows)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise UserError(f"Berkas {out} tidak dapat ditulis: {err.strerror}.",
                        f"Cannot write the file {out}: {err.strerror}.", code="file_unwritable") from None  # fmt: skip


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Kata sandi / password: ")
    if getpass.getpass("Ulangi / repeat: ") != first:
        raise UserError("Kata sandi tidak sama.", "The passwords differ.", code="password_mismatch")
    return first
