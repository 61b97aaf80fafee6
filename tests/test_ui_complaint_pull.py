"""A complaint's timeline fed by a REAL pull: registered on an enrolled laptop, sent from the Sync button,
verified and referred by the district with the console's code on a real server, then the Sync button again —
the Complaints screen shows `dirujuk` and the timeline diterima → diverifikasi → dirujuk with the referral."""

from __future__ import annotations

import random
from datetime import date

from app.services import records
from app.services.sync import enroll_online
from forms.samples import make_complaint
from server.core.db import get_engine, session_scope
from server.crud.complaints import advance
from support.live_server import DESA, live_server
from support.server_db import new_code
from support.store import new_store
from support.ui import close_windows_on, sync_window


def test_district_steps_reach_the_timeline_through_the_sync_button(qtbot, tmp_path):
    with live_server(tmp_path) as (base, settings):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(settings, DESA))
        saved = records.save_complaint(store, make_complaint(random.Random(3), DESA, date(2026, 11, 20)))
        window, view = sync_window(qtbot, tmp_path / "laptop", store)
        with qtbot.waitSignal(view.finished, timeout=60_000):
            view.sync_button.click()
        # the complaint and its diterima event (the district dates the complaint from it)
        assert "Terkirim 2, diterapkan 2, duplikat 0, konflik 0, ditolak 0" in view.summary.text()

        with session_scope(get_engine(settings.database_url)) as session:
            advance(session, scope="", record_id=saved.record_id, step="diverifikasi", actor="admin:dinsos",
                    note="Sudah dicek ke rumah")  # fmt: skip
        with session_scope(get_engine(settings.database_url)) as session:
            advance(session, scope="", record_id=saved.record_id, step="dirujuk", actor="admin:dinsos",
                    referral="PKH")  # fmt: skip

        qtbot.waitUntil(view.sync_button.isEnabled)
        with qtbot.waitSignal(view.finished, timeout=60_000):
            view.sync_button.click()
        assert "Terkirim 0" in view.summary.text() and "diterima dari server 0" not in view.summary.text()

        window.show_page("Pengaduan")
        complaints = window.complaints_view
        qtbot.waitUntil(lambda: complaints.model.rowCount() == 1 and complaints.rows[0].status == "dirujuk")
        assert complaints.select(saved.record_id)
        qtbot.waitUntil(lambda: complaints.timeline.events.count() == 3)
        steps = [complaints.timeline.events.item(i).text() for i in range(3)]
        assert "Diterima" in steps[0]
        assert "Diverifikasi" in steps[1] and "Sudah dicek ke rumah" in steps[1]
        assert "Dirujuk" in steps[2] and "PKH" in steps[2]
        window.session.runner.wait_idle()
        close_windows_on(store)
