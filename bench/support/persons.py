"""The 200,000-person store bench/store.py and bench/ui.py both measure: built once here, the same way for both.

Filled through the store's own projection writer (the real schema, words and indexes), 500 records per
transaction, with the sample generator's households in one desa; the filling is set-up and is not measured.

    from bench.support.persons import PASSWORD, filled_store, new_store
"""

from __future__ import annotations

import random
from pathlib import Path

from app.store import projections
from app.store.store import Store
from forms.projection import project
from forms.samples import make_household
from forms.validate import calculate
from sync.protocol import EnrollAnswer

DESA = "62.03.01.2011"
OPERATOR = "bench"
PASSWORD = "bench-password"
PER_TRANSACTION = 500


def new_store(data_dir: Path) -> Store:
    """An enrolled (not practice) store, so saves fill the outbox as on a real laptop."""
    store, _ = Store.init(data_dir, OPERATOR, PASSWORD, area="62.03.01")
    store.apply_enrollment(EnrollAnswer(device_id="bench-device", device_number=1, token="t", area="62.03.01",
                                        server_sign_key="", server_box_key=""))  # fmt: skip
    return store


def fill(store: Store, persons: int, *, seed: int = 7) -> int:
    """Add households until at least `persons` persons exist; returns how many were added."""
    rng = random.Random(seed)
    form = store.form("ppks_registration")
    made = 0
    while made < persons:
        with store.db.transaction() as conn:
            for _ in range(PER_TRANSACTION):
                answers = calculate(form, make_household(rng, DESA, serial=made))
                rid = f"bench-{made}"
                conn.execute("INSERT INTO record(id, kind, form_id, form_version, answers, clocks, area, origin_device, "
                             "created_by, created_at, updated_at) VALUES (?, 'household', 'ppks_registration', 1, "
                             "'{}', '{}', ?, 'b', 'b', '', '')", (rid, DESA))  # fmt: skip
                rows = project(form, answers)
                projections.write(conn, rid, rows, None, new=True)
                made += len(rows.persons)
    return made


def filled_store(data_dir: Path, persons: int) -> Store:
    """A new store at `data_dir` holding at least `persons` persons."""
    store = new_store(data_dir)
    fill(store, persons)
    return store
