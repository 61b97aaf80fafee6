"""The English translation: complete for every tr() string in app/ui, its placeholders intact, the committed
.qm compiled from the committed .ts, and loaded when English is chosen."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from app.ui.complaint_timeline import step_label
from app.ui.login import LoginWidget
from app.ui.runner import Runner
from app.ui.translations import apply_language
from support.store import make_store

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "jaring_en.ts"
QM = ROOT / "resources" / "translations" / "jaring_en.qm"
BIN = ROOT / ".venv" / "bin"
PLACEHOLDER = re.compile(r"\{\w*\}|%n")


def _tool(name: str) -> str:
    found = BIN / name if (BIN / name).exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install PySide6-Essentials)")
    return str(found)


def _messages(path: Path) -> list[ET.Element]:
    return [m for m in ET.parse(path).iter("message")
            if m.find("translation").get("type") not in ("obsolete", "vanished")]  # fmt: skip


def test_every_screen_string_has_an_english_translation_with_its_placeholders(tmp_path):
    """lupdate run over the sources now, into a copy of the committed .ts: nothing new, nothing unfinished."""
    fresh = tmp_path / "jaring_en.ts"
    shutil.copy(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "app" / "ui").glob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), "-locations", "none", *sources, "-ts", str(fresh),
                    "-source-language", "id", "-target-language", "en"],
                   check=True, capture_output=True)  # fmt: skip
    messages = _messages(fresh)
    assert len(messages) > 50
    missing = []
    for m in messages:
        source, translation = m.find("source").text, m.find("translation")
        forms = [f.text or "" for f in translation.findall("numerusform")] or [translation.text or ""]
        if translation.get("type") == "unfinished" or not all(f.strip() for f in forms):
            missing.append(source)
            continue
        for text in forms:
            expected = set(PLACEHOLDER.findall(source)) - ({"%n"} if m.get("numerus") == "yes" else set())
            assert expected <= set(PLACEHOLDER.findall(text)), (source, text)
    assert missing == [], "run `make translations` and translate these in resources/translations/jaring_en.ts"


def test_committed_qm_is_compiled_from_the_committed_ts(tmp_path):
    out = tmp_path / "jaring_en.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == QM.read_bytes(), "run `make translations` (the .qm is older than the .ts)"


def test_english_is_loaded_when_chosen_and_indonesian_comes_back(qtbot, data_dir):
    make_store(data_dir).close()
    runner = Runner()
    try:
        assert apply_language("en")
        login = LoginWidget(data_dir, runner)
        qtbot.addWidget(login)
        assert login.findChild(QLabel, "loginTitle").text() == "Choose an operator and enter the password"
        assert login.windowTitle() == "Jaring — log in"
        assert [step_label(s) for s in ("diterima", "diverifikasi", "ditolak")] == [
            "Received",
            "Verified",
            "Rejected",
        ]
    finally:
        apply_language("id")
    assert step_label("diverifikasi") == "Diverifikasi" and step_label("kode_baru") == "kode_baru"
    login = LoginWidget(data_dir, runner)
    qtbot.addWidget(login)
    assert login.findChild(QLabel, "loginTitle").text() == "Pilih operator dan masukkan kata sandi"
