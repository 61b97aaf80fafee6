"""Thin use cases the desktop app needs around the store's life cycle: does a store exist, who can log in,
create, open (by password or recovery code), operators and settings. Each is a one-line wrapper over
`app.store.store.Store` so the UI never imports the store directly."""

from __future__ import annotations

from pathlib import Path

from app.store.store import Changes, Store
from sync.protocol import EnrollAnswer


def store_exists(data_dir: Path) -> bool:
    """True when this data directory already holds an encrypted store (first run otherwise)."""
    return Store.exists(Path(data_dir))


def list_operators(data_dir: Path) -> list[str]:
    """The operators who can log in on this laptop (readable before anything is decrypted)."""
    return Store.operators(Path(data_dir))


def create_store(
    data_dir: Path, operator: str, password: str, *, area: str | None = None
) -> tuple[Store, str]:
    """Create the encrypted store with its first operator; returns the open store and the recovery code."""
    return Store.init(Path(data_dir), operator, password, area=area)


def open_session(data_dir: Path, operator: str, password: str) -> Store:
    """Log an operator in: unlock their key slot and open the store."""
    return Store.open(Path(data_dir), operator, password)


def open_with_recovery(data_dir: Path, code: str) -> Store:
    """Open the store with the recovery code (to reset a forgotten password)."""
    return Store.open_with_recovery(Path(data_dir), code)


def close_session(store: Store) -> None:
    store.close()


def operators_of(store: Store) -> list[str]:
    return store.slots.operators()


def add_operator(store: Store, name: str, password: str) -> Changes:
    return store.add_operator(name, password)


def remove_operator(store: Store, name: str) -> Changes:
    return store.remove_operator(name)


def change_password(store: Store, name: str, new_password: str) -> Changes:
    return store.change_password(name, new_password)


def is_practice(store: Store) -> bool:
    """Practice mode: nothing syncs, complaint references carry the practice marker
    (docs/records.md#practice-mode)."""
    return store.practice


def apply_enrollment(store: Store, answer: EnrollAnswer, *, server_url: str = "") -> Changes:
    """Leave practice mode with the server's answer to an enrollment."""
    return store.apply_enrollment(answer, server_url=server_url)


def outbox_counts(store: Store) -> dict[str, int]:
    return store.outbox_counts()


def form_definition(store: Store, form_id: str, version: int | None = None):
    """The definition (forms.definition.FormDef) of a form, the newest version unless one is named."""
    return store.form(form_id, version)


def save_form(store: Store, form_id: str, answers: dict, *, record_id: str | None = None,
              form_version: int | None = None):  # fmt: skip
    """Save answers to any form (new record, or an edit: a new outbox change); SaveRefused when invalid."""
    return store.save_record(form_id, answers, record_id=record_id, form_version=form_version)
