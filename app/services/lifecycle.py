"""The store's life cycle on this laptop, for the login screen, the first-run wizard and the app: does a store
exist yet, who can log in, create it, open it (by password or by the recovery code), close it."""

from __future__ import annotations

from pathlib import Path

from app.store.store import Store


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
    """Close the store: its key leaves memory with it."""
    store.close()
