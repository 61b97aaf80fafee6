"""What every screen of a logged-in operator needs: the open store, the runner (the store lane), the network
lane for jobs (sync, bundles) and the data directory.

Passed explicitly to the widgets that need it, never found through a global main window
(docs/architecture.md#views-refresh-from-changes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.ui.jobs import JobLane
from app.ui.runner import Runner


@dataclass
class Session:
    data_dir: Path
    store: Any  # app.store.store.Store, only ever handed to app.services functions
    runner: Runner
    jobs: JobLane = field(default=None)  # type: ignore[assignment] - made in __post_init__ when not given

    def __post_init__(self) -> None:
        if self.jobs is None:
            # one lane per runner: a second session on the same runner (after a lock) reuses it
            self.jobs = next(iter(self.runner.lanes), None) or JobLane(self.runner, self.runner)

    @property
    def operator(self) -> str:
        return self.store.operator
