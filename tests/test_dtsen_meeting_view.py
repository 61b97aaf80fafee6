"""The laptop's meeting screen (issue #34 items 2 and 5): the month's proposals listed, a decision recorded on
the selected one, the papers saved from the screen, what is due this month and the refused proposals shown."""

from __future__ import annotations

import random
from datetime import date

from pypdf import PdfReader

from app.services import proposals, records
from app.ui.main_window import MainWindow
from support.care import make_household
from support.live_server import DESA
from support.store import new_store, session_for
from support.ui import close_windows_on

TODAY = date(2026, 11, 20)


def test_the_meeting_screen_records_a_decision_and_saves_the_minutes(qtbot, tmp_path):
    data_dir = tmp_path / "s"
    store, _ = new_store(data_dir, area=DESA)
    hid = records.save_household(
        store, make_household(random.Random(1), DESA, date(2026, 11, 1), serial=1)
    ).record_id
    pid = proposals.save_proposal(store, {**proposals.new_proposal(store, "hapus", hid, today=date(2026, 11, 3)),
                                         "alasan_hapus": "sudah_mampu", "alasan": "Usaha warung maju"}).record_id  # fmt: skip
    refused = {**proposals.new_proposal(store, "tambah", today=date(2026, 10, 2)), "nama": "Warga Ditolak",
               "alasan": "Miskin", "hasil": "ditolak"}  # fmt: skip
    proposals.save_proposal(store, refused)
    proposals.set_calendar(store, meeting_day=18, entry_deadline=12)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.today = lambda: TODAY
    window.show()
    window.show_page("Musyawarah desa")
    view = window.meeting_view
    view.month.setText("2026-11")
    view.reload()
    assert view.table.rowCount() == 1 and view.table.item(0, 3).text() == "Sudah mampu; Usaha warung maju"
    view.table.selectRow(0)
    view.decide(proposals.AGREED)
    assert store.get_record(pid).answers["keputusan_musdes"] == "disepakati_musdes"
    assert view.table.item(0, 4).text() == "Disepakati musyawarah desa"
    assert "Musyawarah desa 2026-11-18 (lewat)" in view.due.text()
    assert "Batas akhir entri usulan 2026-11-12" in view.due.text()
    assert "Warga Ditolak" in view.refused.text()
    view.attendance.setPlainText("Budi Santoso — Kepala Desa\nSri Wahyuni — Sekretaris Desa")
    text = PdfReader(str(view.save_minutes(tmp_path / "m.pdf"))).pages[0].extract_text()
    assert "Budi Santoso" in " ".join(text.split()) and "Usaha warung maju" in " ".join(text.split())
    view.days["send_day"].setValue(27)
    assert "Kabupaten mengirim ke sistem pusat 2026-11-27" in view.due.text()
    assert proposals.calendar_settings(store)["send_day"] == "27"
    view._new()  # "Usulan baru…": the proposal form opens, the kind and date filled
    editor = window.editors[-1]
    assert editor.isVisible()
    close_windows_on(store)
