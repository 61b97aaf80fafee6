"""The never-online village, end to end, with a real server on loopback: a laptop enrolled by file registers
households and a complaint; its bundle rides a TKSK laptop (relay over HTTP) to the district; the complaint is
verified and referred there; the return bundle rides back; the village shows `dirujuk` and nothing pending.
The same bundle imported twice on the relay and on the server changes nothing the second time."""

from __future__ import annotations

import random
from datetime import date

import pytest

from app.cli import main
from app.services import bundles, complaints, records
from app.services.sync import enroll_online
from app.store.store import Store
from forms.samples import make_complaint, make_household
from server.core.db import get_engine, session_scope
from server.crud.bundles import import_outbound
from server.crud.complaints import advance
from server.crud.devices import enroll_file
from support.live_server import live_server
from support.server_db import new_code
from support.store import PASSWORD
from sync.enrollment import read_enrollment_file

DESA, KECAMATAN = "62.03.01.2011", "62.03.01"

pytestmark = pytest.mark.slow


def test_never_online_village_hears_back_through_the_tksk(tmp_path, monkeypatch, capsys):
    with live_server(tmp_path) as (base, settings):
        engine = get_engine(settings.database_url)
        with session_scope(engine) as session:  # the district prints a code and writes an enrollment file
            code, enrollment = enroll_file(session, area=DESA, settings=settings)

        village, _ = Store.init(tmp_path / "village", "ani", PASSWORD, area=DESA)
        village.apply_enrollment(read_enrollment_file(enrollment, code))
        bundles.remember_enrollment_proof(village, code)  # as `jaring enroll --file` does
        rng = random.Random(5)
        for i in range(2):
            records.save_household(village, make_household(rng, DESA, date(2026, 11, 1), serial=i))
        complaint = records.save_complaint(village, make_complaint(rng, DESA, date(2026, 11, 2)))
        usb = tmp_path / "usb"
        usb.mkdir()
        assert bundles.export_bundle(village, usb / "desa.bundle").changes == 4  # and the diterima event

        tksk, _ = Store.init(tmp_path / "tksk", "budi", PASSWORD, area=KECAMATAN)
        enroll_online(tksk, base, new_code(settings, KECAMATAN))
        assert bundles.import_bundle(tksk, usb / "desa.bundle").kind == "carry"
        assert bundles.import_bundle(tksk, usb / "desa.bundle").kind == "carry"  # twice: carried once
        tksk.close()  # the TKSK's own `jaring sync` uploads what it carries and fetches the return bundles
        monkeypatch.setenv("JARING_PASSWORD", PASSWORD)
        assert main(["--data-dir", str(tmp_path / "tksk"), "--operator", "budi", "sync"]) == 0
        assert "dikirim/uploaded 1, balasan diambil/returns fetched 1" in capsys.readouterr().out
        tksk = Store.open(tmp_path / "tksk", "budi", PASSWORD)
        village_id = village.setting("device_id")
        assert [(c.direction, c.device) for c in bundles.carried(tksk)] == [("return", village_id)]
        assert bundles.relay(tksk, base).uploaded == []  # nothing carried twice

        with session_scope(engine) as session:  # the same file imported again at the district: no change
            again = import_outbound(session, (usb / "desa.bundle").read_bytes(), actor="test")
        assert (again.applied, again.duplicates) == (0, 4)

        with session_scope(engine) as session:  # the Dinas verifies and refers it (the console's own code)
            advance(session, scope="", record_id=complaint.record_id, step="diverifikasi", actor="user:admin")
            advance(session, scope="", record_id=complaint.record_id, step="dirujuk", actor="user:admin",
                    referral="Dinas Kesehatan")  # fmt: skip

        second = bundles.relay(tksk, base)  # the TKSK's next visit brings the newer return bundle
        assert second.fetched == [village_id]
        bundles.take_return(tksk, village_id, usb / "balasan.bundle")

        outcome = bundles.import_bundle(village, usb / "balasan.bundle")
        assert (
            outcome.kind == "return" and outcome.summary.acknowledged == 4 and outcome.summary.rejected == 0
        )
        assert village.outbox_counts().get("pending", 0) == 0
        status = {c.record_id: c.status for c in complaints.list_complaints(village)}
        assert status[complaint.record_id] == "dirujuk"
        steps = [e.step for e in complaints.timeline(village, complaint.record_id)]
        assert steps == ["diterima", "diverifikasi", "dirujuk"]
        village.close()
        tksk.close()
