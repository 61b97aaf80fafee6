"""Who may manage whom among a laptop's operators.

The operator who created the store is its first administrator; an administrator may add operators (and
make them administrators), remove others and set others' passwords. Everyone may change their own
password. The list of administrators lives in the encrypted store's settings, not in the key-slot file
beside it: that file is readable (and writable) without any key, so a name added there must not make
anyone an administrator. A store made before this list existed treats its first slot — the operator who
created it — as the administrator.
"""

from __future__ import annotations

import json

from app.store.errors import LastAdministrator, LastOperator, NotAdministrator, UnknownOperator
from app.store.keyslots import RECOVERY
from app.store.values import Changes

ADMINS_SETTING = "admins"


def administrators(store) -> list[str]:
    """The administrators among the operators who can still log in."""
    names = store.slots.operators()
    stored = store.setting(ADMINS_SETTING)
    admins = json.loads(stored) if stored else names[:1]
    return [n for n in admins if n in names]


def is_administrator(store, name: str) -> bool:
    return name in administrators(store)


def may_manage(store) -> bool:
    """The logged-in operator may manage others (the recovery code opens the store as an administrator)."""
    return store.operator == RECOVERY or is_administrator(store, store.operator)


def check_may_manage(store, name: str | None = None) -> None:
    """Refuse unless the logged-in operator may act on `name` (anyone on themself; else an administrator)."""
    if name is not None and name == store.operator:
        return
    if not may_manage(store):
        raise NotAdministrator()


def check_removable(store, name: str) -> None:
    """Never remove the last administrator: nobody could manage the operators after."""
    names = store.slots.operators()
    if name not in names:
        raise UnknownOperator(name)
    if len(names) <= 1:
        raise LastOperator()
    if administrators(store) == [name]:
        raise LastAdministrator()


def set_administrators(store, names: list[str]) -> None:
    store.set_settings({ADMINS_SETTING: json.dumps(sorted(set(names)))})


class Operators:
    """The store's operators (`store.accounts`): each change touches only its own key slot, and is audited."""

    def __init__(self, store) -> None:
        self.store = store

    def names(self) -> list[str]:
        return self.store.slots.operators()

    def add(self, name: str, password: str, *, administrator: bool = False) -> Changes:
        store = self.store
        check_may_manage(store)
        store.slots.add(store._key, name, password)
        if administrator:
            set_administrators(store, [*administrators(store), name])
        store.audit("operator_add", detail=name + (" (admin)" if administrator else ""))
        return Changes(operators=True)

    def remove(self, name: str) -> Changes:
        store = self.store
        check_may_manage(store)
        check_removable(store, name)
        admins = administrators(store)
        store.slots.remove(name)
        if name in admins:
            set_administrators(store, [a for a in admins if a != name])
        store.audit("operator_remove", detail=name)
        return Changes(operators=True)

    def change_password(self, name: str, new_password: str) -> Changes:
        store = self.store
        check_may_manage(store, name)
        store.slots.change_password(store._key, name, new_password)
        store.audit("operator_password", detail=name)
        return Changes(operators=True)
