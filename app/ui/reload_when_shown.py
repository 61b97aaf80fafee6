"""A view that refreshes from change notifications, but only while it is shown: a hidden view marks itself
stale and reloads when shown again (docs/architecture.md#views-refresh-from-changes, after Anki's views), so
work the user cannot see never runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.store.store import Changes
    from app.ui.runner import Changed


class ReloadWhenShown:
    """Mixin placed before QWidget: the view defines `cares_about(changes)` and `reload()` and connects
    `runner.changed` to `on_changes`."""

    _stale = False

    def cares_about(self, changes: Changes) -> bool:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def on_changes(self, note: Changed) -> None:
        if not self.cares_about(note.changes):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()
