"""Sync never blocks a save: while a sync is held mid-push by a real server behind a slow link (a real proxy that
holds the push request), a record saved from the form, a search typed in the persons list and the form's own
3-second draft autosave all complete — before the sync does. The order is asserted from the signals each
sends; the proxy lets the push through by itself after a while, so on a runner that puts the sync in front
of everything the test fails on the order instead of hanging."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from app.services import records
from app.services.enrollment import enroll_online
from app.services.records import HOUSEHOLD_FORM
from app.ui.form_editor import FormEditor
from support.faultproxy import FaultProxy
from support.live_server import DESA, household, live_server
from support.server_db import new_code, server_counts
from support.store import new_store
from support.ui import close_windows_on, sync_window

HELD_AT_MOST_S = 30.0  # the slow server answers by itself after this (only an old runner ever waits for it)


def test_save_search_and_autosave_complete_while_a_sync_is_held_mid_push(qtbot, tmp_path):
    with (
        live_server(tmp_path) as (base, settings),
        FaultProxy(int(base.rsplit(":", 1)[1]), delay_s=HELD_AT_MOST_S) as proxy,
    ):
        store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
        enroll_online(store, proxy.url, new_code(settings, DESA))
        for i in range(3):
            records.save_household(store, household(i))
        window, view = sync_window(qtbot, tmp_path / "laptop", store)
        order: list[str] = []
        view.finished.connect(lambda outcome: order.append("sync"))

        # A form with a whole household typed in (to save), and one half-filled (for its autosave timer).
        saving = FormEditor(view.session, HOUSEHOLD_FORM, answers=household(10))
        drafting = FormEditor(view.session, HOUSEHOLD_FORM, answers={"kepala_keluarga": "Sri Lestari"})
        for editor in (saving, drafting):
            qtbot.addWidget(editor)
        saving.saved.connect(lambda _id: order.append("save"))
        drafting.draft_saved.connect(lambda _id: order.append("autosave"))
        window.show_page("Rumah tangga & orang")
        persons = window.persons_view
        qtbot.waitUntil(lambda: persons.model.rowCount() > 0, timeout=10_000)
        persons.model.loaded.connect(lambda: order.append("search") if persons.model.query else None)

        proxy.hold(b"/sync/push")
        view.sync_button.click()
        qtbot.waitUntil(proxy.holding.is_set, timeout=30_000)  # the push is in the proxy, unanswered

        with qtbot.waitSignals([saving.saved, persons.model.loaded, drafting.draft_saved], timeout=120_000):
            saving.save()
            qtbot.keyClicks(persons.findChild(QLineEdit, "personsSearch"), "Sri")
            drafting.dirty = True  # edited: the 3-second autosave timer writes the draft
        held_while = list(order)
        proxy.release()
        with qtbot.waitSignal(view.finished, timeout=120_000) as done:
            pass
        assert not isinstance(done.args[0], BaseException), done.args[0]

        assert set(held_while) == {"save", "search", "autosave"}, order  # all three while the push was held
        assert order[-1] == "sync" and order.count("sync") == 1
        # The record saved mid-sync is in the store; it went with this sync or waits for the next one.
        assert (
            saving.record_id is not None
            and records.open_record(store, saving.record_id).id == saving.record_id
        )
        assert server_counts(settings)[0] + store.outbox_counts()["pending"] == 4
        drafting.autosave_timer.stop()
        close_windows_on(store)


def test_a_job_says_what_it_changed_with_itself_as_initiator(qtbot, tmp_path):
    """The lane broadcasts a job's `Changes` as a typed `Changed` naming the job, on the runner's `changed`."""
    from app.store.store import Changes
    from app.ui.jobs import Job, JobLane
    from app.ui.runner import Changed, Runner

    runner = Runner()
    lane = JobLane(runner, runner)

    class Counting(Job):
        def run(self):
            return 41 + 1

        def process_result(self, result):
            self.seen = result
            return Changes(outbox=True)

    job = Counting()
    with qtbot.waitSignal(runner.changed, timeout=10_000) as note:
        assert lane.add_job(job)
    changed = note.args[0]
    assert isinstance(changed, Changed) and changed.initiator is job and changed.changes.outbox
    assert job.seen == 42 and lane.busy == 0
