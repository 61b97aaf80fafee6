"""Errors shown to the user: a readable dialog in the chosen language, never a traceback.

Errors the user can cause (`forms.problems.UserError`) show their own message; anything else is a bug,
logged with its traceback to the rotating log file (app/logging_setup.py) and shown as a short apology.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from forms.problems import UserError

log = logging.getLogger("app.ui")


def language() -> str:
    """'en' when the English translation is installed, else 'id' (the default)."""
    app = QCoreApplication.instance()
    return str(app.property("jaring_language") or "id") if app is not None else "id"


def user_message(err: BaseException) -> str:
    """The text a user sees for this error; unexpected errors are logged (type and traceback only)."""
    if isinstance(err, UserError):
        return err.message(language())
    # The traceback names code lines, not data; the message itself may quote a NIK or a name, so leave it out.
    log.error("unexpected error %s", type(err).__name__, exc_info=(type(err), err, err.__traceback__))
    return QCoreApplication.translate(
        "errors",
        "Terjadi kesalahan yang tidak terduga. Tidak ada data yang hilang; rinciannya dicatat di berkas log.",
    )


def show_error(parent: QWidget | None, err: BaseException) -> None:
    """Show `err` in a modal, readable dialog."""
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("errors", "Jaring"))
    box.setText(user_message(err))
    box.open()
