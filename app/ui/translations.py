"""The screen language: source strings are Indonesian; English comes from resources/translations/jaring_en.qm
(made by `make translations`: pyside6-lupdate reads every tr() in app/ui, pyside6-lrelease compiles)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QTranslator

import resources

log = logging.getLogger("app.ui")

_installed: QTranslator | None = None


def apply_language(language: str) -> bool:
    """Install the translator for `language` ('id' removes it). Windows made afterwards show the language;
    app/ui/errors.language() reports it. False when the translation file is missing or unreadable."""
    global _installed
    app = QCoreApplication.instance()
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    app.setProperty("jaring_language", "id")
    if language == "id":
        return True
    translator = QTranslator(app)
    if not translator.load(str(resources.path("translations", f"jaring_{language}.qm"))):
        log.warning("translation %s missing, Indonesian kept", language)
        return False
    app.installTranslator(translator)
    app.setProperty("jaring_language", language)
    _installed = translator
    return True
