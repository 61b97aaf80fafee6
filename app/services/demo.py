"""`jaring demo-data`: realistic households and complaints made through the same services as real entry,
so the outbox fills exactly as it would."""

from __future__ import annotations

import random
from collections.abc import Callable

from app.services.records import save_complaint, save_household
from app.store.errors import UnknownRegion
from app.store.store import Store
from forms.samples import make_complaint, make_household, villages_of

BATCH = 1000  # households per transaction: demo data is made in bulk, real entry commits each save


def make_demo_data(store: Store, households: int, *, seed: int = 2026, complaints_every: int = 10,
                   progress: Callable[[int, int], None] | None = None) -> int:  # fmt: skip
    """Create `households` households (and a complaint every `complaints_every`) in the store's area."""
    villages = villages_of(store.area)
    if not villages:
        raise UnknownRegion(store.area)
    rng = random.Random(seed)
    offset = int(store.setting("demo_serial", "0"))
    for start in range(0, households, BATCH):
        with store.batch():  # one fsync per BATCH households; each save is still the service's own
            for i in range(start, min(start + BATCH, households)):
                desa = villages[rng.randrange(len(villages))] if len(villages) > 1 else villages[0]
                save_household(store, make_household(rng, desa, serial=offset + i))
                if complaints_every and i % complaints_every == 0:
                    save_complaint(store, make_complaint(rng, desa))
                if progress:
                    progress(i + 1, households)
    store.set_settings({"demo_serial": str(offset + households)})
    return households
