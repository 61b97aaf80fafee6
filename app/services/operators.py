"""Operator management for the settings screen: who may log in on this laptop, their passwords, and the
recovery code that resets a forgotten one. Each operator has their own key slot (app/store/keyslots.py);
the store's checks (password length, duplicate names, never the last operator) raise bilingual UserErrors."""

from __future__ import annotations

from pathlib import Path

from app.services import lifecycle
from app.store import operators as policy


def names(store) -> list[str]:
    return store.slots.operators()


def administrators(store) -> list[str]:
    return policy.administrators(store)


def may_manage(store) -> bool:
    """The logged-in operator may add and remove operators and set others' passwords."""
    return policy.may_manage(store)


def add(store, name: str, password: str, *, administrator: bool = False):
    return store.add_operator(name.strip(), password, administrator=administrator)


def remove(store, name: str):
    return store.remove_operator(name)


def change_password(store, name: str, new_password: str):
    return store.change_password(name, new_password)


def recover(data_dir: Path, code: str, operator: str, new_password: str) -> None:
    """A forgotten password: the recovery code opens the store and sets the operator's new password."""
    store = lifecycle.open_with_recovery(data_dir, code)
    try:
        store.change_password(operator, new_password)
    finally:
        lifecycle.close_session(store)
