"""Photos and documents attached to a form: a chosen file's bytes are copied into the encrypted store and
named by their SHA-256, the value the photo field keeps. The original file may then be moved or deleted."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from app.store.errors import AttachmentRefused
from app.store.store import Store
from forms.problems import UserError
from sync.protocol import MAX_ATTACHMENT_BYTES


class FileUnreadable(UserError):
    code = "attachment_unreadable"

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"Berkas {path} tidak dapat dibaca: {reason}.", f"Cannot read the file {path}: {reason}."
        )


def attach_file(store: Store, path: Path) -> str:
    """Copy the file into the store (before the record that names it is saved); returns its SHA-256."""
    path = Path(path)
    try:
        AttachmentRefused.check_size(path.stat().st_size, MAX_ATTACHMENT_BYTES)  # before reading it all
        data = path.read_bytes()
    except OSError as err:
        raise FileUnreadable(path, err.strerror or str(err)) from None
    return store.add_attachment(data, mimetypes.guess_type(path.name)[0] or "application/octet-stream")


def attachment_bytes(store: Store, sha256: str) -> bytes | None:
    """The bytes of an attachment kept on this laptop (None when only its name is known here)."""
    return store.attachment(sha256)


def can_download(store: Store) -> bool:
    """Whether this laptop can fetch photos: enrolled online, with a server to ask (a village enrolled by file
    and reached only by USB bundles cannot)."""
    identity = store.identity()
    return identity is not None and bool(identity.server_url) and bool(identity.token)


def download(store: Store, sha256: str, record_id: str) -> bytes:
    """Fetch from the district server a photo that `record_id` names and another laptop took, and keep it
    here (checked against its hash); raises `Unreachable`/`Refused` with a readable message when it cannot."""
    from sync.client import SyncClient  # the HTTP stack, loaded only when a photo is fetched

    data = SyncClient.for_store(store, attempts=2).fetch_attachment(sha256, record_id)
    store.attachments.keep_downloaded(sha256, data, record_id)
    return data
