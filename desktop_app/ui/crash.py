"""An uncaught exception becomes a dialog saying what happened and where the log is, not a traceback."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from ..errors import UserError, environment_message

log = logging.getLogger(__name__)


def install_crash_handler(log_path: Path) -> None:
    def handle(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, UserError):
            QMessageBox.warning(QApplication.activeWindow(), "无法完成操作", str(exc))
            return
        message = environment_message(exc)
        if message:     # a full disk, a read-only medium, a database another program keeps locked
            QMessageBox.warning(QApplication.activeWindow(), "无法完成操作", message)
            return
        log.error("uncaught exception\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        QMessageBox.critical(
            QApplication.activeWindow(), "程序出错",
            f"程序遇到一个意外错误，刚才的操作没有完成，已保存的数据不受影响。\n\n"
            f"错误：{exc_type.__name__}: {exc}\n\n详细信息已记录在：\n{log_path}\n请把该文件发给技术支持。",
        )

    sys.excepthook = handle
