"""After a sync, the Sync screen lists what to look at, fed by a REAL server on loopback: this laptop's edit
that lost to a concurrent edit from another device (both values shown) and the district's review flag on the
merged record; an item opens its record; a conflict marked as reviewed leaves the list (audited)."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QPushButton

from app.services import records, review
from app.services.sync import enroll_online, sync_once
from support.live_server import DESA, household, live_server, memory_device
from support.server_db import new_code
from support.store import new_store
from support.ui import close_windows_on, sync_window
from sync.client import SyncClient


def _member_with_nik(answers: dict) -> str:
    return next(m for m, v in answers["anggota"].items() if v.get("nik_status") == "ada")


def _concurrent_edits(tmp_path, base, settings):
    """Laptop A corrects a member's sex and NIK together; device B, which had not seen that, retypes the NIK's
    serial a moment later. B's NIK wins (later stamp) over A's; with A's sex it breaks the NIK rule: flagged."""
    store, _ = new_store(tmp_path / "laptop", enrolled=False, area=DESA)
    enroll_online(store, base, new_code(settings, DESA))
    answers = household(9)
    saved = records.save_household(store, answers)
    assert sync_once(store).complete
    rev = records.open_record(store, saved.record_id).rev
    member = _member_with_nik(answers)
    m = answers["anggota"][member]
    female, day = m["jenis_kelamin"] == "P", int(m["nik"][6:8])
    edited = copy.deepcopy(answers)
    edited["anggota"][member]["jenis_kelamin"] = "L" if female else "P"
    edited["anggota"][member]["nik"] = (
        m["nik"][:6] + f"{(day - 40 if female else day + 40):02d}" + m["nik"][8:]
    )
    records.save_household(store, edited, record_id=saved.record_id)
    assert sync_once(store).complete  # A's edit is applied first
    sim_b, device_b = memory_device(base, settings)
    sim_b.clock.receive(store.clock.last)
    b_nik = m["nik"][:12] + f"{(int(m['nik'][12:]) % 9000) + 1:04d}"
    device_b.add(sim_b.change(saved.record_id, {f"anggota/{member}/nik": b_nik}, base_rev=rev))
    assert SyncClient.for_store(device_b).run().conflicts == 1
    return store, saved.record_id, m["nama"], edited["anggota"][member]["nik"], b_nik


def test_lost_edit_and_review_flag_listed_opened_and_marked_reviewed(qtbot, tmp_path):
    with live_server(tmp_path) as (base, settings):
        store, record_id, name, lost_nik, kept_nik = _concurrent_edits(tmp_path, base, settings)
        window, view = sync_window(qtbot, tmp_path / "laptop", store)
        panel = view.review
        assert panel.list.count() == 0  # nothing pulled yet: nothing to review
        with qtbot.waitSignal(view.finished, timeout=60_000):
            view.sync_button.click()
        qtbot.waitUntil(lambda: panel.list.count() == 2, timeout=10_000)
        texts = [panel.list.item(i).text() for i in range(2)]
        lost = next(t for t in texts if "kalah" in t)
        assert f"NIK ({name})" in lost and lost_nik in lost and kept_nik in lost
        flag = next(t for t in texts if "ditandai kabupaten" in t)
        assert "NIK" in flag

        # an item opens its record in the form
        with qtbot.waitSignal(window.record_opened, timeout=10_000) as opened:
            panel.list.itemActivated.emit(panel.list.item(texts.index(lost)))
        assert opened.args[0].record_id == record_id

        # marked as reviewed: it leaves the list, the flag stays (the district clears it)
        panel.list.setCurrentRow(texts.index(lost))
        done = panel.findChild(QPushButton, "reviewDone")
        assert done.isEnabled()
        done.click()
        qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=10_000)
        assert "ditandai kabupaten" in panel.list.item(0).text()
        panel.list.setCurrentRow(0)
        assert not done.isEnabled()  # a flag cannot be marked reviewed here
        assert review.open_conflicts(store) == []
        audited = (
            store.db.reader()
            .execute(
                "SELECT count(*) FROM audit WHERE action = 'conflict_reviewed' AND record_id = ?",
                (record_id,),
            )
            .fetchone()[0]
        )
        assert audited == 1

        # pulled again, the same conflict is not logged twice
        store.set_settings({"pull_cursor": "0"})
        assert sync_once(store).complete
        assert review.open_conflicts(store) == []
        window.session.runner.wait_idle()
        close_windows_on(store)
