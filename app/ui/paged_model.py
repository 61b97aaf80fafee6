"""A `QAbstractTableModel` over a paged query: the first page on `reload()`, more pages as the view scrolls
(`canFetchMore`/`fetchMore`), every query off the UI thread through the runner.

Each reload bumps a generation number so a slow answer to an old search never overwrites a newer one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.ui.runner import Runner

PAGE = 100

# fetch(query, sort, descending, offset, limit) -> object with .rows and .total (app.store.queries.Page)
Fetch = Callable[[str, str, bool, int, int], Any]


class PagedTableModel(QAbstractTableModel):
    """Subclasses give `columns` (header, sort key or None, cell(row) -> str)."""

    loaded = Signal()  # after every page that arrived (tests and the status line wait on it)
    columns: list[tuple[str, str | None, Callable[[Any], str]]] = []

    def __init__(self, runner: Runner, fetch: Fetch, *, default_sort: str) -> None:
        super().__init__()
        self.runner = runner
        self.fetch = fetch
        self.rows: list = []
        self.total = 0
        self.query = ""
        self.sort_key = default_sort
        self.descending = False
        self.loading = False
        self._generation = 0

    # --- Qt model ---------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.columns[index.column()][2](self.rows[index.row()])

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self.loading and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._load(offset=len(self.rows))

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column][1]
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    # --- loading ----------------------------------------------------------------------------------

    def set_query(self, text: str) -> None:
        if text.strip() != self.query:
            self.query = text.strip()
            self.reload()

    def reload(self) -> None:
        """Start again from the first page (after a search, a sort or a change notification)."""
        self._generation += 1
        self._load(offset=0)

    def row_at(self, row: int):
        return self.rows[row]

    def _load(self, offset: int) -> None:
        generation = self._generation
        query, sort, descending = self.query, self.sort_key, self.descending
        self.loading = True
        self.runner.run(
            lambda: self.fetch(query, sort, descending, offset, PAGE),
            lambda page: self._arrived(generation, offset, page),
            lambda err: self._failed(generation, err),
            owner=self,
        )

    def _arrived(self, generation: int, offset: int, page) -> None:
        if generation != self._generation:
            return  # an answer to an older search or sort
        self.loading = False
        if offset == 0:
            self.beginResetModel()
            self.rows = list(page.rows)
            self.total = page.total
            self.endResetModel()
        else:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.total = page.total
            self.endInsertRows()
        self.loaded.emit()

    def _failed(self, generation: int, err: BaseException) -> None:
        from app.ui.errors import show_error

        if generation == self._generation:
            self.loading = False
        show_error(None, err)
