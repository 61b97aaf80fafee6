"""Lists and reports say things in words (issue #27): the persons list shows sexes, statuses and dates as people
write them with whole NIKs, and a hint when a search finds nobody; the reports' axis counts in whole numbers,
their headings are never cut, "Jumlah orang" counts each person once, and English says "1 household"."""

from __future__ import annotations

import re

from PySide6.QtCharts import QBarCategoryAxis, QValueAxis
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget

from app.services import reports
from app.ui.main_window import MainWindow
from app.ui.persons_view import PersonsView
from app.ui.translations import apply_language
from support.store import make_store, session_for


def _reports(qtbot, store, data_dir):
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    view = window.reports_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_page(window.tr("Laporan"))
    return window, view


def test_axis_ticks_are_whole_steps():
    for top in (0, 1, 2, 3, 4, 7, 9, 13, 17, 48, 99, 120, 999, 12_345):
        upper, ticks = reports.axis_ticks(top)
        step = upper / (ticks - 1)
        assert step == int(step) >= 1 and upper >= top and 2 <= ticks <= 8, top
    assert reports.axis_ticks(3) == (3, 4)  # 0 1 2 3, not 0 0 1 2 3


def test_report_axis_counts_in_whole_numbers_and_headings_are_whole(qtbot, data_dir):
    store = make_store(data_dir, households=12)
    _window, view = _reports(qtbot, store, data_dir)
    (y,) = [a for a in view.chart.axes() if isinstance(a, QValueAxis)]
    ticks = [y.min() + i * (y.max() - y.min()) / (y.tickCount() - 1) for i in range(y.tickCount())]
    assert all(t == int(t) for t in ticks) and len(set(map(int, ticks))) == len(ticks), ticks
    tallest = max(sum(v.values()) for v in view.report.by_desa.values())
    assert y.min() == 0 and tallest <= y.max()
    (names,) = [a for a in view.chart.axes() if isinstance(a, QBarCategoryAxis)]
    assert set(names.categories()) == set(view.report.by_desa) and not names.labelsTruncated()
    table = view.findChild(QTableWidget, "reportByDesa")
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for c in range(table.columnCount()):
        lines = table.horizontalHeaderItem(c).text().split("\n")
        assert header.sectionSize(c) >= max(metrics.horizontalAdvance(line) for line in lines), lines
        assert header.height() >= len(lines) * metrics.height(), lines
        assert " ".join(lines) == table.horizontalHeaderItem(c).toolTip()  # the whole name, wrapped


def test_jumlah_orang_counts_each_person_once(qtbot, data_dir):
    store = make_store(data_dir, households=12)
    _window, view = _reports(qtbot, store, data_dir)
    table = view.findChild(QTableWidget, "reportByDesa")
    assert table.horizontalHeaderItem(1).toolTip() == "Jumlah orang"
    expected = dict(store.db.reader().execute(
        "SELECT desa_name, count(*) FROM person WHERE status = 'aktif' AND ppks != '[]' GROUP BY desa_name"))  # fmt: skip
    shown = {table.item(r, 0).text(): int(table.item(r, 1).text()) for r in range(table.rowCount() - 1)}
    assert {d: n for d, n in shown.items() if n} == expected
    category_sum = sum(int(table.item(table.rowCount() - 1, c).text()) for c in range(2, table.columnCount()))
    total = int(table.item(table.rowCount() - 1, 1).text())
    assert total == sum(expected.values()) <= category_sum  # a person in two categories is one person
    assert "setiap orang sekali" in view.findChild(QLabel, "reportCounted").text()


def test_english_summary_has_singular_and_plural(qtbot, data_dir):
    store = make_store(data_dir, households=1)
    try:
        assert apply_language("en")
        _window, view = _reports(qtbot, store, data_dir)
        text = view.summary.text()
        assert re.match(r"1 household, \d+ people \(\d+ without NIK\), 0 complaints \(0 late\)$", text), text
    finally:
        apply_language("id")


def test_persons_list_in_words_with_whole_niks_and_a_hint_when_nothing_is_found(qtbot, data_dir):
    store = make_store(data_dir, households=6)
    view = PersonsView(session_for(store, data_dir))
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
    model = view.model
    cells = lambda c: [model.index(r, c).data() for r in range(model.rowCount())]  # noqa: E731
    assert set(cells(2)) <= {"L", "P"} and set(cells(7)) == {
        "Aktif"
    }  # L/P as forms write it; the status a word
    assert all(re.fullmatch(r"\d\d-\d\d-\d{4}", d) for d in cells(3) if d)  # 15-05-1985, as on a KTP
    metrics = view.table.fontMetrics()
    for column in (1, 5):  # NIK and No. KK: sixteen digits never cut to "6204063010…"
        assert view.table.horizontalHeader().sectionSize(column) > metrics.horizontalAdvance("0" * 16)
        assert view.table.horizontalHeader().sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive
    view.resize(
        800, 600
    )  # narrower than the columns: names keep a usual name's room, the list scrolls sideways
    qtbot.waitUntil(lambda: view.table.viewport().width() < 800)
    for column in (0, 4, 6):
        assert view.table.horizontalHeader().sectionSize(column) > metrics.horizontalAdvance("Siti Nurhaliza")
    hint = view.findChild(QLabel, "personsHint")
    assert not hint.isVisible()
    view.search.setText("zzqx")
    qtbot.waitUntil(lambda: model.query == "zzqx" and not model.loading and hint.isVisible(), timeout=10_000)
    assert "zzqx" in hint.text() and "aisah" in hint.text() and not view.table.isVisible()
    view.search.setText("")
    qtbot.waitUntil(lambda: view.table.isVisible(), timeout=10_000)
    view.session.runner.wait_idle()


def test_an_empty_laptop_says_how_to_start(qtbot, data_dir):
    store = make_store(data_dir)
    view = PersonsView(session_for(store, data_dir))
    qtbot.addWidget(view)
    view.show()
    hint = view.findChild(QLabel, "personsHint")
    qtbot.waitUntil(hint.isVisible, timeout=10_000)
    assert "Rumah tangga baru" in hint.text() and "Ctrl+N" in hint.text()
    view.session.runner.wait_idle()


def test_store_and_sync_messages_are_words(qapp):
    """(The Sync screen says its stages in words itself: "Mengirim perubahan ke server: 3 dari 5".)"""
    from app.store.errors import UnknownRecord
    from sync.protocol import REJECTIONS

    indonesian = [UnknownRecord("r1").message("id"), *(text for text, _en in REJECTIONS.values())]
    assert not [t for t in indonesian if "rekaman" in t.lower()]  # a sound recording, not a household
