"""Message boxes every page uses: a user-fixable error, a bug report, a yes/no confirmation."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from ...errors import UserError

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, err: BaseException, title: str = "无法完成操作") -> None:
    """A :class:`UserError` is shown as is; anything else is logged with its traceback as a bug."""
    if isinstance(err, UserError):
        QMessageBox.warning(parent, title, str(err))
        return
    log.error("unexpected error", exc_info=err)
    QMessageBox.critical(parent, "程序出错",
                         f"操作没有完成，数据未被修改。\n\n错误信息：{err}\n\n请把这段信息告诉软件维护人员。")


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question whose safe answer (否) is the default."""
    answer = QMessageBox.question(parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes
