"""履职积分: a year's scores of every deputy (computed, adjusted, total, grade, rank), the records behind each
point, manual adjustments, 审核冻结 / 解除冻结, and the ranking/group/threshold/亮分/term exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QSplitter, QToolBar, QToolButton,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ...db import scoring
from ...domain.scoring import points_text, quarter_name
from ...errors import UserError
from ..context import AppContext
from ..widgets import actions
from ..widgets.filter_table import FilterTable
from ..widgets.list_page import ListPage
from ..widgets.messages import show_error
from ..widgets.table_model import Column, RowTableModel
from ..widgets.menu_button import make_room_for_arrow
from .commands import RemoveAdjustment
from .dialogs import AdjustmentDialog, FreezeDialog, UnfreezeDialog
from ...ops.changes import Area, Changes
# Where a record of a detail line opens: table → page key (report_backs open the deputy's archive).
_RECORD_PAGES = {"activities": "activities", "suggestions": "suggestions", "sessions": "session"}
RECORD_ROLE = Qt.UserRole + 1
FROZEN_STYLE = "background: #fff4d6; border: 1px solid #e0b84c; padding: 6px; color: #5a4300;"
LIVE_STYLE = "background: #eef5ee; border: 1px solid #9cc59c; padding: 6px; color: #24502a;"

# (menu text, export function name in ops.score_reports)
_EXPORTS = (("积分排名表", "export_scores"), ("分组汇总表", "export_score_groups"),
            ("低于分数线名单", "export_score_below"))


def _groups_of(row: dict) -> tuple:
    return tuple(n for n in (row.get("group_names") or "").split("、") if n) or ("未分组",)


class ScoringPage(ListPage):
    WATCHED = (Area.TERMS | Area.DEPUTIES | Area.GROUPS | Area.ACTIVITIES | Area.SUGGESTIONS | Area.SESSIONS |
               Area.ATTENDANCE | Area.ARCHIVE | Area.SCORES | Area.SETTINGS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.year = dt.date.today().year
        self.details: list[dict] = []

        self.year_combo = QComboBox()
        self.year_combo.setObjectName("year")
        # "2026年（已冻结）" must show whole after a freeze, not just what fitted at first.
        self.year_combo.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        self.toolbar = QToolBar()
        self.toolbar.addWidget(QLabel(" 年度 "))
        self.toolbar.addWidget(self.year_combo)
        self.toolbar.addSeparator()
        self.adjust_action = self.action("加减分…", self.add_adjustment, actions.NEW)
        self.freeze_action = self.action("审核冻结…", self.freeze)
        self.unfreeze_action = self.action("解除冻结…", self.unfreeze)
        for action in (self.adjust_action, self.freeze_action, self.unfreeze_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.export_button = QToolButton()
        self.export_button.setText("导出与打印")
        self.export_button.setPopupMode(QToolButton.InstantPopup)
        self.export_button.setMenu(self._export_menu())
        self.toolbar.addWidget(make_room_for_arrow(self.export_button))
        self.export_button.setToolTip("导出与打印（积分排名表：Ctrl+E 导出 Excel，Ctrl+P 预览打印）")

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)

        self.model = RowTableModel([
            Column("rank", "名次", 50, numeric=True),
            Column("name", "姓名", 80),
            Column("group_names", "所在代表小组", 130, filter_values=_groups_of),
            Column("computed", "计算得分", 72, text=lambda r: points_text(r["computed"]), numeric=True),
            Column("adjusted", "加减分", 64, text=lambda r: points_text(r["adjusted"]) if r["adjusted"] else "",
                   numeric=True),
            Column("total", "总分", 64, text=lambda r: points_text(r["total"]), numeric=True),
            Column("grade", "等次", 70),
        ], self)
        self.table = FilterTable(self.model, search_placeholder="搜索姓名、小组…", unit="名代表")
        self.grade_combo = self.table.add_column_combo("grade", "全部等次", [])
        self.group_combo = self.table.add_column_combo("group_names", "全部小组", [])

        self.detail_title = QLabel("请选择一名代表查看积分明细")
        self.detail_title.setObjectName("detail_title")
        self.detail_title.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("details")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(["积分项目 / 依据记录", "次数", "每次", "上限", "得分"])
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for column, width in zip(range(1, 5), (44, 44, 44, 76)):
            header.setSectionResizeMode(column, QHeaderView.Fixed)
            self.tree.setColumnWidth(column, width)
        self.tree.itemActivated.connect(self.open_record)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.archive_button = QPushButton("查看一人一档")
        self.archive_button.clicked.connect(self.open_archive)
        self.open_button = QPushButton("打开所选记录")
        self.open_button.clicked.connect(lambda: self.open_record(self.tree.currentItem()))
        self.remove_button = QPushButton("删除所选加减分")
        self.remove_button.clicked.connect(self.remove_adjustment)
        hint = QLabel("双击记录可打开对应的活动、建议或会议。")
        hint.setStyleSheet("color: #666;")
        buttons = QHBoxLayout()
        for button in (self.open_button, self.archive_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail_title)
        right_layout.addWidget(self.tree, 1)
        right_layout.addWidget(hint)
        right_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([560, 480])

        self.info_label = QLabel()
        self.info_label.setObjectName("info")
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.info_label)

        self.table.selection_changed.connect(self.show_details)
        self._add_shortcuts()
        self._fill_years()
        self.reload()

    def _add_shortcuts(self) -> None:
        """Del removes the chosen adjustment (in the detail tree only); Ctrl+F, Ctrl+E, Ctrl+P, F5."""
        self.remove_action = self.action("删除所选加减分", self.remove_adjustment, [actions.DELETE], widget=self.tree)
        self.remove_button.setToolTip(self.remove_action.toolTip())
        self.tree.setContextMenuPolicy(Qt.ActionsContextMenu)
        self.tree.addAction(self.remove_action)
        self.search_action = self.find_action(self.table.search)
        self.export_action = self.action("导出积分排名表 Excel…",
                                         lambda: self.export("export_scores", ".xlsx", "积分排名表"), actions.EXPORT)
        self.print_action = self.action("预览/打印积分排名表…",
                                        lambda: self.export("export_scores", ".pdf", "积分排名表"), actions.PRINT)
        self.reload_action = self.refresh_action()

    def _export_menu(self) -> QMenu:
        menu = QMenu(self)
        for title, name in _EXPORTS:
            sub = menu.addMenu(title)
            sub.addAction("预览/打印 PDF…", lambda n=name, t=title: self.export(n, ".pdf", t))
            sub.addAction("导出 Excel…", lambda n=name, t=title: self.export(n, ".xlsx", t))
        interim = menu.addMenu("季度亮分公示")
        for quarter in range(1, 5):
            interim.addAction(f"{quarter_name(quarter)}（PDF）…",
                              lambda q=quarter: self.export("export_score_interim", ".pdf", f"{quarter_name(q)}亮分",
                                                            quarter=q))
            interim.addAction(f"{quarter_name(quarter)}（Excel）…",
                              lambda q=quarter: self.export("export_score_interim", ".xlsx", f"{quarter_name(q)}亮分",
                                                            quarter=q))
        term = menu.addMenu("任期汇总（连任推荐）")
        term.addAction("预览/打印 PDF…", lambda: self.export("export_score_term", ".pdf", "任期履职积分汇总"))
        term.addAction("导出 Excel…", lambda: self.export("export_score_term", ".xlsx", "任期履职积分汇总"))
        return menu

    # Loading -------------------------------------------------------------------------------
    def _fill_years(self) -> None:
        years = scoring.years_with_data(self.ctx.db)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        frozen = set(scoring.frozen_years(self.ctx.db))
        for year in years:
            self.year_combo.addItem(f"{year}年" + ("（已冻结）" if year in frozen else ""), year)
        index = self.year_combo.findData(self.year)
        self.year_combo.setCurrentIndex(max(index, 0))
        self.year = self.year_combo.currentData() or self.year
        self.year_combo.blockSignals(False)

    def _year_chosen(self) -> None:
        year = self.year_combo.currentData()
        if year is not None and year != self.year:
            self.year = year
            self.reload()

    def set_year(self, year: int) -> None:
        index = self.year_combo.findData(year)
        if index < 0:
            self.year_combo.addItem(f"{year}年", year)
            index = self.year_combo.count() - 1
        self.year_combo.setCurrentIndex(index)

    def reload(self) -> None:
        selected = self.table.selected_ids()
        try:
            rows = scoring.annual_scores(self.ctx.db, self.year)
        except UserError as err:
            show_error(self, err)
            rows = []
        self.frozen = scoring.freeze_info(self.ctx.db, self.year)
        self.model.set_rows(rows)
        self.grade_combo.set_values([name for name, _ in scoring.grade_bands(self.ctx.db)])
        self.group_combo.set_values(sorted({g for r in rows for g in _groups_of(r)}, key=lambda g: (g == "未分组", g)))
        self._stale = False
        self._show_banner(rows)
        self.adjust_action.setEnabled(self.frozen is None and bool(rows))
        self.freeze_action.setEnabled(self.frozen is None and bool(rows))
        self.unfreeze_action.setEnabled(self.frozen is not None)
        if selected:
            self.table.select_ids(selected)
        elif self.model.rowCount():
            self.table.select_ids([self.table.visible_rows()[0]["id"]])
        self.show_details()

    def _show_banner(self, rows: list[dict]) -> None:
        if self.frozen:
            note = f"（{self.frozen['note']}）" if self.frozen.get("note") else ""
            self.banner.setText(f"【已审核冻结】{self.year}年度积分已于{self.frozen['frozen_at'][:10]}由{self.frozen['frozen_by']}"
                                f"审核冻结{note}。此后对活动、建议、规则的修改不影响本年度积分；如需更正，请先“解除冻结”。")
            self.banner.setStyleSheet(FROZEN_STYLE)
        elif not rows:
            self.banner.setText(self._nobody_text())
            self.banner.setStyleSheet(LIVE_STYLE)
        else:
            self.banner.setText(f"{self.year}年度积分按“设置 → 积分规则”根据活动、会议、建议和述职记录实时计算，"
                                f"共 {len(rows)} 名代表。年终核对无误后请“审核冻结”。")
            self.banner.setStyleSheet(LIVE_STYLE)

    def _nobody_text(self) -> str:
        """Why the year has no scores, and what to do about it."""
        from ...db.deputies import count_deputies

        if not count_deputies(self.ctx.db):
            return ("还没有代表。请先到“代表名册”登记或导入代表；积分会根据活动、人代会、建议和述职记录自动计算，"
                    "计分规则在“设置 → 积分规则”中。")
        return (f"{self.year}年度没有参加计分的代表：只有该年度在任届次中的乡镇人大代表参加计分。"
                "请在上方选择其他年度。")

    def _on_data_changed(self, changes: Changes) -> None:
        if not changes.touches(self.WATCHED):
            return
        if changes.touches(Area.SCORES):
            self._fill_years()
        self.reload_soon()

    def focus_record(self, deputy_id) -> None:
        """Select a deputy (from another page) and show their score details."""
        self.table.search.clear()
        self.grade_combo.set_value(None)
        self.group_combo.set_value(None)
        self.table.select_ids([deputy_id])
        self.show_details()

    # Details -------------------------------------------------------------------------------
    def show_details(self) -> None:
        row = self.table.current_row()
        self.tree.clear()
        if row is None:
            self.details = []
            self.detail_title.setText("请选择一名代表查看积分明细")
            self._update_buttons()
            return
        self.details = scoring.score_details(self.ctx.db, self.year, row["deputy_id"])
        self.detail_title.setText(
            f"{row['name']}　{self.year}年度　总分 {points_text(row['total'])}（计算 {points_text(row['computed'])}"
            f"，加减 {points_text(row['adjusted'])}）　{row.get('grade') or ''}　第 {row.get('rank') or '—'} 名")
        for line in self.details:
            item = QTreeWidgetItem([
                line["item"], str(line["count"]), points_text(line["per"]) if line["source"] != "base" else "",
                "" if line["cap"] is None else points_text(line["cap"]),
                points_text(line["points"]) + ("（封顶）" if line["capped"] else "")])
            item.setData(0, RECORD_ROLE, None)
            for column in range(1, 5):
                item.setTextAlignment(column, Qt.AlignRight | Qt.AlignVCenter)
            if not line["count"] and not line["points"]:
                item.setForeground(0, Qt.gray)
            for record in line["records"]:
                child = QTreeWidgetItem([f"{record['date'] or ''}　{record['label']}", "", "", "", ""])
                child.setData(0, RECORD_ROLE, record)
                child.setToolTip(0, record["label"])
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(0 < len(line["records"]) <= 12)
        self._update_buttons()

    def record_items(self) -> list[QTreeWidgetItem]:
        """Every record row of the detail tree (children of the rule lines)."""
        return [self.tree.topLevelItem(i).child(j) for i in range(self.tree.topLevelItemCount())
                for j in range(self.tree.topLevelItem(i).childCount())]

    def _current_record(self) -> dict | None:
        item = self.tree.currentItem()
        return item.data(0, RECORD_ROLE) if item is not None else None

    def _update_buttons(self) -> None:
        record = self._current_record()
        row = self.table.current_row()
        self.archive_button.setEnabled(row is not None)
        self.open_button.setEnabled(record is not None and record["table"] != "score_adjustments")
        removable = record is not None and record["table"] == "score_adjustments" and self.frozen is None
        self.remove_button.setEnabled(removable)
        self.remove_action.setEnabled(removable)

    def open_record(self, item: QTreeWidgetItem | None, _column: int = 0) -> bool:
        """Show the record of a detail row on its own page (a 述职 opens the deputy's archive)."""
        record = item.data(0, RECORD_ROLE) if item is not None else None
        row = self.table.current_row()
        if record is None or row is None:
            return False
        if record["table"] in _RECORD_PAGES:
            self.ctx.events.navigate.emit(_RECORD_PAGES[record["table"]], record["id"])
            return True
        if record["table"] == "report_backs":
            self.ctx.events.navigate.emit("archive", row["deputy_id"])
            return True
        return False

    def open_archive(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self.ctx.events.navigate.emit("archive", row["deputy_id"])

    # Actions -------------------------------------------------------------------------------
    def add_adjustment(self) -> AdjustmentDialog | None:
        row = self.table.current_row()
        if row is None:
            self.info_label.setText("请先在左侧选择一名代表。")
            return None
        if self.frozen:
            show_error(self, UserError(f"{self.year}年度积分已审核冻结，不能再加减分。如确需更正，请先解除冻结。"))
            return None
        return self.open_dialog(AdjustmentDialog(self.ctx, self.year, row, self))

    def remove_adjustment(self) -> bool:
        record = self._current_record()
        if record is None or record["table"] != "score_adjustments":
            return False
        return self.confirm_then("删除加减分", f"确定删除这条加减分吗？\n\n{record['label']}\n\n删除记录会保留在操作日志中。",
                                 lambda: RemoveAdjustment.run(self.ctx, record["id"], record["label"]))

    def freeze(self) -> FreezeDialog | None:
        if self.frozen:
            return None
        return self.open_dialog(FreezeDialog(self.ctx, self.year, self.model.rowCount(), self))

    def unfreeze(self) -> UnfreezeDialog | None:
        if not self.frozen:
            return None
        return self.open_dialog(UnfreezeDialog(self.ctx, self.year, self))

    def export(self, name: str, suffix: str, title: str, path: str | Path | None = None, **options) -> Path | None:
        """Write one of the score reports: a PDF opens in the print preview, an .xlsx is saved where chosen."""
        from ...ops import score_reports

        exporter = getattr(score_reports, name)
        if name != "export_score_term":
            options["year"] = self.year
        year_part = "" if name == "export_score_term" else f"{self.year}年"
        file_name = f"{year_part}{title}{suffix}"
        if suffix == ".pdf" and path is None:
            from ..print_preview import render_and_preview

            return render_and_preview(self, lambda p: exporter(self.ctx.db, p, **options), file_name, title=title)
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, f"导出{title}", file_name, "Excel 工作簿 (*.xlsx)"
                                                  if suffix == ".xlsx" else "PDF 文件 (*.pdf)")
            if not path:
                return None
            if not path.lower().endswith(suffix):
                path += suffix
        try:
            written = exporter(self.ctx.db, Path(path), **options)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法写入文件：{err}"), "导出失败")
            return None
        self.info_label.setText(f"已导出到 {written}")
        return Path(written)
