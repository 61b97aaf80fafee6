"""Shared set-up for store tests: an initialised store, optionally enrolled so the outbox fills."""

from __future__ import annotations

from pathlib import Path

from app.store.store import Store
from sync.protocol import EnrollAnswer

PASSWORD = "rahasia-desa-1"
DESA = "62.03.01.2011"


def new_store(data_dir: Path, *, enrolled: bool = True, area: str = "62.03.01") -> tuple[Store, str]:
    store, recovery = Store.init(data_dir, "ani", PASSWORD, area=area)
    if enrolled:
        store.apply_enrollment(EnrollAnswer(device_id="dev-test-1", device_number=7, token="t", area=area,
                                            server_sign_key="", server_box_key=""))  # fmt: skip
    return store, recovery
