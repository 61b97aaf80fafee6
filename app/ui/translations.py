"""The screen language: source strings are Indonesian; English comes from resources/translations/jaring_en.qm
(made by `make translations`: pyside6-lupdate reads every tr() in app/ui, pyside6-lrelease compiles).

Qt's own words — dialog buttons (Yes/No, OK/Cancel), the wizard's Back/Next/Finish, the file dialog, a text
field's right-click menu — are English in Qt's sources, so Indonesian screens need Qt's translation too. Qt ships
none for Indonesian: resources/translations/qtbase_id.ts is ours (same contexts and source texts as Qt's
qtbase_*.ts), compiled by `make translations`."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

import resources

log = logging.getLogger("app.ui")

_installed: list[QTranslator] = []


def _load(name: str, folders: list[str]) -> QTranslator | None:
    translator = QTranslator(QCoreApplication.instance())
    for folder in folders:
        if translator.load(name, folder):
            return translator
    return None


def _qt_translator(language: str) -> QTranslator | None:
    """Qt's own strings in `language`: ours for Indonesian, else Qt's qtbase_<language>.qm (English: none —
    Qt's sources are English)."""
    if language == "en":
        return None
    ours = str(resources.path("translations"))
    qt = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found = _load(f"qtbase_{language}", [ours, qt])
    if found is None:
        log.warning("Qt translation qtbase_%s missing, Qt's buttons stay English", language)
    return found


def apply_language(language: str) -> bool:
    """Install the translators for `language` ('id' is the source language of Jaring's own strings). Windows made
    afterwards show the language; app/ui/errors.language() reports it. False when Jaring's translation file is
    missing or unreadable (Indonesian is kept then)."""
    app = QCoreApplication.instance()
    while _installed:
        app.removeTranslator(_installed.pop())
    app.setProperty("jaring_language", "id")
    ours, asked = None, language
    if language != "id":
        ours = _load(f"jaring_{language}", [str(resources.path("translations"))])
        if ours is None:
            log.warning("translation %s missing, Indonesian kept", language)
            language = "id"
    for translator in (_qt_translator(language), ours):
        if translator is not None:
            app.installTranslator(translator)
            _installed.append(translator)
    app.setProperty("jaring_language", language)
    return language == asked
