"""设置 → 数据安全: the start-up password, the backup folder, the data check and restoring from a backup."""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QTextBrowser,
    QVBoxLayout, QWidget,
)

from ...db import auto_backup, password
from ...db.check import CheckResult, check_report
from ...errors import UserError
from ...ops import settings as settings_ops
from ...ops.changes import Area
from ..context import AppContext
from ..widgets.messages import show_error
from ..widgets.screen_fit import fit_to_screen

OK_STYLE = "color: #1e7b34;"
WARN_STYLE = "color: #c0392b;"


def folder_problem(folder: Path) -> str | None:
    """Why backups cannot go to ``folder`` right now (Chinese), or None when it looks writable."""
    if not folder.exists():
        drive = folder.anchor or str(folder)
        return (f"备份文件夹 {folder} 现在找不到（U盘或移动硬盘 {drive} 可能没有插上）。"
                "插上后即可继续备份；在此之前，自动备份会暂存到默认文件夹。")
    if not folder.is_dir():
        return f"{folder} 不是文件夹，无法存放备份。请另选一个文件夹。"
    if not os.access(folder, os.W_OK):
        return f"没有权限写入备份文件夹 {folder}。请另选一个文件夹，或请管理员开放写入权限。"
    return None


def report_text(results: list[CheckResult]) -> str:
    """The check results as plain text (for copying into a message to the maintainer)."""
    lines = []
    for result in results:
        state = "未能检查" if result.skipped else ("正常" if result.ok else "发现问题")
        lines.append(f"{result.title}：{state}")
        lines += [f"  - {p.message}" for p in result.errors]
        lines += [f"  - 提示：{p.message}" for p in result.warnings]
    return "\n".join(lines)


def report_html(path: Path, results: list[CheckResult]) -> str:
    """The check results as a short, readable page: the verdict first, then each check."""
    problems = sum(len(r.errors) for r in results)
    if problems:
        head = (f"<p style='color:#c0392b;font-size:15px'><b>发现 {problems} 个问题。</b></p>"
                "<p>请先不要继续录入。可以用“从备份恢复…”恢复到最近一次正常的备份，或把本报告（点“复制报告”）"
                "发给软件维护人员。</p>")
    else:
        head = "<p style='color:#1e7b34;font-size:15px'><b>全部检查通过，数据完好。</b></p>"
    rows = []
    for result in results:
        if result.skipped:
            state = "<span style='color:#8a8a8a'>未能检查</span>"
        elif result.ok:
            state = "<span style='color:#1e7b34'>✔ 正常</span>"
        else:
            state = "<span style='color:#c0392b'>✘ 发现问题</span>"
        items = "".join(f"<li>{html.escape(p.message)}</li>" for p in result.errors)
        items += "".join(f"<li style='color:#8a6d00'>提示：{html.escape(p.message)}</li>" for p in result.warnings)
        rows.append(f"<p><b>{html.escape(result.title)}</b>：{state}</p>" + (f"<ul>{items}</ul>" if items else ""))
    return f"<p>数据库文件：{html.escape(str(path))}</p>{head}{''.join(rows)}"


class CheckReportDialog(QDialog):
    """The outcome of 检查数据, readable by a clerk, with a button to copy it as text."""

    def __init__(self, path: Path, results: list[CheckResult], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("数据检查结果")
        fit_to_screen(self, 620, 440)
        self.results = results
        self.text = f"数据库文件：{path}\n" + report_text(results)
        self.browser = QTextBrowser()
        self.browser.setHtml(report_html(path, results))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        copy = buttons.addButton("复制报告", QDialogButtonBox.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


class DataSafetySettings(QWidget):
    """启动密码, 备份位置, 检查数据 and 从备份恢复 — each a box with its own status line."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_report: CheckReportDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self._password_box())
        layout.addWidget(self._folder_box())
        layout.addWidget(self._check_box())
        layout.addStretch(1)
        self.refresh()

    # 启动密码 ------------------------------------------------------------------------
    def _password_box(self) -> QGroupBox:
        box = QGroupBox("启动密码")
        self.password_state = QLabel()
        self.password_state.setObjectName("password_state")
        self.set_password_button = QPushButton("设置密码…")
        self.change_password_button = QPushButton("修改密码…")
        self.remove_password_button = QPushButton("取消密码…")
        self.set_password_button.clicked.connect(lambda: self.edit_password("set"))
        self.change_password_button.clicked.connect(lambda: self.edit_password("change"))
        self.remove_password_button.clicked.connect(lambda: self.edit_password("remove"))
        hint = QLabel("设置后，每次打开本软件都要先输入密码；连续输错会要求等待一段时间再试。\n"
                      "注意：启动密码只能挡住随手打开软件的人，数据库文件本身并没有加密，仍是普通的 SQLite 文件。"
                      "请同时保管好电脑和存放备份的U盘。")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.set_password_button, self.change_password_button, self.remove_password_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addWidget(self.password_state)
        inner.addLayout(buttons)
        inner.addWidget(hint)
        return box

    def edit_password(self, mode: str) -> bool:
        from ..password_dialog import ask_password_change

        changed = ask_password_change(self.ctx.db, mode, self)
        if changed:
            self.refresh()
            self.ctx.announce(Area.SETTINGS)
        return changed

    # 备份位置 ------------------------------------------------------------------------
    def _folder_box(self) -> QGroupBox:
        box = QGroupBox("备份位置")
        self.folder_label = QLabel()
        self.folder_label.setObjectName("backup_folder")
        self.folder_label.setWordWrap(True)
        self.folder_warning = QLabel()
        self.folder_warning.setObjectName("folder_warning")
        self.folder_warning.setWordWrap(True)
        self.folder_warning.setStyleSheet(WARN_STYLE)
        self.change_folder_button = QPushButton("更改…")
        self.change_folder_button.clicked.connect(self.choose_folder)
        self.default_folder_button = QPushButton("恢复默认")
        self.default_folder_button.clicked.connect(self.use_default_folder)
        open_button = QPushButton("打开文件夹")
        open_button.clicked.connect(self.open_folder)
        hint = QLabel("启动时、每天、升级数据格式前、恢复前和导入数据前，都会自动备份到这里，并校验备份文件是否完好。"
                      "可以选U盘上的文件夹，这样电脑损坏时数据仍在；U盘没插时，备份会暂存到默认文件夹。")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_folder_button)
        buttons.addWidget(self.default_folder_button)
        buttons.addWidget(open_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addWidget(self.folder_label)
        inner.addWidget(self.folder_warning)
        inner.addLayout(buttons)
        inner.addWidget(hint)
        return box

    def choose_folder(self) -> Path | None:
        start = str(auto_backup.backup_folder(self.ctx.db))
        chosen = QFileDialog.getExistingDirectory(self, "选择备份文件夹", start)
        return self.set_folder(chosen) if chosen else None

    def set_folder(self, folder: str | Path | None) -> Path | None:
        """Use ``folder`` for backups (None: the default); a folder that cannot be written is refused."""
        try:
            changes = settings_ops.set_backup_folder(self.ctx.db, folder)
        except UserError as err:
            show_error(self, err, "无法使用这个文件夹")
            return None
        self.refresh()
        self.ctx.announce(changes)
        return changes.value

    def use_default_folder(self) -> Path | None:
        return self.set_folder(None)

    def open_folder(self) -> bool:
        folder = auto_backup.backup_folder(self.ctx.db)
        if not folder.is_dir():
            show_error(self, UserError(folder_problem(folder) or f"找不到文件夹 {folder}"))
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # 检查与恢复 ----------------------------------------------------------------------
    def _check_box(self) -> QGroupBox:
        box = QGroupBox("检查与恢复")
        self.check_button = QPushButton("检查数据")
        self.check_button.clicked.connect(self.run_check)
        self.restore_button = QPushButton("从备份恢复…")
        self.restore_button.clicked.connect(self.open_restore)
        self.check_status = QLabel()
        self.check_status.setObjectName("check_status")
        self.check_status.setWordWrap(True)
        self.check_status.hide()      # until the first check
        hint = QLabel("“检查数据”会检查数据库文件是否完好、数据之间的关联、操作日志是否被改动、附件文件是否齐全，"
                      "只读取不修改。“从备份恢复”先列出备份及其内容，恢复前自动备份当前数据。")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addLayout(buttons)
        inner.addWidget(self.check_status)
        inner.addWidget(hint)
        return box

    def check_dialog(self) -> CheckReportDialog:
        """Run every check on the database file and build the report dialog (not shown)."""
        results = check_report(self.ctx.db_path)
        dialog = CheckReportDialog(Path(self.ctx.db_path), results, self)
        problems = sum(len(r.errors) for r in results)
        notes = sum(len(r.warnings) for r in results)
        if problems:
            self.check_status.setText(f"上次检查：发现 {problems} 个问题。")
        else:
            self.check_status.setText(f"上次检查：全部正常（有 {notes} 条提示）。" if notes else "上次检查：全部正常。")
        self.check_status.setStyleSheet(OK_STYLE if not problems else WARN_STYLE)
        self.check_status.show()
        self.last_report = dialog
        return dialog

    def run_check(self) -> None:
        self.check_dialog().exec()

    def open_restore(self) -> None:
        from ..restore_dialog import RestoreDialog

        # Parented to the main window: it closes and rebuilds every page (this tab too) when it reopens the file.
        RestoreDialog(self.ctx, self.window()).exec()

    # State ----------------------------------------------------------------------------
    def refresh(self) -> None:
        is_set = password.is_set(self.ctx.db)
        self.password_state.setText("已设置启动密码：打开软件时需要输入。" if is_set else "未设置启动密码。")
        self.set_password_button.setVisible(not is_set)
        self.change_password_button.setVisible(is_set)
        self.remove_password_button.setVisible(is_set)
        chosen = auto_backup.configured_folder(self.ctx.db)
        folder = auto_backup.backup_folder(self.ctx.db)
        self.folder_label.setText(f"备份文件夹：{folder}" + ("" if chosen else "（默认位置，在数据库旁）"))
        self.default_folder_button.setEnabled(chosen is not None)
        problem = folder_problem(folder) if chosen else None
        self.folder_warning.setText(problem or "")
        self.folder_warning.setVisible(bool(problem))
