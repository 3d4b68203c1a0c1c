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
    from PySide6.QtCore import QLockFile
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .db import open_database
    from .ui.context import AppContext
    from .ui.fonts import install_fonts
    from .ui.main_window import MainWindow

    from .logs import setup_logging
    from .ui.crash import install_crash_handler

    log_path = setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_crash_handler(log_path)
    app.setApplicationName("乡镇人大工作台")
    app.setOrganizationName("XiangzhenRenda")
    install_fonts(app)

    lock = QLockFile(str(db_path) + ".lock")
    lock.setStaleLockTime(0)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if not lock.tryLock(100):
        QMessageBox.warning(None, "数据库已被打开",
                            f"数据库 {db_path} 已在另一个乡镇人大工作台窗口中打开。\n"
                            "请切换到那个窗口继续工作；同一文件同时只能由一个窗口编辑。")
        return 1
    try:
        db = open_database(db_path)
    except UserError as err:
        QMessageBox.critical(None, "无法打开数据库", str(err))
        return 1
    ctx = AppContext(db=db, db_path=db_path)
    from .ui.first_start import offer_demo_if_empty

    offer_demo_if_empty(ctx)
    window = MainWindow(ctx)
    window.show()
    code = app.exec()
    db.close()
    lock.unlock()
    return code
