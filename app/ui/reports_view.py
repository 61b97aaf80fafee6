"""Reports: persons per desa and PPKS category (table and a QtCharts stacked bar chart), persons without NIK,
complaints by status and age; export of the persons list to XLSX or CSV (audited, NIKs masked, the
disability column only with a reason)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QChartView, QStackedBarSeries, QValueAxis
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import reports
from app.services.reports import AGE_BUCKETS, Report
from app.ui.complaint_timeline import step_label
from app.ui.errors import language, user_message
from app.ui.reload_when_shown import ReloadWhenShown
from app.ui.session import Session


def _fill(table: QTableWidget, headers: list[str], rows: list[list]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))


class ReportsView(ReloadWhenShown, QWidget):
    loaded = Signal()
    exported = Signal(str, int)  # path, rows

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.setObjectName("reportsView")
        self.session = session
        self.report: Report | None = None
        self.summary = QLabel(objectName="reportsSummary")
        self.refresh = QPushButton(self.tr("Muat ulang"), objectName="reportsRefresh")
        self.refresh.clicked.connect(self.reload)
        self.by_desa = QTableWidget(objectName="reportByDesa")
        self.chart = QChart()
        self.chart.setTitle(self.tr("Orang per desa dan kategori PPKS"))
        self.chart_view = QChartView(self.chart, objectName="reportChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.without_nik = QTableWidget(objectName="reportWithoutNik")
        self.complaints = QTableWidget(objectName="reportComplaints")
        tabs = QTabWidget(objectName="reportTabs")
        desa_page = QWidget()
        desa_layout = QVBoxLayout(desa_page)
        desa_layout.addWidget(self.chart_view, 3)
        desa_layout.addWidget(self.by_desa, 2)
        tabs.addTab(desa_page, self.tr("Per desa && PPKS"))
        tabs.addTab(self.without_nik, self.tr("Tanpa NIK"))
        tabs.addTab(self.complaints, self.tr("Pengaduan"))
        # Export of the persons list.
        self.full = QCheckBox(self.tr("Sertakan NIK utuh dan data disabilitas"), objectName="exportFull")
        self.reason = QLineEdit(objectName="exportReason")
        self.reason.setPlaceholderText(self.tr("Alasan (wajib untuk ekspor lengkap)"))
        self.reason.setEnabled(False)
        self.full.toggled.connect(self.reason.setEnabled)
        self.export_xlsx = QPushButton(self.tr("Ekspor XLSX…"), objectName="exportXlsx")
        self.export_csv = QPushButton(self.tr("Ekspor CSV…"), objectName="exportCsv")
        self.export_xlsx.clicked.connect(lambda: self._ask_export("xlsx"))
        self.export_csv.clicked.connect(lambda: self._ask_export("csv"))
        self.message = QLabel(objectName="exportMessage")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(self.full)
        bottom.addWidget(self.reason, 1)
        bottom.addWidget(self.export_xlsx)
        bottom.addWidget(self.export_csv)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(tabs, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        session.runner.changed.connect(self.on_changes)
        self.reload()

    def cares_about(self, changes) -> bool:  # noqa: ANN001 - app.store.store.Changes
        return bool(getattr(changes, "records", False))

    def reload(self) -> None:
        store = self.session.store
        self.session.runner.run(
            lambda: reports.build_report(store, lang=language()), self._show, parent_widget=self, owner=self
        )

    def _show(self, report: Report) -> None:
        self.report = report
        t = report.totals
        self.summary.setText(
            self.tr("{h} rumah tangga, {p} orang ({n} tanpa NIK), {c} pengaduan ({o} terlambat)").format(
                h=t.get("households", 0), p=t.get("persons", 0), n=t.get("persons_without_nik", 0),
                c=t.get("complaints", 0), o=report.overdue,
            )
        )  # fmt: skip
        desas = sorted(report.by_desa)
        _fill(self.by_desa, [self.tr("Desa"), *(report.ppks_names.get(k, k) for k in report.ppks), self.tr("Jumlah")],
              [[d, *(report.by_desa[d].get(k, 0) for k in report.ppks), sum(report.by_desa[d].values())]
               for d in desas])  # fmt: skip
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
        series = QStackedBarSeries()
        for code in report.ppks:
            bar = QBarSet(report.ppks_names.get(code, code))
            bar.append([float(report.by_desa[d].get(code, 0)) for d in desas])
            series.append(bar)
        self.chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(desas)
        y = QValueAxis()
        y.setLabelFormat("%d")
        self.chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)

    def _ask_export(self, fmt: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Ekspor daftar"), str(Path.home() / f"jaring.{fmt}"),
                                              f"{fmt.upper()} (*.{fmt})")  # fmt: skip
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path, query: str = "") -> None:
        """Export off the UI thread; a refused export (no reason) shows its bilingual message, writes nothing."""
        store, full, reason = self.session.store, self.full.isChecked(), self.reason.text()

        def done(n: int) -> None:
            self.message.setText(self.tr("{n} baris diekspor ke {path}").format(n=n, path=path))
            self.exported.emit(str(path), n)

        def failed(err: BaseException) -> None:
            self.message.setText(user_message(err))

        self.session.runner.run(lambda: reports.export_list(store, path, full=full, reason=reason, query=query),
                                done, failed, parent_widget=self, owner=self)  # fmt: skip
