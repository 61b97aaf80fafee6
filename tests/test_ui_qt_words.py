"""Qt's own words on Indonesian screens: dialog buttons, the wizard's Back/Next/Finish and the file dialog come
from resources/translations/qtbase_id.qm (Qt ships no Indonesian), installed with the screen language."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QWizard, QWizardPage

from app.ui.translations import apply_language

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "translations" / "qtbase_id.ts"
QM = ROOT / "resources" / "translations" / "qtbase_id.qm"


@pytest.fixture
def indonesian(qapp):
    assert apply_language("id")
    yield
    apply_language("id")


def _wizard(qtbot) -> QWizard:
    wizard = QWizard()
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the style Windows and Linux show without Aero
    for _ in range(2):
        wizard.addPage(QWizardPage())
    qtbot.addWidget(wizard)
    return wizard


def test_message_box_wizard_and_button_box_speak_indonesian(qtbot, indonesian):
    box = QMessageBox(QMessageBox.Icon.Question, "Hapus", "Hapus data ini?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)  # fmt: skip
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Ya"
    assert box.button(QMessageBox.StandardButton.No).text() == "&Tidak"
    wizard = _wizard(qtbot)
    words = {b: wizard.buttonText(b) for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                               QWizard.WizardButton.CancelButton, QWizard.WizardButton.FinishButton)}  # fmt: skip
    assert list(words.values()) == ["< &Kembali", "&Lanjut >", "Batal", "&Selesai"]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == ["Batal", "Simpan"]


def test_file_dialog_speaks_indonesian(qtbot, indonesian):
    dialog = QFileDialog(None, "Simpan")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    assert dialog.labelText(QFileDialog.DialogLabel.FileName) == "&Nama berkas:"
    assert dialog.labelText(QFileDialog.DialogLabel.Accept) == "&Simpan"


def test_english_screens_get_qt_english_back(qtbot, indonesian):
    assert apply_language("en")
    box = QMessageBox(QMessageBox.Icon.Question, "Delete", "Delete?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)  # fmt: skip
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Yes"
    assert _wizard(qtbot).buttonText(QWizard.WizardButton.NextButton) == "&Next >"


def test_every_source_text_is_one_qt_really_has(qapp):
    """Our .ts names Qt's contexts and source texts by hand: each must be one Qt 6 translates (checked against
    Qt's own German file, which has them all), or a typo would leave that word English without a sign."""
    german = QTranslator()
    assert german.load("qtbase_de", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    unknown = []
    for context in ET.parse(TS).iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            source = message.find("source").text
            if not german.translate(name, source):
                unknown.append((name, source))
    assert unknown == []


def test_committed_qm_is_compiled_from_the_committed_ts(tmp_path):
    tool = ROOT / ".venv" / "bin" / "pyside6-lrelease"
    found = str(tool) if tool.exists() else shutil.which("pyside6-lrelease")
    if not found:
        pytest.skip("pyside6-lrelease is not installed")
    out = tmp_path / "qtbase_id.qm"
    subprocess.run([found, str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == QM.read_bytes(), "run `make translations`"
