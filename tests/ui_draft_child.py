"""Test-only: the real app in its own process (for test_ui_drafts.py). Logs in through the login screen,
opens a new household form, types into it like a volunteer, prints TYPED and keeps running until killed.

    python tests/ui_draft_child.py <data dir> <operator> <password> <name> <no_kk>
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.ui.app import JaringApp  # noqa: E402


def main() -> int:
    data_dir, operator, password, name, no_kk = sys.argv[1:6]
    qt_app = QApplication(sys.argv[:1])
    jaring = JaringApp(data_dir)

    def typed_in(window) -> None:
        editor = window.new_household()
        for field, text in (("field_kepala_keluarga", name), ("field_no_kk", no_kk)):
            QTest.keyClicks(editor.findChild(QWidget, field).focus_widget(), text)
        print("TYPED", flush=True)

    jaring.main_window_shown.connect(typed_in)
    jaring.start()
    login = jaring.login
    items = login.operators.findItems(operator, Qt.MatchFlag.MatchExactly)
    login.operators.setCurrentItem(items[0])
    QTest.keyClicks(login.password, password)
    login.login()
    return qt_app.exec()


if __name__ == "__main__":
    sys.exit(main())
