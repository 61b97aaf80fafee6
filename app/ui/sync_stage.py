"""A sync stage as the Sync screen says it ("Mengirim perubahan", not "push"): the data keeps the stage's code
(sync/ports.Stage), the screen shows words in its language."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

# Marked for lupdate (a dict's values are no tr() calls).
STAGE_LABELS = {
    "push": QT_TRANSLATE_NOOP("SyncStage", "Mengirim perubahan"),
    "attachments": QT_TRANSLATE_NOOP("SyncStage", "Mengirim foto"),
    "pull": QT_TRANSLATE_NOOP("SyncStage", "Menerima data dari kabupaten"),
    "done": QT_TRANSLATE_NOOP("SyncStage", "Selesai"),
}


def stage_label(stage: str) -> str:
    """The stage in words in the screen's language; a stage this version does not know, as it is."""
    return QCoreApplication.translate("SyncStage", STAGE_LABELS.get(stage, stage))
