"""The laptop's screens for what was done for each person (issue #31), with real widgets: from the persons list
a person's page (Ctrl+H); "Catat layanan" opens the service form with the person filled, saving it puts the
service on the timeline; "Jadwal kunjungan" and "Belum terlayani" on a fixed day, filtered as you type and
opening the person's page with Enter; the unserved months setting changes the list and is kept."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import care
from app.ui.main_window import MainWindow
from support.care import service, visit
from support.store import make_store, session_for

TODAY = date(2026, 12, 8)


def _window(qtbot, data_dir, households: int = 3):
    store = make_store(data_dir, households=households)
    window = MainWindow(session_for(store, data_dir))
    window.today = lambda: TODAY
    qtbot.addWidget(window)
    window.show()
    return store, window


def _close(window, store) -> None:
    for page in list(window.person_pages):
        page.close()
    for editor in list(window.editors):
        editor.close()
    window.session.runner.wait_idle()
    window.close()
    QApplication.processEvents()
    window.session.runner.wait_idle()
    store.close()


def _persons(store, n: int) -> list[tuple[str, str, str, str]]:
    return (
        store.db.reader()
        .execute("SELECT record_id, member_id, desa, name FROM person ORDER BY name LIMIT ?", (n,))
        .fetchall()
    )


def test_a_service_recorded_from_a_persons_page_shows_on_their_timeline(qtbot, data_dir):
    store, window = _window(qtbot, data_dir)
    window.show_page("Rumah tangga & orang")
    view = window.persons_view
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
    view.table.setFocus()
    view.table.selectRow(0)
    person = view.model.row_at(0)
    qtbot.keyClick(view.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.person_pages) == 1, timeout=5_000)
    page = window.person_pages[0]
    assert page.heading.text() == person.name
    assert [page.table.item(r, 1).text() for r in range(page.table.rowCount())] == ["Pendaftaran"]

    page.service_button.click()  # Alt+L
    editor = window.editors[-1]
    assert editor.form.form_id == "service"
    assert editor.answers["subjek_rumah_tangga"] == person.record_id
    assert editor.answers["subjek_anggota"] == person.member_id
    assert editor.answers["subjek_nama"] == person.name and editor.answers["tanggal"] == TODAY.isoformat()
    editor.answers["layanan"] = "pbi_jk"
    editor.answers["instansi"] = "bpjs"
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        editor.save()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=5_000)
    assert page.table.item(0, 1).text() == "Layanan"
    assert "PBI-JK" in page.table.item(0, 2).text() and "BPJS" in page.table.item(0, 2).text()
    _close(window, store)


def test_visit_schedule_and_unserved_on_a_fixed_day(qtbot, data_dir):
    store, window = _window(qtbot, data_dir)
    (h0, m0, desa0, name0), (h1, m1, desa1, name1) = _persons(store, 2)
    care.save_visit(store, visit(h0, m0, desa0, "2026-11-20", next_day="2026-12-01"))
    care.save_visit(store, visit(h1, m1, desa1, "2026-11-25", next_day="2026-12-10"))
    window.show_page("Jadwal kunjungan")
    schedule = window.schedule_view
    schedule.reload()  # saved behind the window's back (as a pull would bring them)
    qtbot.waitUntil(lambda: schedule.table.rowCount() == 2, timeout=5_000)
    states = {schedule.table.item(r, 1).text(): schedule.table.item(r, 4).text() for r in range(2)}
    assert states == {name0: "Terlambat 7 hari", name1: "Dalam 2 hari"}
    qtbot.keyClicks(schedule.search, name0.split()[0].lower())
    shown = [r for r in range(2) if not schedule.table.isRowHidden(r)]
    assert [schedule.table.item(r, 1).text() for r in shown] == [name0]
    schedule.table.setFocus()
    schedule.table.selectRow(shown[0])
    qtbot.keyClick(schedule.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.person_pages) == 1, timeout=5_000)
    assert window.person_pages[0].person_key == (h0, m0)

    ppks = store.db.reader().execute(
        "SELECT record_id, member_id, desa FROM person WHERE ppks <> '[]'"
    ).fetchall()  # fmt: skip
    window.show_page("Belum terlayani")
    unserved = window.unserved_view
    unserved.reload()
    assert unserved.table.rowCount() == len({(r, m) for r, m, _ in ppks})
    if ppks:
        h, m, desa = ppks[0]
        care.save_service(store, service(h, m, desa, "atensi", "2026-07-01"))  # 5 months before TODAY
        unserved.reload()
        assert unserved.table.rowCount() == len(ppks) - 1
        unserved.months.setValue(4)
        assert care.unserved_months(store) == 4 and unserved.table.rowCount() == len(ppks)
    _close(window, store)


def test_the_reports_screen_shows_coverage_for_this_area(qtbot, data_dir):
    store, window = _window(qtbot, data_dir, households=4)
    ppks = store.db.reader().execute(
        "SELECT record_id, member_id, desa, ppks FROM person WHERE ppks <> '[]' ORDER BY name"
    ).fetchall()  # fmt: skip
    assert len(ppks) >= 2
    (h0, m0, d0, _), (h1, m1, d1, _) = ppks[:2]
    care.save_service(store, service(h0, m0, d0, "bpnt", "2026-11-03"))
    care.save_service(store, service(h1, m1, d1, "bpnt", "2026-10-03"))  # another month
    window.show_page("Laporan")
    tab = window.reports_view.coverage
    tab.year.setValue(2026)
    tab.month.setCurrentIndex(11)  # November
    persons = len({(r, m) for r, m, _, _ in ppks})
    assert tab.summary.text().startswith(f"1 dari {persons} orang PPKS terlayani (2026-11-01 – 2026-11-30)")
    assert [tab.by_service.item(0, c).text() for c in range(2)] == ["BPNT / Sembako", "1"]
    tab.month.setCurrentIndex(0)  # the whole year
    assert tab.summary.text().startswith(f"2 dari {persons} orang PPKS terlayani")
    assert tab.spm.rowCount() == 5
    _close(window, store)
