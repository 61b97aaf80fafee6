"""What every screen of a logged-in operator needs: the open store, the runner and the data directory.

Passed explicitly to the widgets that need it, never found through a global main window
(docs/architecture.md#views-refresh-from-changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.ui.runner import Runner


@dataclass
class Session:
    data_dir: Path
    store: Any  # app.store.store.Store, only ever handed to app.services functions
    runner: Runner

    @property
    def operator(self) -> str:
        return self.store.operator
