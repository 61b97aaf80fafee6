"""A file-enrolled village laptop for the offline-bundle tests: its store (the SyncStore port), keys and a way
to make changes and export them."""

from __future__ import annotations

import random
from datetime import date

from app.services import bundles
from app.store.store import Store
from forms.samples import make_household
from server.core.db import get_engine, session_scope
from server.crud.devices import enroll_file
from support.server_db import SimDevice
from support.store import PASSWORD
from sync.enrollment import make_enrollment_proof, read_enrollment_file
from sync.keys import KeyPair
from sync.offline import BundleKeys, export_outbound
from sync.ports import DeviceIdentity, MemoryStore

DESA = "62.03.01.2011"


class Village:
    """A file-enrolled laptop: its store (the SyncStore port), keys and a way to make changes."""

    def __init__(self, settings, area: str = DESA, *, proof_code: str | None = None):
        with session_scope(get_engine(settings.database_url)) as session:
            code, file = enroll_file(session, area=area, settings=settings)
        answer = read_enrollment_file(file, code)
        self.keys = KeyPair.generate()
        proof = make_enrollment_proof(proof_code or code, answer.device_id, self.keys.sign_public,
                                      self.keys.box_public)  # fmt: skip
        self.bundle_keys = BundleKeys(self.keys, answer.server_sign_key, answer.server_box_key, proof)
        self.store = MemoryStore(device=DeviceIdentity(answer.device_id, answer.device_number, answer.area,
                                                       answer.token, ""))  # fmt: skip
        self.sim = SimDevice(answer.device_id, answer.token, answer.area, self.keys)
        self.device_id = answer.device_id

    def register(self, n: int, seed: int = 0) -> list[str]:
        ids = []
        for i in range(n):
            answers = make_household(
                random.Random(seed + i), self.sim.area, date(2026, 11, 1), serial=seed + i
            )
            ids.append(self.store.add(self.sim.create(answers)).change.record_id)
        return ids

    def export(self) -> bytes:
        return export_outbound(self.store, self.bundle_keys).data


def file_enrolled_laptop(tmp_path, district, name: str, area: str = DESA) -> Store:
    """A laptop store enrolled by an enrollment file from `district` (settings, engine), its proof remembered."""
    settings, engine = district
    with session_scope(engine) as session:
        code, file = enroll_file(session, area=area, settings=settings)
    store, _ = Store.init(tmp_path / name, "ani", PASSWORD, area=area)
    store.apply_enrollment(read_enrollment_file(file, code))
    bundles.remember_enrollment_proof(store, code)
    return store
