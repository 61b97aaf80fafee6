"""A store for the app's tests, made one way: initialised (optionally enrolled, so the outbox fills, and with
sample households saved through the services), plus a desktop Session over it."""

from __future__ import annotations

import random
from pathlib import Path

from app.services.records import save_household
from app.store.store import Store
from app.ui.runner import Runner
from app.ui.session import Session
from forms.samples import make_household, villages_of
from sync.protocol import EnrollAnswer

PASSWORD = "rahasia-desa-1"
DESA = "62.03.01.2011"


def new_store(
    data_dir: Path,
    *,
    enrolled: bool = True,
    area: str | None = "62.03.01",
    operator: str = "ani",
    households: int = 0,
) -> tuple[Store, str]:
    """An open store and its recovery code. `area=None` leaves the store's own default area."""
    store, recovery = Store.init(Path(data_dir), operator, PASSWORD, area=area)
    if enrolled:
        store.apply_enrollment(EnrollAnswer(device_id="dev-test-1", device_number=7, token="t", area=store.area,
                                            server_sign_key="", server_box_key=""))  # fmt: skip
    rng = random.Random(7)
    villages = villages_of(store.area)
    for i in range(households):
        save_household(store, make_household(rng, villages[i % len(villages)], serial=i))
    return store, recovery


def make_store(data_dir: Path, households: int = 0, operator: str = "sari") -> Store:
    """The desktop tests' store: new_store not enrolled, in the default area, as `sari`."""
    return new_store(data_dir, enrolled=False, area=None, operator=operator, households=households)[0]


def session_for(store: Store, data_dir: Path) -> Session:
    return Session(data_dir, store, Runner())
