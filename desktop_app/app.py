"""Build the QApplication, open the database (one window per file), show the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import UserError


def display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run_gui(db_path: Path) -> int:
    if not display_available():
        print("没有可用的显示器（未设置 DISPLAY）：请在桌面环境中运行 make run，"
              "或用 QT_QPA_PLATFORM=offscreen python -m desktop_app screenshot --out DIR 离屏查看页面。",
              file=sys.stderr)
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .logs import setup_logging
    from .ui.crash import install_crash_handler

    log_path = setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_crash_handler(log_path)
    try:
        lock = acquire_lock(db_path)
    except OSError as err:
        from .errors import environment_message

        QMessageBox.warning(None, "无法打开数据库", environment_message(err) or f"无法打开数据库 {db_path}：{err}")
        return 1
    if lock is None:
        QMessageBox.warning(None, "数据库已被打开",
                            f"数据库 {db_path} 已在另一个乡镇人大工作台窗口中打开（或正由一个命令使用）。\n"
                            "请切换到那个窗口继续工作；同一文件同时只能由一个窗口编辑。")
        return 1
    window = show_main_window(app, db_path)
    from .ui.auto_backup_timer import AutoBackupTimer

    # A verified backup (启动) once the database is open, then one a day while the app runs.
    auto_backups = AutoBackupTimer.for_window(window)  # noqa: F841 - referenced while the app runs
    # The icon, the fallback fonts, the database and the first page load right after the window is on screen.
    QTimer.singleShot(0, lambda: (set_app_icon(app), window.open_database()))
    code = app.exec()
    if window.ctx is not None:
        window.ctx.db.close()
    lock.release()
    return code


def acquire_lock(db_path: Path, wait: float = 3.0):
    """The per-file single-instance guard, held for the window's life; None if another process holds it.

    It is the lock file of ``db/file_lock`` (keyed by the resolved path, so ``renda.db``, ``./renda.db`` and a
    link to it are one file), the same lock every writing command takes: a command that is finishing gets
    ``wait`` seconds. A lock left by a crashed process is released by the system with the process.
    """
    from .db import file_lock
    from .errors import DatabaseBusyError

    try:
        return file_lock.acquire_for_window(db_path, wait)
    except DatabaseBusyError:
        return None


def show_main_window(app, db_path: Path):
    """Set up the application and show the main window frame; the database is not opened yet."""
    from .ui.fonts import install_ui_font
    from .ui.main_window import MainWindow
    from .ui.translations import install_qt_chinese

    app.setApplicationName("乡镇人大工作台")
    app.setOrganizationName("XiangzhenRenda")
    install_ui_font(app)
    install_qt_chinese(app)
    window = MainWindow(db_path=db_path)
    window.show_on_screen()
    return window


def set_app_icon(app) -> None:
    """The red 人大 icon (resources/icons, drawn by installer/make_icons.py) for every window and the taskbar."""
    from PySide6.QtGui import QIcon

    from .paths import resource_path

    icon = QIcon()
    for name in ("app.ico", "app.png"):
        path = resource_path("icons", name)
        if path.is_file():
            icon.addFile(str(path))
    app.setWindowIcon(icon)
