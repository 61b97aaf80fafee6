"""Reports: persons per desa and PPKS category (a QtCharts stacked bar chart and a table that says what it
counts), persons without NIK, complaints by status and age; the export of persons or households to XLSX or CSV
(audited, NIKs masked, the reason for a full export asked before the file)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import reports
from app.services.export import ExportRequest
from app.services.reports import AGE_BUCKETS, Report
from app.store.store import Changes
from app.ui.complaint_timeline import step_label
from app.ui.errors import language, user_message
from app.ui.export_dialog import ExportDialog
from app.ui.reload_when_shown import ReloadWhenShown
from app.ui.session import Session

HEADER_WRAP = 18  # characters per line of a column heading: "Anak yang Menjadi Korban…" wraps, never is cut
# Desas on the chart, the longest bar first: one bar per line with its name beside it, readable at 125 %; the
# table lists every desa (a TKSK's kecamatan has 10-20, a demo province 50: 50 bars cut each name to "…").
CHART_DESAS = 15


def _fill(table: QTableWidget, headers: list[str], rows: list[list], *, total: list | None = None) -> None:
    """The table with wrapped headings (whole, their full text as a tooltip) and columns as wide as their cells."""
    table.clear()
    table.setColumnCount(len(headers))
    for c, text in enumerate(headers):
        item = QTableWidgetItem(textwrap.fill(text, HEADER_WRAP))
        item.setToolTip(text)
        table.setHorizontalHeaderItem(c, item)
    table.setRowCount(len(rows) + (1 if total else 0))
    for r, row in enumerate([*rows, *([total] if total else [])]):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if isinstance(value, int):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if total and r == len(rows):
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    table.horizontalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)


def _table(name: str) -> QTableWidget:
    table = QTableWidget(objectName=name)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


class ReportsView(ReloadWhenShown, QWidget):
    loaded = Signal()
    exported = Signal(str, int)  # path, rows

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("reportsView")
        self.session = session
        self.report: Report | None = None
        self.summary = QLabel(objectName="reportsSummary")
        self.summary.setWordWrap(True)
        self.refresh = QPushButton(self.tr("Muat ulang"), objectName="reportsRefresh")
        self.refresh.clicked.connect(self.reload)
        self.chart = QChart()
        self.chart.setTitle(self.tr("Orang dengan kategori PPKS, per desa"))
        self.chart_view = QChartView(self.chart, objectName="reportChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.by_desa = _table("reportByDesa")
        self.counted = QLabel(self.tr(
            "Angka per kategori menghitung orang aktif dalam kategori itu. Satu orang bisa masuk beberapa kategori; "
            "“Jumlah orang” menghitung setiap orang sekali."), objectName="reportCounted")  # fmt: skip
        self.counted.setWordWrap(True)
        self.without_nik = _table("reportWithoutNik")
        self.complaints = _table("reportComplaints")
        tabs = QTabWidget(objectName="reportTabs")
        tabs.addTab(self.chart_view, self.tr("Grafik per desa"))
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.addWidget(self.by_desa, 1)
        table_layout.addWidget(self.counted)
        tabs.addTab(table_page, self.tr("Tabel per desa && PPKS"))
        tabs.addTab(self.without_nik, self.tr("Tanpa NIK"))
        tabs.addTab(self.complaints, self.tr("Pengaduan"))
        from app.ui.coverage_tab import CoverageTab

        self.coverage = CoverageTab(session)  # services against PPKS persons, as the console counts them
        tabs.addTab(self.coverage, self.tr("Cakupan layanan"))
        self.export_button = QPushButton(self.tr("Ekspor ke Excel/CSV…"), objectName="exportButton")
        self.export_button.clicked.connect(self.ask_export)
        self.message = QLabel(objectName="exportMessage")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(tabs, 1)
        layout.addLayout(bottom)
        session.runner.changed.connect(self.on_changes)
        self.reload()

    def cares_about(self, changes: Changes) -> bool:
        return changes.records

    def reload(self) -> None:
        if hasattr(self, "coverage"):
            self.coverage.reload()
        store = self.session.store
        self.session.runner.run(
            lambda: reports.build_report(store, lang=language()), self._show, parent_widget=self, owner=self
        )

    def _summary(self, report: Report) -> str:
        t = report.totals
        # One plural form each: "1 household", "2 households" (a single %n per translated text).
        households = self.tr("%n rumah tangga", "", t.get("households", 0))
        persons = self.tr("%n orang", "", t.get("persons", 0))
        without = self.tr("%n tanpa NIK", "", t.get("persons_without_nik", 0))
        complaints = self.tr("%n pengaduan", "", t.get("complaints", 0))
        late = self.tr("%n terlambat", "", report.overdue)
        return f"{households}, {persons} ({without}), {complaints} ({late})"

    def _show(self, report: Report) -> None:
        self.report = report
        self.summary.setText(self._summary(report))
        desas = sorted(report.by_desa)
        people = report.persons_by_desa
        # "Jumlah orang" beside the desa, where it stays in sight however many categories follow.
        rows = [[d, people.get(d, 0), *(report.by_desa[d].get(k, 0) for k in report.ppks)] for d in desas]
        total = [self.tr("Semua desa"), sum(people.get(d, 0) for d in desas),
                 *(sum(report.by_desa[d].get(k, 0) for d in desas) for k in report.ppks)]  # fmt: skip
        _fill(self.by_desa, [self.tr("Desa"), self.tr("Jumlah orang"), *(report.ppks_names.get(k, k) for k in report.ppks)],
              rows, total=total if desas else None)  # fmt: skip
        self._draw_chart(report, desas)
        _fill(self.without_nik, [self.tr("Nama"), self.tr("Desa"), self.tr("No. KK"), self.tr("Kepala keluarga")],
              [[p.name or "", p.desa_name or "", p.no_kk or "", p.head_name or ""]
               for p in report.without_nik])  # fmt: skip
        buckets = [b[2] for b in AGE_BUCKETS]
        _fill(self.complaints, [self.tr("Status"), *[self.tr("{b} hari").format(b=b) for b in buckets]],
              [[step_label(s), *(counts[b] for b in buckets)] for s, counts in sorted(report.complaints_by_status.items())])  # fmt: skip
        self.loaded.emit()

    def _draw_chart(self, report: Report, desas: list[str]) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        # Longest bar first: what the eye compares is the bar.
        shown = sorted(desas, key=lambda d: (-sum(report.by_desa[d].values()), d))[:CHART_DESAS]
        if len(desas) > len(shown):
            self.chart.setTitle(self.tr("Orang dengan kategori PPKS: %n desa teratas (semua desa di tabel)", "",
                                        len(shown)))  # fmt: skip
        else:
            self.chart.setTitle(self.tr("Orang dengan kategori PPKS, per desa"))
        shown.reverse()  # a horizontal chart draws its first category at the bottom: the most at the top
        series = QHorizontalStackedBarSeries()
        for code in report.ppks:
            bar = QBarSet(report.ppks_names.get(code, code))
            bar.append([float(report.by_desa[d].get(code, 0)) for d in shown])
            series.append(bar)
        self.chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append(shown)
        names.setTruncateLabels(False)  # a desa name is whole or it is no help
        # The bars stack category counts (a person in two categories is in two blocks): the axis says so.
        counts = QValueAxis()
        counts.setTitleText(self.tr("Orang per kategori"))
        counts.setLabelFormat("%d")
        tallest = max((sum(report.by_desa[d].values()) for d in shown), default=0)
        upper, ticks = reports.axis_ticks(tallest)
        counts.setRange(0, upper)
        counts.setTickCount(ticks)
        counts.setMinorTickCount(0)
        self.chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        series.attachAxis(counts)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)

    # --- export -----------------------------------------------------------------------------------

    def ask_export(self, query: str = "") -> None:
        """What to export and, for a full export, why — then where to save it; then the export, off the UI thread."""
        dialog = ExportDialog(self, query=query)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        path = self._choose_file(request)
        if path is not None:
            self.export_to(path, request)

    def _choose_file(self, request: ExportRequest) -> Path | None:
        what = self.tr("orang") if request.what == "persons" else self.tr("rumah-tangga")
        name = f"jaring-{what}-{date.today().isoformat()}.{request.fmt}"
        dialog = QFileDialog(self, self.tr("Simpan ekspor"), str(Path.home() / name))
        dialog.setObjectName("exportFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(request.fmt)
        dialog.setNameFilter(f"{request.fmt.upper()} (*.{request.fmt})")
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])

    def export_to(self, path: Path, request: ExportRequest) -> None:
        """Export off the UI thread; a refused export shows its message in the screen's language, writes nothing."""
        store = self.session.store

        def done(n: int) -> None:
            self.message.setText(self.tr("%n baris diekspor ke {path}", "", n).format(path=path))
            self.exported.emit(str(path), n)

        def failed(err: BaseException) -> None:
            self.message.setText(user_message(err))

        self.session.runner.run(lambda: reports.export_list(store, path, request), done, failed,
                                parent_widget=self, owner=self)  # fmt: skip
