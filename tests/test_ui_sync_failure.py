"""A sync that fails — the link drops as the pull begins, through a real proxy in front of a real server — says
why in words and that it tries again while it waits; the next press then sends every change saved meanwhile, in
one press (it once resumed at the pull, said "sent 0" with changes waiting and needed a second press)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import records
from app.services.enrollment import enroll_online
from support.faultproxy import FaultProxy
from support.live_server import DESA, household, live_server
from support.server_db import new_code, server_counts
from support.store import new_store
from support.ui import close_windows_on, sync_window


def test_a_failed_sync_then_one_press_sends_everything_pending(qtbot, tmp_path):
    with live_server(tmp_path) as (base, settings), FaultProxy(int(base.rsplit(":", 1)[1])) as proxy:
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, proxy.url, new_code(settings, DESA))  # the laptop talks to the server through it
        for i in range(2):
            records.save_household(store, household(i))
        _window_, view = sync_window(qtbot, tmp_path / "laptop", store)

        def drop_at_pull(stage: str, _run) -> None:  # on the sync's own thread, just before its first pull
            if stage == "pull":
                proxy.cut()

        view._bridge.stage.connect(drop_at_pull, Qt.ConnectionType.DirectConnection)
        retries = []
        view.retried.connect(retries.append)
        with qtbot.waitSignal(view.finished, timeout=120_000) as failed:
            view.sync_button.click()
        assert isinstance(failed.args[0], BaseException)
        summary = view.summary.text()
        assert "tidak dapat dihubungi" in summary and "sambungan gagal atau terputus" in summary
        assert "Error" not in summary and "Traceback" not in summary  # no exception's name
        assert retries, "each retry was reported while the client waited"
        assert server_counts(settings)[0] == 2  # the push had gone through before the link dropped

        view._bridge.stage.disconnect(drop_at_pull)
        for i in range(2, 4):  # two more saved while the link is down
            records.save_household(store, household(i))
        view.refresh()
        qtbot.waitUntil(lambda: view.sync_button.isEnabled() and view.pending.text().startswith("2 "))
        proxy.restore()
        with qtbot.waitSignal(view.finished, timeout=120_000) as done:
            view.sync_button.click()
        assert not isinstance(done.args[0], BaseException), done.args[0]
        assert "Terkirim 2, diterapkan 2" in view.summary.text()
        assert server_counts(settings)[0] == 4
        qtbot.waitUntil(lambda: view.pending.text().startswith("0 "))
        close_windows_on(store)


def test_cancel_during_a_retry_wait_stops_the_sync_at_once(qtbot, tmp_path):
    with live_server(tmp_path) as (base, settings):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, base, new_code(settings, DESA))
        records.save_household(store, household(1))
    # The server is gone now: every request fails, and the client waits between tries.
    _window_, view = sync_window(qtbot, tmp_path / "laptop", store)
    view.retried.connect(lambda _n: view.cancel_button.click())  # Batal while it waits to try again
    with qtbot.waitSignal(view.finished, timeout=120_000) as stopped:
        view.sync_button.click()
    assert isinstance(stopped.args[0], BaseException)
    assert "dibatalkan" in view.summary.text() and view.cancel_button.text() == "Batal"
    assert store.outbox_counts()["pending"] == 1  # kept for the next sync
    close_windows_on(store)
