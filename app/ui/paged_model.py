"""A `QAbstractTableModel` over a paged query: the first page on `reload()`, more pages as the view scrolls
(`canFetchMore`/`fetchMore`), every query off the UI thread through the runner.

Search-as-you-type without a fixed delay: a keystroke starts its query at once when none is running; keystrokes
that arrive while one runs only mark the model stale, and when the running answer arrives the newest text is
asked for — so at most one query of this model is queued or running, a superseded search never runs (it is
skipped on the worker if a newer one came while it waited) and its rows are never shown (generation numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QHeaderView, QTableView

from app.ui.runner import Runner

PAGE = 100

# fetch(query, sort, descending, offset, limit) -> object with .rows and .total (app.store.queries.Page)
Fetch = Callable[[str, str, bool, int, int], Any]


class PagedTableModel(QAbstractTableModel):
    """Subclasses give `columns` (header, sort key or None, cell(row) -> str)."""

    loaded = Signal()  # after every page that arrived and was shown (tests and the status line wait on it)
    columns: list[tuple[str, str | None, Callable[[Any], str]]] = []

    def __init__(self, runner: Runner, fetch: Fetch, *, default_sort: str) -> None:
        super().__init__()
        self.runner = runner
        self.fetch = fetch
        self.rows: list = []
        self.total = 0
        self.exact = True  # False: `total` is a cap ("1000+"); more pages are fetched while they come full
        self.query = ""
        self.sort_key = default_sort
        self.descending = False
        self.loading = False
        self._more = False  # the last page came full, so an inexact list may have more
        self._generation = 0
        self._newest = [0]  # the generation the worker compares with (a plain list: read off the UI thread)
        self._queued: int | None = None  # a reload asked for while a query ran: the generation to load next

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
        if parent.isValid() or self.loading:
            return False
        return len(self.rows) < self.total or (not self.exact and self._more)

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
        """Start again from the first page (after a search, a sort or a change notification). While a query of
        this model is running, only the newest reload runs after it."""
        self._generation += 1
        self._newest[0] = self._generation
        if self.loading:
            self._queued = self._generation
            return
        self._load(offset=0)

    def row_at(self, row: int):
        return self.rows[row]

    def _load(self, offset: int) -> None:
        generation, newest = self._generation, self._newest
        query, sort, descending = self.query, self.sort_key, self.descending
        self.loading = True

        def fetch():  # worker thread: a query superseded while it waited in the runner's queue is not run
            if generation != newest[0]:
                return None
            return self.fetch(query, sort, descending, offset, PAGE)

        self.runner.run(
            fetch,
            lambda page: self._arrived(generation, offset, page),
            lambda err: self._failed(generation, err),
            owner=self,
        )

    def _settled(self) -> bool:
        """The running query is done: start the queued reload if there is one (True then)."""
        self.loading = False
        if self._queued is None:
            return False
        self._queued = None
        self._load(offset=0)
        return True

    def _arrived(self, generation: int, offset: int, page) -> None:
        if self._settled() or generation != self._generation or page is None:
            return  # an answer to an older search or sort: never shown
        if offset == 0:
            self.beginResetModel()
            self.rows = list(page.rows)
            self._took(page)
            self.endResetModel()
        elif page.rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self._took(page)
            self.endInsertRows()
        else:
            self._took(page)
        self.loaded.emit()

    def _took(self, page) -> None:
        self._more = len(page.rows) == PAGE
        if getattr(page, "exact", True):
            self.exact, self.total = True, page.total
        elif not self._more:  # the last, short page: every found person is in the list now
            self.exact, self.total = True, len(self.rows)
        else:  # an uncounted total ("1000+") grows with the rows scrolled in
            self.exact, self.total = False, max(page.total, len(self.rows))

    def _failed(self, generation: int, err: BaseException) -> None:
        from app.ui.errors import show_error

        if self._settled() or generation != self._generation:
            return  # the error of a search nobody waits for any more
        show_error(None, err)


class _ColumnFitter(QObject):
    """Sizes a table's columns whenever its viewport is resized (see fit_columns)."""

    def __init__(self, table: QTableView, widest: dict[int, str], usual: str) -> None:
        super().__init__(table)
        self.table = table
        header = table.horizontalHeader()
        metrics, heads = table.fontMetrics(), header.fontMetrics()
        pad = 2 * metrics.horizontalAdvance("0")
        arrow = header.style().pixelMetric(header.style().PixelMetric.PM_HeaderMarkSize) + pad
        model = table.model()
        self.fixed: dict[int, int] = {}
        self.elastic: dict[int, int] = {}
        for column in range(model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            keys = getattr(
                model, "columns", None
            )  # a PagedTableModel says which columns sort (and show an arrow)
            sorts = table.isSortingEnabled() and (keys is None or keys[column][1] is not None)
            heading = heads.horizontalAdvance(title) + pad + (arrow if sorts else 0)
            sample = widest.get(column)
            into = self.fixed if sample is not None else self.elastic
            into[column] = max(
                metrics.horizontalAdvance(sample if sample is not None else usual) + pad, heading
            )
        table.viewport().installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        spare = self.table.viewport().width() - sum(self.fixed.values()) - sum(self.elastic.values())
        extra = max(0, spare) // max(1, len(self.elastic))
        for column, width in [*self.fixed.items(), *((c, w + extra) for c, w in self.elastic.items())]:
            header.resizeSection(column, width)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802, ANN001 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.fit()  # the table's own size, once the layout has given it
        return False


def fit_columns(table: QTableView, widest: dict[int, str], *, usual: str) -> None:
    """Columns whose values have a known longest form (`widest`: column -> a sample such as sixteen digits, a
    date, a reference number) get that width and are never cut ("6204063010…"); the others (names) get at
    least `usual`'s width and share what is left. When even that does not fit — 125 % scaling on a 1366×768
    screen — the table scrolls sideways instead of cutting names to "Agus An…". Users can still drag widths."""
    _ColumnFitter(table, widest, usual)
