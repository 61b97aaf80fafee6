"""Drafts for real: the app in its own process types into a new household form, is killed with SIGKILL once
the autosave is in the store, and the next start finds the draft on the drafts screen and continues it."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from app.services import drafts, lifecycle
from app.ui.main_window import MainWindow
from forms.samples import nik_for
from support.store import PASSWORD, make_store, session_for

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "ui_draft_child.py"


def _wait_line(proc: subprocess.Popen, expected: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready:
            line = proc.stdout.readline()
            if expected in line:
                return
            if not line and proc.poll() is not None:
                break
    raise AssertionError(
        f"the app never printed {expected!r}: {proc.stderr.read() if proc.poll() is not None else ''}"
    )


def _draft_with(data_dir: Path, name: str, timeout: float):
    """Poll the draft table through the store API (a second reader on the same encrypted file)."""
    store = lifecycle.open_session(data_dir, "sari", PASSWORD)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [d for d in drafts.list_drafts(store) if d.answers.get("kepala_keluarga") == name]
            if found:
                return found[0]
            time.sleep(0.1)  # polling interval, not a wait for an outcome
    finally:
        store.close()
    raise AssertionError("no autosaved draft appeared")


@pytest.mark.slow
def test_a_killed_app_leaves_its_autosaved_draft_which_the_next_start_continues(qtbot, data_dir):
    store = make_store(data_dir)
    desa = store.area if len(store.area) == 10 else None
    store.close()
    no_kk = nik_for(desa or "3201010001", "L", date(2015, 3, 4), 9)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), "sari", PASSWORD, "Budi Santoso", no_kk],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)  # fmt: skip
    try:
        _wait_line(proc, "TYPED", timeout=60)
        draft = _draft_with(data_dir, "Budi Santoso", timeout=30)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert draft.answers["no_kk"] == no_kk
    # Start again: the store opens after the crash and the drafts screen shows the draft; opening it
    # continues with everything that was typed.
    store = lifecycle.open_session(data_dir, "sari", PASSWORD)
    window = MainWindow(session_for(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    view = window.drafts_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_page("Draf")
    assert view.list.count() == 1 and "Budi Santoso" in view.list.item(0).text()
    with qtbot.waitSignal(view.open_draft, timeout=5_000) as opened:
        view.list.itemActivated.emit(view.list.item(0))
    editor = window.editors[-1]
    qtbot.addWidget(editor)
    assert opened.args[0].id == draft.id and editor.draft_id == draft.id
    assert editor.findChild(QWidget, "field_kepala_keluarga").value() == "Budi Santoso"
    assert editor.findChild(QWidget, "field_no_kk").value() == no_kk
    window.session.runner.wait_idle()
    store.close()
