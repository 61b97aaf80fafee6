"""The server's key pairs (Ed25519 signing, X25519 encryption), kept in the database so every server
process over one database signs and decrypts with the same keys."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.core.clock import utcnow
from server.core.db import session_scope
from server.models import ServerKey
from sync.keys import KeyPair

ACTIVE_KEY_ID = 1


def ensure_server_keys(engine: Engine) -> None:
    """Generate the server's key pair once; a second process racing here keeps the first one's keys."""
    with session_scope(engine) as session:
        if session.get(ServerKey, ACTIVE_KEY_ID) is not None:
            return
    pair = KeyPair.generate()
    sign_private, box_private = pair.private_parts()
    try:
        with session_scope(engine) as session:
            session.add(ServerKey(id=ACTIVE_KEY_ID, sign_private=sign_private, box_private=box_private,
                                  sign_public=pair.sign_public, box_public=pair.box_public,
                                  created_at=utcnow()))  # fmt: skip
    except IntegrityError:
        pass  # another process generated them first


def server_key_row(session: Session) -> ServerKey:
    return session.execute(select(ServerKey).where(ServerKey.id == ACTIVE_KEY_ID)).scalar_one()


def server_keys(session: Session) -> KeyPair:
    row = server_key_row(session)
    return KeyPair.from_private(row.sign_private, row.box_private)
