"""县级汇总: choose a folder of township packages, see which loaded, read the consolidated tables, export them.

Everything here is read-only: packages are verified and read, never imported into this database.
The chosen folder is remembered in the setting ``county_folder``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from ...db import settings
from ...errors import UserError
from ...ops import settings as settings_ops
from ...exchange import county_reports
from ...exchange.county import OK, REFUSED, TOTAL, CountyView, consolidated_statistics, load_folder
from ..context import AppContext
from ..widgets.actions import EXPORT, FIND, REFRESH, page_action
from ..widgets.messages import show_error
from ..widgets.progress import run_with_progress

FOLDER_KEY = "county_folder"
_REFUSED_BRUSH = QBrush(QColor("#c0392b"))
_MUTED_BRUSH = QBrush(QColor("#8a8a8a"))


def _number(text: str) -> float | None:
    try:
        return float(text.rstrip("%").replace(",", ""))
    except ValueError:
        return None


class _Item(QTableWidgetItem):
    """Sorts numbers (and percentages) by value, text by text; the 合计 row stays last in either order."""

    def sort_key(self) -> tuple:
        table = self.tableWidget()
        first = table.item(self.row(), 0) if table is not None else None
        pinned = 0
        if first is not None and first.text() == TOTAL:
            descending = table.horizontalHeader().sortIndicatorOrder() == Qt.DescendingOrder
            pinned = -1 if descending else 1
        number = _number(self.text())
        return (pinned, 0, number, "") if number is not None else (pinned, 1, 0.0, self.text())

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _Item):
            return self.sort_key() < other.sort_key()
        return super().__lt__(other)


def _table(header: list[str], rows: list[list]) -> QTableWidget:
    table = QTableWidget(len(rows), len(header))
    table.setHorizontalHeaderLabels(header)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSortingEnabled(False)
    bold = table.font()
    bold.setBold(True)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = _Item("" if value is None else str(value))
            if isinstance(value, (int, float)) or (isinstance(value, str) and value.endswith("%")):
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            if row and row[0] == TOTAL:
                item.setFont(bold)
            table.setItem(r, c, item)
    header_view = table.horizontalHeader()
    header_view.setMinimumSectionSize(72)
    header_view.setSectionResizeMode(QHeaderView.ResizeToContents)
    # Rows keep the report's order (townships, then 合计) until the clerk clicks a header.
    header_view.setSortIndicator(-1, Qt.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def filter_rows(table: QTableWidget, words: list[str]) -> int:
    """Hide the rows not containing every word (合计 always shows); returns how many rows are shown."""
    shown = 0
    for r in range(table.rowCount()):
        cells = [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        match = (cells and cells[0] == TOTAL) or all(any(w in cell for cell in cells) for w in words)
        table.setRowHidden(r, not match)
        shown += bool(match)
    return shown


class CountyPage(QWidget):
    """The folder bar, the package list with each file's status, and one tab per consolidated table."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: CountyView | None = None
        self.stats: dict | None = None

        self.missing_folder: str | None = None   # a remembered folder that is not there now (USB unplugged)
        self.folder_label = QLabel("请选择存放各乡镇数据交换包（.zip）的文件夹：各乡镇在“数据交换”页导出数据包后，"
                                   "把这些 .zip 文件放进同一个文件夹。")
        self.folder_label.setObjectName("folder")
        self.folder_label.setWordWrap(True)
        self.choose_button = QPushButton("选择文件夹…")
        self.choose_button.clicked.connect(self.choose_folder)
        self.reload_button = QPushButton("重新载入")
        self.reload_button.clicked.connect(self.reload)
        self.accept_key_button = QPushButton("接受新密钥…")
        self.accept_key_button.setToolTip("某乡镇确实更换了签名密钥（例如换电脑又没有恢复备份）时，电话核对指纹后改用新密钥")
        self.accept_key_button.clicked.connect(self.accept_new_key)
        self.year_combo = QComboBox()
        self.year_combo.setToolTip("履职积分的年度")
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        self.export_button = QPushButton("导出汇总…")
        self.export_button.clicked.connect(self.choose_export)
        bar = QHBoxLayout()
        bar.addWidget(self.choose_button)
        bar.addWidget(self.reload_button)
        bar.addWidget(self.accept_key_button)
        bar.addWidget(self.folder_label, 1)
        bar.addWidget(QLabel("积分年度"))
        bar.addWidget(self.year_combo)
        bar.addWidget(self.export_button)

        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("筛选：乡镇名称、文件名、状态…（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.files = _table(["乡镇", "文件", "导出时间", "数据期间", "状态", "说明"], [])
        self.files.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        splitter = QSplitter(Qt.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.summary)
        top_layout.addWidget(self.search)
        top_layout.addWidget(self.files)
        splitter.addWidget(top)
        splitter.addWidget(self.tabs)
        splitter.setSizes([220, 520])
        splitter.setChildrenCollapsible(False)
        note = QLabel("县级汇总只读取各乡镇的数据交换包，不会改动本机的代表、活动等数据（只登记各乡镇的签名密钥）。"
                      "每个乡镇取导出时间最新的一个真实的包；未签名、签名或密钥不符、损坏、被改动过、导出时间晚于今天的包"
                      "会被拒绝并说明原因，其余照常汇总。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        layout.addWidget(note)
        self.find_action = page_action(self, "查找", self.focus_search, FIND)
        self.export_action = page_action(self, "导出汇总", self.choose_export, EXPORT)
        self.refresh_action = page_action(self, "重新载入", self.reload, REFRESH)
        self._set_enabled()
        self.export_button.setToolTip(self.export_action.toolTip())
        self.reload_button.setToolTip(self.refresh_action.toolTip())
        self.tabs.currentChanged.connect(lambda _i: self.apply_filter())
        folder = settings.get(ctx.db, FOLDER_KEY)
        if folder and Path(folder).is_dir():
            self.load(folder)
        elif folder:
            self._show_missing(folder)

    # Loading ---------------------------------------------------------------------------
    def choose_folder(self) -> None:
        start = settings.get(self.ctx.db, FOLDER_KEY) or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, "选择存放各乡镇数据交换包的文件夹", start)
        if folder:
            self.load(folder, with_progress=True)

    def reload(self) -> None:
        folder = self.view.folder if self.view is not None else self.missing_folder
        if folder is not None:
            self.load(folder, with_progress=True)

    def _show_missing(self, folder: str | Path) -> None:
        """The folder is gone (a USB drive pulled out): drop the figures read from it and say what to do."""
        self.view, self.stats, self.missing_folder = None, None, str(folder)
        self.files.setRowCount(0)
        self.tabs.clear()
        self.summary.setText("")
        self.year_combo.clear()
        self.folder_label.setText(f"文件夹 {folder} 现在找不到（U盘或移动硬盘可能没有插上）。"
                                  "插上后点“重新载入”，或点“选择文件夹…”另选。")
        self._set_enabled()

    def accept_new_key(self) -> CountyView | None:
        """Reload taking the new key of the township whose package was refused for its key, after confirmation."""
        from ...exchange.signing import fingerprint
        from ..widgets import messages

        if self.view is None:
            return None
        refused = [f for f in self.view.files if f.key_refused]
        if not refused:
            return None
        chosen = self.files.currentRow()
        name = self.files.item(chosen, 1).text() if chosen >= 0 and self.files.item(chosen, 1) else ""
        entry = next((f for f in refused if f.path.name == name), refused[0])
        if not messages.confirm(self, "接受新密钥", (
                f"{entry.township}的数据包“{entry.path.name}”使用了新的签名密钥，指纹：\n\n"
                f"    {fingerprint(entry.new_key)}\n\n请先打电话请{entry.township}在“设置 → 常规”中念出本单位的"
                f"签名密钥指纹，两者一致才能接受。以后只认这个新密钥，用原密钥伪造的包会被拒绝。\n\n确定接受吗？")):
            return None
        return self.load(self.view.folder, accept_new_key=(entry.township,))

    def load(self, folder: str | Path, *, with_progress: bool = False,
             accept_new_key: tuple[str, ...] = ()) -> CountyView | None:
        """Read the folder's packages and show them; the folder and the townships' keys are remembered."""
        from ...exchange.keyring import KeyRing

        try:
            ring = KeyRing.from_json(settings.get(self.ctx.db, "county_keys"), "本库的县级汇总密钥登记")
            if with_progress:
                view = run_with_progress(self, "县级汇总",
                                         lambda progress: load_folder(folder, progress, keyring=ring,
                                                                      accept_new_key=accept_new_key),
                                         label="正在校验各乡镇的数据交换包…")
                if view is None:
                    return None
            else:
                view = load_folder(folder, keyring=ring, accept_new_key=accept_new_key)
        except UserError as err:
            if not Path(folder).is_dir():
                self._show_missing(folder)
            show_error(self, err, "无法载入")
            return None
        self.missing_folder = None
        settings_ops.remember_county_folder(self.ctx.db, folder)
        if ring.changed:
            settings_ops.remember_county_keys(self.ctx.db, ring.as_json())
        self.view = view
        self.folder_label.setText(f"文件夹：{view.folder}")
        self._fill_years()
        self.refresh()
        return view

    def _fill_years(self) -> None:
        from ...exchange.county import score_years

        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for year in reversed(score_years(self.view)):
            self.year_combo.addItem(f"{year}年", year)
        self.year_combo.blockSignals(False)

    def _year_changed(self, _index: int) -> None:
        if self.view is not None:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the statistics for the chosen year and rebuild the tables."""
        view = self.view
        self.stats = consolidated_statistics(view, year=self.year_combo.currentData())
        rows = [[f.township or "—", f.path.name, f.created_at.replace("T", " "),
                 f"{f.period[0]} 至 {f.period[1]}" if f.period[0] else "", f.status_text, f.message]
                for f in view.files]
        self._fill_files(rows)
        refused = len(view.refused)
        text = f"已汇总 {len(view.townships)} 个乡镇"
        if refused:
            text += f"；{refused} 个数据包校验未通过，未计入汇总（见下表红色行）"
        self.summary.setText(text + "。" + "".join(view.notes))
        self.summary.setStyleSheet("color: #c0392b;" if refused else "")
        self.tabs.clear()
        for title, header, table_rows in county_reports.tables(self.stats)[1:]:
            self.tabs.addTab(_table(header, table_rows), title)
        self.apply_filter()
        self._set_enabled()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def apply_filter(self) -> None:
        """The filter box narrows the package list and every consolidated table to the matching townships."""
        words = self.search.text().split()
        filter_rows(self.files, words)
        for i in range(self.tabs.count()):
            filter_rows(self.tabs.widget(i), words)

    def _fill_files(self, rows: list[list]) -> None:
        self.files.setSortingEnabled(False)   # filling a sorted table would move rows under our feet
        self.files.setRowCount(len(rows))
        for r, (row, entry) in enumerate(zip(rows, self.view.files)):
            for c, value in enumerate(row):
                item = _Item(value)
                item.setToolTip(value if c == 5 else str(entry.path))
                if entry.status == REFUSED:
                    item.setForeground(_REFUSED_BRUSH)
                elif entry.status != OK:
                    item.setForeground(_MUTED_BRUSH)
                self.files.setItem(r, c, item)
        self.files.resizeColumnsToContents()
        self.files.setSortingEnabled(True)

    def _set_enabled(self) -> None:
        loaded = self.view is not None and bool(self.view.townships)
        # Ctrl+E too: with no package loaded there is nothing to export (it used to crash).
        self.export_button.setEnabled(loaded)
        self.export_action.setEnabled(loaded)
        self.reload_button.setEnabled(self.view is not None or self.missing_folder is not None)
        self.accept_key_button.setEnabled(self.view is not None and any(f.key_refused for f in self.view.files))
        self.year_combo.setEnabled(loaded and self.year_combo.count() > 0)

    # Export -------------------------------------------------------------------------------
    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def tab_rows(self, title: str) -> list[list[str]]:
        """The cells of one consolidated table as text (for tests and copying)."""
        index = self.tab_titles().index(title)
        table = self.tabs.widget(index)
        return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]

    def choose_export(self) -> None:
        county = (self.stats or {}).get("county") or ""
        name, chosen = QFileDialog.getSaveFileName(self, "导出县级汇总", f"{county}各乡镇汇总统计.xlsx",
                                                   "Excel 工作簿 (*.xlsx);;PDF 文件 (*.pdf)")
        if name:
            path = Path(name)
            if path.suffix.lower() not in county_reports.FORMATS:
                path = path.with_suffix(".pdf" if "PDF" in chosen else ".xlsx")
            self.export(path)

    def export(self, path: Path) -> Path | None:
        try:
            written = county_reports.write_county_report(self.stats, path)
        except (UserError, OSError) as err:
            show_error(self, err if isinstance(err, UserError) else UserError(f"无法保存 {path}：{err}"), "导出失败")
            return None
        self.summary.setText(f"{self.summary.text()} 汇总已导出到 {written}")
        return written
