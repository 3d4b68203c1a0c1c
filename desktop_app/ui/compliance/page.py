"""履职达标: every group, station and deputy against the 设置 thresholds for a chosen period; export and print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QToolBar, QVBoxLayout, QWidget,
)

from ...db import settings
from ...errors import UserError
from ...ops import compliance as compliance_ops
from ...reports import compliance as report_data
from ..context import AppContext
from ..widgets.dates import DateEdit, DateError
from ..widgets.field_errors import ErrorLabel
from ..widgets.actions import EDIT, EXPORT, FIND, PRINT, REFRESH, page_action
from ..widgets.filter_table import FilterCombo, FilterTable
from ..widgets.messages import show_error
from ..widgets.reloading_page import ReloadingPage
from .model import ComplianceModel
from ...ops.changes import Area, Changes

# Tables whose changes alter the counts or the units listed.
_WATCHED = (Area.TERMS | Area.DEPUTIES | Area.GROUPS | Area.STATIONS | Area.ACTIVITIES | Area.SETTINGS |
            Area.PICK_LISTS)
PERIODS = ("本季度", "本年度", "上一季度", "上一年度", "自定义")
BEHIND, RUNNING, MET = "只看未达标", "只看进行中", "只看达标"
UNITS = {"groups": "个小组", "stations": "个站点", "deputies": "名代表"}
# What to do when a section has nothing to check (a new office).
EMPTY_HINTS = {"groups": "还没有代表小组（请到“代表小组”页面建立小组并分配成员）",
               "stations": "还没有代表之家或联络站（请到“代表之家/联络站”页面登记）",
               "deputies": "名册中还没有在任代表（请到“代表名册”页面录入或导入）"}


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def period_bounds(choice: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """[start, end] of a preset period around ``today`` (自定义 is read from the date fields instead)."""
    if choice == "本年度":
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if choice == "上一年度":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    first = quarter_start(today)
    if choice == "上一季度":
        first = quarter_start(first - dt.timedelta(days=1))
    month = first.month + 3
    after = dt.date(first.year + (month > 12), (month - 1) % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


class SectionView(QWidget):
    """One tab: the filter table of a section with 全部/只看未达标/只看达标 (and a group filter for deputies)."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.model = ComplianceModel(self)
        placeholder = "搜索代表姓名、所在小组…" if key == "deputies" else "搜索名称…"
        self.table = FilterTable(self.model, search_placeholder=placeholder, unit=UNITS[key])
        self.table.view.setObjectName(f"compliance_{key}")
        self.state_combo = FilterCombo("全部", (BEHIND, RUNNING, MET))
        self.table.add_filter(self.state_combo)
        self.group_combo = None
        if key == "deputies":
            self.group_combo = FilterCombo("全部小组")
            self.group_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
            self.table.add_filter(self.group_combo)
            self.group_combo.currentIndexChanged.connect(self._apply_filters)
        self.state_combo.currentIndexChanged.connect(self._apply_filters)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.table)

    def set_section(self, section: report_data.Section) -> None:
        self.model.set_section(section)
        for i, col in enumerate(self.model.columns):
            self.table.view.setColumnWidth(i, col.width)
        if self.group_combo is not None:
            names = sorted({g for r in section.rows for g in r.extra.split("、") if g})
            self.group_combo.set_values(names)
        self._apply_filters()

    def _apply_filters(self, *_args) -> None:
        state, group = self.state_combo.value(), self.group_combo.value() if self.group_combo else None
        if state is None and group is None:
            self.table.proxy.set_row_predicate(None)
        else:
            def accept(row: dict) -> bool:
                done = not row["behind"] and not row["in_progress"]
                if state == BEHIND and not row["behind"] or state == RUNNING and not row["in_progress"] \
                        or state == MET and not done:
                    return False
                return group is None or group in row["extra"].split("、")
            self.table.proxy.set_row_predicate(accept)
        self.table.update_count()


class CompliancePage(ReloadingPage):
    """Choose a period; three tabs (groups, stations, deputies); double-click opens the record's page."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.report: report_data.ComplianceReport | None = None
        self._stale = False

        self.period_combo = QComboBox()
        self.period_combo.addItems(PERIODS)
        self.period_combo.setCurrentText("本年度")
        self.start_edit, self.end_edit = DateEdit(), DateEdit()
        self.apply_button = QPushButton("查询")
        self.apply_button.clicked.connect(self.reload)
        self.period_error = ErrorLabel()
        self.period_label = QLabel()
        self.period_label.setObjectName("period")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("统计期间"))
        bar.addWidget(self.period_combo)
        bar.addWidget(self.start_edit)
        bar.addWidget(QLabel("至"))
        bar.addWidget(self.end_edit)
        bar.addWidget(self.apply_button)
        bar.addWidget(self.period_label, 1)

        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.open_action = page_action(self, "查看所选", self.open_current, EDIT)
        self.find_action = page_action(self, "查找", self.focus_search, FIND)
        self.preview_action = page_action(self, "打印预览…", self.preview_pdf, PRINT)
        self.export_excel_action = page_action(self, "导出Excel…", self.export_excel, EXPORT)
        self.export_pdf_action = page_action(self, "导出PDF…", self.export_pdf)
        self.refresh_action = page_action(self, "刷新", self.reload, REFRESH)
        self.toolbar.addAction(self.open_action)
        self.toolbar.addSeparator()
        for action in (self.preview_action, self.export_excel_action, self.export_pdf_action):
            self.toolbar.addAction(action)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #1f5f99;")
        self.empty_hint.hide()
        self.tabs = QTabWidget()
        self.views = {key: SectionView(key) for key in ("groups", "stations", "deputies")}
        for key, view in self.views.items():
            self.tabs.addTab(view, report_data.SECTION_TITLES[key])
            view.table.activated.connect(lambda row, key=key: self.open_record(key, row["id"]))
        self.info_label = QLabel()
        self.info_label.setObjectName("info")

        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addLayout(bar)
        layout.addWidget(self.period_error)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.rule_label)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.info_label)

        self.period_combo.currentTextChanged.connect(self._period_changed)
        ctx.events.changed.connect(self._on_data_changed)
        self._period_changed(self.period_combo.currentText())

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the tab shown."""
        search = self.current_view().table.search
        search.setFocus()
        search.selectAll()

    # Period ---------------------------------------------------------------------------------
    def _period_changed(self, choice: str) -> None:
        self._apply_choice(choice)
        self.reload()

    def _apply_choice(self, choice: str, start=None, end=None) -> None:
        """Fill the date fields for a preset (read-only then); 自定义 leaves them to the clerk."""
        custom = choice == "自定义"
        for widget in (self.start_edit, self.end_edit, self.apply_button):
            widget.setEnabled(custom)
        if not custom:
            start, end = period_bounds(choice, self.today())
        if start is not None:
            self.start_edit.set_iso(str(start))
        if end is not None:
            self.end_edit.set_iso(str(end))

    def set_period(self, choice: str, start: str | dt.date | None = None, end: str | dt.date | None = None) -> bool:
        """Choose a preset, or 自定义 with ``start``/``end``; returns whether the table was refreshed."""
        self.period_combo.blockSignals(True)
        self.period_combo.setCurrentText(choice)
        self.period_combo.blockSignals(False)
        self._apply_choice(choice, start, end)
        return self.reload()

    def _bounds(self) -> tuple[str, str]:
        try:
            start, end = self.start_edit.iso(), self.end_edit.iso()
        except DateError as err:
            raise UserError(str(err)) from None
        if not start or not end:
            raise UserError("请填写统计期间的开始和结束日期，例如 2026-01-01 至 2026-06-30。")
        return start, end

    # Loading --------------------------------------------------------------------------------
    def reload(self) -> bool:
        """Recompute every section for the chosen period; a bad period is explained and nothing changes."""
        self._stale = False
        try:
            start, end = self._bounds()
            report = compliance_ops.gather(self.ctx.db, start, end, as_of=self.today())
        except UserError as err:
            self.period_error.show_error(str(err))
            return False
        self.period_error.show_error(None)
        self.report = report
        for section in report.sections:
            self.views[section.key].set_section(section)
            index = list(self.views).index(section.key)
            mark = f"（{section.behind_count}{UNITS[section.key][0]}未达标）" if section.behind_count else ""
            self.tabs.setTabText(index, section.title + mark)
        self.period_label.setText(report.period_text)
        self.summary_label.setText(report.summary())
        self.rule_label.setText("履职要求（可在“设置—活动与建议”中修改）：" + "；".join(
            f"{s.title}{s.rule}" for s in report.sections) + "。红色为未达到要求。双击一行查看该小组、站点或代表。")
        missing = [EMPTY_HINTS[s.key] for s in report.sections if not s.rows and s.key in EMPTY_HINTS]
        self.empty_hint.setText("；".join(missing) + "。建好后，登记的活动会在这里逐一核对。" if missing else "")
        self.empty_hint.setVisible(bool(missing))
        return True

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(_WATCHED):
            self.reload_soon()

    # Navigation -----------------------------------------------------------------------------
    def focus_record(self, record) -> bool:
        """``{"period": "本季度"}`` (the home screen's quarter card): that period, the behind ones only, or the
        ones in progress in a tab with none behind."""
        if not isinstance(record, dict) or record.get("period") not in PERIODS:
            return False
        refreshed = self.set_period(record["period"])
        for key, view in self.views.items():
            behind = self.report.section(key).behind_count if self.report else 1
            view.state_combo.set_value(BEHIND if behind else RUNNING)
        return refreshed

    def current_view(self) -> SectionView:
        return self.tabs.currentWidget()

    def open_record(self, key: str, record_id: int) -> None:
        self.ctx.events.navigate.emit(report_data.NAVIGATE_PAGES[key], record_id)

    def open_current(self) -> bool:
        view = self.current_view()
        row = view.table.current_row()
        if row is None:
            self.info_label.setText("请先在表格中选择一行。")
            return False
        self.open_record(view.key, row["id"])
        return True

    # Export ---------------------------------------------------------------------------------
    def _file_name(self, suffix: str) -> str:
        township = settings.get(self.ctx.db, "township_name") or ""
        report = self.report
        span = f"{report.start.isoformat()}至{report.end.isoformat()}" if report else dt.date.today().isoformat()
        return f"履职达标-{township}-{span}{suffix}"

    def _save_path(self, title: str, suffix: str) -> str | None:
        filter_text = "Excel 工作簿 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / self._file_name(suffix)), filter_text)
        if path and not path.lower().endswith(suffix):
            path += suffix
        return path or None

    def _write(self, path: Path) -> Path:
        return compliance_ops.write(self.report, path)

    def export_to(self, path: str | Path) -> Path | None:
        """Write the shown period to ``path`` (.xlsx or .pdf); errors are shown, never raised."""
        if self.report is None:
            show_error(self, UserError("请先选择有效的统计期间。"), "导出失败")
            return None
        path = Path(path)
        try:
            written = self._write(path)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法写入文件：{err}"), "导出失败")
            return None
        self.info_label.setText(f"已导出到 {written}")
        return written

    def export_excel(self) -> Path | None:
        path = self._save_path("导出履职达标情况", ".xlsx")
        return self.export_to(path) if path else None

    def export_pdf(self) -> Path | None:
        path = self._save_path("导出履职达标情况（PDF）", ".pdf")
        return self.export_to(path) if path else None

    def preview_pdf(self) -> Path | None:
        from ..print_preview import render_and_preview

        if self.report is None:
            return None
        return render_and_preview(self, self._write, self._file_name(".pdf"),
                                  title="履职达标情况")
