"""Shared pieces for the desktop tests (no tests here): a store made through the services, a session."""

from __future__ import annotations

import random

from app.services import ui_support
from app.services.records import save_household
from app.ui.runner import Runner
from app.ui.session import Session
from forms.samples import make_household, villages_of

PASSWORD = "rahasia-123"


def make_store(data_dir, households: int = 0, operator: str = "sari"):
    """A fresh store with `households` sample households; returns it open."""
    store, _code = ui_support.create_store(data_dir, operator, PASSWORD)
    rng = random.Random(7)
    villages = villages_of(store.area)
    for i in range(households):
        save_household(store, make_household(rng, villages[i % len(villages)], serial=i))
    return store


def session_for(store, data_dir) -> Session:
    return Session(data_dir, store, Runner())
