"""Operator management for the settings screen: who may log in on this laptop, their passwords, and the
recovery code that resets a forgotten one. Each operator has their own key slot (app/store/keyslots.py);
the store's checks (password length, duplicate names, never the last operator) raise bilingual UserErrors."""

from __future__ import annotations

from pathlib import Path

from app.services import ui_support
from app.store import operators as policy


def names(store) -> list[str]:
    return ui_support.operators_of(store)


def administrators(store) -> list[str]:
    return policy.administrators(store)


def may_manage(store) -> bool:
    """The logged-in operator may add and remove operators and set others' passwords."""
    return policy.may_manage(store)


def add(store, name: str, password: str, *, administrator: bool = False):
    return store.add_operator(name.strip(), password, administrator=administrator)


def remove(store, name: str):
    return ui_support.remove_operator(store, name)


def change_password(store, name: str, new_password: str):
    return ui_support.change_password(store, name, new_password)


def recover(data_dir: Path, code: str, operator: str, new_password: str) -> None:
    """A forgotten password: the recovery code opens the store and sets the operator's new password."""
    store = ui_support.open_with_recovery(data_dir, code)
    try:
        ui_support.change_password(store, operator, new_password)
    finally:
        ui_support.close_session(store)
