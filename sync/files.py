"""Putting a finished file in place when another program may hold the old one open (Windows).

On Windows `os.replace` onto a file that another process has open — an antivirus scanning it, a backup tool
or OneDrive reading it, a second Jaring — fails with PermissionError (WinError 5 or 32) until that process lets
go, usually within a second. Linux never refuses. So every rename in place goes through `replace`: retried
briefly, then `FileBusy`, a clear message in both languages. The caller has written the new file whole under
another name first, so a refusal leaves the old file as it was: never half of one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from forms.problems import UserError

# About 3 s in all: long enough for a scan or a backup read to finish, short enough for a volunteer to wait.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.5)


class FileBusy(UserError, PermissionError):
    """The file stayed held by another program. Also a PermissionError, so a caller that already turns an
    OSError into its own message (a bundle that cannot be written) keeps doing so."""

    code = "file_busy"

    def __init__(self, path: os.PathLike[str] | str) -> None:
        super().__init__(
            f"Berkas {path} sedang dipakai program lain (antivirus, pencadangan, OneDrive, atau Jaring yang "
            "terbuka dua kali) atau tidak boleh ditulis. Tutup program itu lalu coba lagi; berkas lama tetap utuh.",
            f"The file {path} is in use by another program (antivirus, backup, OneDrive, or Jaring open twice) "
            "or cannot be written. Close that program and try again; the old file is unchanged.",
        )
        self.path = str(path)


def replace(
    src: os.PathLike[str] | str,
    dst: os.PathLike[str] | str,
    *,
    delays: tuple[float, ...] = RETRY_DELAYS,
    sleep: Callable[[float], None] | None = None,
) -> None:
    """`os.replace(src, dst)`, retried while dst (or src) is held; FileBusy when it stays held."""
    for delay in (*delays, None):
        try:
            os.replace(src, dst)
            return
        except PermissionError as err:
            if delay is None:
                raise FileBusy(dst) from err
        (sleep or time.sleep)(delay)


def copy(src: os.PathLike[str] | str, dst: os.PathLike[str] | str, **retry) -> Path:
    """A copy of src at dst, whole or not at all: copied beside dst, flushed, then put in place."""
    dst = Path(dst)
    fd, tmp = tempfile.mkstemp(dir=dst.parent, prefix=f".{dst.name}.")
    try:
        with open(src, "rb") as source, os.fdopen(fd, "wb") as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
            target.flush()
            os.fsync(target.fileno())
        replace(tmp, dst, **retry)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dst
