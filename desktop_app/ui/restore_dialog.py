"""恢复备份: list the backups, preview what the chosen one holds, restore it after a safety backup, reopen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton,
    QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..db import auto_backup
from ..db.auto_backup import BackupInfo
from ..db.migrations import LATEST
from ..domain.backup_policy import parse_backup_name
from ..errors import UserError
from .context import AppContext
from .widgets.messages import confirm, show_error
from .widgets.screen_fit import fit_to_screen
from ..ops.changes import Area

# What a clerk calls each table, in the order the preview lists them; other tables follow by name.
TABLE_TITLES: dict[str, str] = {
    "deputies": "代表",
    "deputy_status_history": "代表状态变动",
    "terms": "届次",
    "districts": "选区",
    "groups": "代表小组",
    "group_members": "小组成员",
    "stations": "代表之家/联络站",
    "station_groups": "联络站下属小组",
    "activities": "活动",
    "activity_attendance": "活动出席记录",
    "activity_types": "活动类型",
    "reception_schedules": "接待选民日安排",
    "reception_visits": "接待来访记录",
    "suggestions": "意见建议",
    "suggestion_events": "建议办理过程",
    "suggestion_submitters": "建议提出人",
    "suggestion_co_units": "建议协办单位",
    "suggestion_fields": "建议类别",
    "handling_units": "承办单位",
    "sessions": "人代会会议",
    "session_attendance": "会议出席记录",
    "vote_items": "表决事项",
    "candidates": "候选人",
    "ballots": "选票",
    "reconciliation_decisions": "计票核对决定",
    "scan_files": "扫描文件",
    "scanned_ballots": "扫描选票",
    "score_rules": "积分规则",
    "score_adjustments": "积分调整",
    "score_freezes": "积分年度锁定",
    "frozen_scores": "锁定的年度积分",
    "honors": "荣誉表彰",
    "report_backs": "代表述职",
    "deputy_notes": "代表备注",
    "attachments": "附件",
    "settings": "设置项",
    "audit_log": "操作日志",
}
_HIDDEN = {"_sqlite_migrations"}


def table_title(name: str) -> str:
    return TABLE_TITLES.get(name, name)


def ordered_contents(contents: dict[str, int]) -> list[tuple[str, int]]:
    """(table, rows) in the order of ``TABLE_TITLES``, unknown tables after, by name."""
    known = [(t, contents[t]) for t in TABLE_TITLES if t in contents]
    others = sorted((t, n) for t, n in contents.items() if t not in TABLE_TITLES and t not in _HIDDEN)
    return known + others


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size, 1024) // 1024} KB"


def when_text(info: BackupInfo) -> str:
    c = info.created
    return f"{c.year}年{c.month}月{c.day}日 {c:%H:%M}"


def backups_for(ctx: AppContext) -> list[BackupInfo]:
    """This database's backups in the chosen folder and the default one (a fallback copy may sit there)."""
    folders = {auto_backup.backup_folder(ctx.db), auto_backup.default_folder(ctx.db)}
    found = {info.path: info for folder in folders for info in auto_backup.list_backups(ctx.db, folder)}
    return sorted(found.values(), key=lambda info: (info.created, info.path.name), reverse=True)


def current_counts(ctx: AppContext, tables) -> dict[str, int]:
    return auto_backup.table_counts(ctx.db, tables)


def restore_into(ctx: AppContext, source: Path, window: QWidget | None = None):
    """Restore ``source`` over the open database and reopen it; returns db/restore's RestoreReport.

    The connection must be closed while the file is replaced (Windows refuses otherwise). The main
    window does that with its pages (``reopen_database``); without one the context is reopened here.
    The database is reopened even when the restore is refused; the error is raised after that.
    """
    from ..db.connection import open_database
    from ..ops.restore import restore

    def replace(path: Path):
        return restore(source, path).value

    reopen = getattr(window, "reopen_database", None)
    if reopen is not None:
        report = reopen(replace)
    else:
        ctx.db.close()
        try:
            report = replace(ctx.db_path)
        finally:
            ctx.db = open_database(ctx.db_path)
    ctx.announce(Area.EVERYTHING)
    return report


def _item(text: str, *, right: bool = False, tip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemIsSelectable | Qt.ItemIsEnabled)
    if right:
        item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
    return table


class RestoreDialog(QDialog):
    """The backups, newest first; selecting one shows its rows per table next to the current database's."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report = None
        self.setWindowTitle("从备份恢复")
        fit_to_screen(self, 900, 560)
        self.backups: list[BackupInfo] = []
        self.extra: BackupInfo | None = None      # a file chosen with 选择其他备份文件…

        folder = auto_backup.backup_folder(ctx.db)
        where = f"备份文件夹：{folder}"
        if not folder.is_dir():
            # A USB drive not plugged in: the fallback copies in the default folder are still listed.
            where += f"（现在找不到，U盘可能没有插上；下面列出的是默认文件夹 {auto_backup.default_folder(ctx.db)} 中的备份）"
        self.intro = intro = QLabel(f"{where}\n选择一份备份，右侧显示其中的内容。恢复前会先把当前数据库自动备份"
                       "（恢复前），如果恢复错了，还可以再从那份备份恢复回来。")
        intro.setWordWrap(True)
        self.list = _table(["备份时间", "原因", "大小"])
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.list.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.list.itemSelectionChanged.connect(self.show_preview)
        self.preview_title = QLabel("请在左侧选择一份备份。")
        self.preview_title.setObjectName("preview_title")
        self.preview_title.setWordWrap(True)
        self.preview = _table(["内容", "备份中的条数", "当前数据库"])
        self.preview.setSelectionMode(QAbstractItemView.NoSelection)
        for column in (1, 2):
            self.preview.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeToContents)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview_title)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([420, 480])
        splitter.setChildrenCollapsible(False)

        self.other_button = QPushButton("选择其他备份文件…")
        self.other_button.clicked.connect(self.choose_other_file)
        self.restore_button = QPushButton("恢复所选备份")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        close = QPushButton("关闭")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.load()

    # List and preview ---------------------------------------------------------------
    def load(self) -> None:
        self.backups = backups_for(self.ctx)
        if self.extra is not None and self.extra.path not in {b.path for b in self.backups}:
            self.backups.insert(0, self.extra)
        self.list.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            self.list.setItem(row, 0, _item(when_text(info), tip=str(info.path)))
            self.list.setItem(row, 1, _item(info.reason, tip=str(info.path)))
            self.list.setItem(row, 2, _item(size_text(info.size), right=True))
        if not self.backups:
            self.preview_title.setText("还没有备份。可以用“文件 → 立即备份”先备份一次，或选择其他备份文件。")
        else:
            self.list.selectRow(0)

    def selected(self) -> BackupInfo | None:
        rows = self.list.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def show_preview(self) -> None:
        info = self.selected()
        self.preview.setRowCount(0)
        self.restore_button.setEnabled(False)
        if info is None:
            return
        try:
            contents = auto_backup.backup_contents(info.path)
        except UserError as err:
            self.preview_title.setText(f"{info.path.name}\n{err}")
            return
        if "audit_log" not in contents:
            self.preview_title.setText(f"{info.path.name} 不是本软件的数据库备份，不能用来恢复。")
            return
        current = current_counts(self.ctx, contents)
        self.preview_title.setText(f"{when_text(info)} 的备份（{info.reason}，{size_text(info.size)}）\n{info.path}")
        rows = ordered_contents(contents)
        self.preview.setRowCount(len(rows))
        for row, (table, count) in enumerate(rows):
            now = current.get(table)
            self.preview.setItem(row, 0, _item(table_title(table)))
            self.preview.setItem(row, 1, _item(str(count), right=True))
            self.preview.setItem(row, 2, _item("" if now is None else str(now), right=True))
        self.restore_button.setEnabled(True)

    def preview_rows(self) -> list[tuple[str, str, str]]:
        """The preview table as text (title, rows in backup, rows now)."""
        return [tuple(self.preview.item(r, c).text() for c in range(3)) for r in range(self.preview.rowCount())]

    def choose_other_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(auto_backup.backup_folder(self.ctx.db)),
                                              "数据库备份 (*.db);;所有文件 (*)")
        if name:
            self.add_file(Path(name))

    def add_file(self, path: Path) -> None:
        """List a backup file from elsewhere (another folder, a USB drive) at the top and select it."""
        import datetime as dt

        parsed = parse_backup_name(path.name)
        try:
            stat = path.stat()
        except OSError as err:
            show_error(self, UserError(f"无法读取文件 {path}：{err.strerror or err}"))
            return
        created = parsed.created if parsed else dt.datetime.fromtimestamp(stat.st_mtime)
        self.extra = BackupInfo(path, created, stat.st_size, parsed.reason if parsed else "其他文件")
        self.load()
        self.list.selectRow(self.backups.index(self.extra))

    # Restore --------------------------------------------------------------------------
    def restore_selected(self) -> bool:
        info = self.selected()
        if info is None:
            return False
        if not confirm(self, "确认恢复",
                       f"将用 {when_text(info)} 的备份（{info.reason}）替换当前数据库。\n\n"
                       "当前数据库会先自动备份（恢复前），之后仍可恢复回来。确定恢复吗？"):
            return False
        try:
            self.report = restore_into(self.ctx, info.path, self.parent())
        except UserError as err:
            show_error(self, err, "无法恢复")
            return False
        QMessageBox.information(self, "已恢复", self.summary(info))
        self.accept()
        return True

    def summary(self, info: BackupInfo) -> str:
        report = self.report
        lines = [f"已从 {when_text(info)} 的备份恢复数据库，程序已重新打开数据库。"]
        if report.safety_backup is not None:
            kind = "原样复制" if report.safety_raw else "备份"
            lines.append(f"恢复前的数据已{kind}保存到：\n{report.safety_backup}")
        if report.version < LATEST:
            lines.append("该备份来自较早版本，打开时已自动升级数据格式。")
        return "\n\n".join(lines)
