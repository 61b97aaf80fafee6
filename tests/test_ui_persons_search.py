"""Search-as-you-type in the persons list: no typing delay, superseded searches neither run nor show, and a
capped count reads "N+"."""

from __future__ import annotations

import random
import threading

from PySide6.QtWidgets import QLabel, QLineEdit

from app.services import search
from app.services.records import save_household
from app.ui.persons_view import PersonsView
from app.ui.runner import Runner
from forms.samples import make_household, villages_of
from support.store import make_store, session_for


def _view(qtbot, store, data_dir) -> PersonsView:
    view = PersonsView(session_for(store, data_dir))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0, timeout=10_000)
    return view


def test_keystrokes_typed_while_a_search_waits_run_only_the_newest_and_show_only_it(
    qtbot, data_dir, monkeypatch
):
    store = make_store(data_dir, households=12)
    view = _view(qtbot, store, data_dir)
    target = next(p for p in search.list_persons(store, limit=50).rows if p.nik)
    asked: list[str] = []
    real = search.list_persons

    def recording(store_, **kwargs):
        asked.append(kwargs["query"])
        return real(store_, **kwargs)

    monkeypatch.setattr(search, "list_persons", recording)
    # Hold the one worker so the first keystroke's search waits in the queue while the rest are typed.
    gate = threading.Event()
    view.session.runner.run(gate.wait)
    shown: list[str] = []
    view.model.loaded.connect(lambda: shown.append(view.model.query))
    resets: list[str] = []
    view.model.modelReset.connect(lambda: resets.append(view.model.query))
    box = view.findChild(QLineEdit, "personsSearch")
    for digit in target.nik[:4]:  # typed slowly: longer pauses than any typing delay would wait
        qtbot.keyClicks(box, digit)
        qtbot.wait(250)
    qtbot.keyClicks(box, target.nik[4:])  # and the rest fast
    gate.set()
    qtbot.waitUntil(lambda: shown == [target.nik], timeout=10_000)
    view.session.runner.wait_idle()
    qtbot.wait(50)  # let any late answer reach the UI thread
    assert asked == [target.nik]  # the searches superseded while they waited never ran
    assert shown == [target.nik] and resets == [target.nik]  # one reset, for the newest text only
    assert [p.nik for p in view.model.rows] == [target.nik]
    view.session.runner.wait_idle()
    store.close()


def test_an_answer_arriving_after_a_newer_keystroke_is_never_shown(qtbot, data_dir, monkeypatch):
    store = make_store(data_dir, households=12)
    view = _view(qtbot, store, data_dir)
    first = search.list_persons(store, limit=1).rows[0].name.split()[0]
    box = view.findChild(QLineEdit, "personsSearch")
    started, release = threading.Event(), threading.Event()
    real = search.list_persons

    def slow_first(store_, **kwargs):
        if kwargs["query"] == first[:1]:
            started.set()
            release.wait(10)
        return real(store_, **kwargs)

    monkeypatch.setattr(search, "list_persons", slow_first)
    shown: list[str] = []
    view.model.loaded.connect(lambda: shown.append(view.model.query))
    qtbot.keyClicks(box, first[:1])
    assert started.wait(10)  # the one-letter search is running on the worker
    qtbot.keyClicks(box, first[1:])  # typed while it runs
    release.set()
    qtbot.waitUntil(lambda: shown == [first], timeout=10_000)
    view.session.runner.wait_idle()
    qtbot.wait(50)
    assert shown == [first]  # the one-letter answer arrived first and was dropped
    assert all(first.lower() in (p.name + " " + (p.head_name or "")).lower() for p in view.model.rows)
    store.close()


def test_a_capped_count_shows_plus_and_the_list_still_scrolls_past_it(qtbot, data_dir, monkeypatch):
    store = make_store(data_dir, households=50)
    everyone = search.totals(store)["persons"]
    assert everyone > 200
    monkeypatch.setattr(search, "COUNT_CAP", 150)
    view = _view(qtbot, store, data_dir)
    model, label = view.model, view.findChild(QLabel, "personsCount")
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        qtbot.keyClicks(view.findChild(QLineEdit, "personsSearch"), store.area[:2])  # every NIK/KK starts so
    assert (model.rowCount(), model.total, model.exact) == (100, 150, False)
    assert label.text() == "150+ orang"
    while model.canFetchMore():
        with qtbot.waitSignal(model.loaded, timeout=10_000):
            model.fetchMore()
    assert model.rowCount() == everyone  # scrolled past the cap to the last person
    assert model.exact and label.text() == f"{everyone} orang"  # the last page told the real count
    view.session.runner.wait_idle()
    store.close()


def test_background_reads_keep_one_connection_and_its_cache_from_job_to_job(qtbot, data_dir):
    # A Qt worker thread enters Python afresh for each job; a thread-local connection was lost after each one.
    store = make_store(data_dir, households=1)
    runner = Runner()
    seen: list = []
    for n in range(1, 5):  # one after the other, as searches typed into the list
        runner.run(store.db.reader, seen.append)
        qtbot.waitUntil(lambda n=n: len(seen) == n, timeout=10_000)
    assert all(conn is seen[0] for conn in seen)
    runner.wait_idle()
    store.close()


def test_a_hidden_persons_list_reloads_only_when_shown(qtbot, data_dir):
    store = make_store(data_dir, households=2)
    view = _view(qtbot, store, data_dir)
    before = view.model.rowCount()
    view.hide()
    loads: list[int] = []
    view.model.loaded.connect(lambda: loads.append(view.model.rowCount()))
    answers = make_household(random.Random(9), villages_of(store.area)[0], serial=99)
    with qtbot.waitSignal(view.session.runner.changed, timeout=10_000):
        view.session.runner.write(lambda: save_household(store, answers))
    view.session.runner.wait_idle()
    qtbot.wait(50)  # any reload's answer, had one started, reaches the UI thread here
    assert loads == [] and view.model.rowCount() == before  # hidden: only marked stale
    with qtbot.waitSignal(view.model.loaded, timeout=10_000):
        view.show()
    assert view.model.rowCount() == before + len(answers["anggota"])
    view.session.runner.wait_idle()
    store.close()
