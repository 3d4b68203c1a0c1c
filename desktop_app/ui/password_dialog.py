"""Dialogs for the start-up password: asking for it before any data shows, and setting/changing/removing it."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from ..db import password
from ..ops import password as password_ops
from ..domain import password as rules
from ..errors import UserError
from .widgets.field_errors import ERROR_STYLE, ValidatedForm

Clock = Callable[[], dt.datetime]


def _password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.Password)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(240)
    return edit


class PasswordDialog(QDialog):
    """Asks for the start-up password; after a wrong one, OK stays disabled with a countdown.

    The wait is read from the database (``db/password.wait_seconds``), so it survives a restart of
    the program. ``clock`` is injectable so tests need not sleep.
    """

    def __init__(self, db, parent: QWidget | None = None, *, clock: Clock = dt.datetime.now) -> None:
        super().__init__(parent)
        self.db = db
        self.clock = clock
        self.setWindowTitle("乡镇人大工作台 — 启动密码")
        self.setModal(True)
        self.setMinimumWidth(340)
        title = QLabel("本机的乡镇人大工作台设置了启动密码。\n请输入密码后继续。")
        self.edit = _password_edit("启动密码")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.wait_label = QLabel()
        self.wait_label.setObjectName("wait")
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setText("进入")
        self.buttons.button(QDialogButtonBox.Cancel).setText("退出程序")
        self.buttons.accepted.connect(self.try_password)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        layout.addWidget(self.wait_label)
        layout.addWidget(self.buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    def refresh(self) -> int:
        """Update the countdown from the stored failures; returns the seconds still to wait."""
        left = password.wait_seconds(self.db, self.clock())
        self.ok_button.setEnabled(left == 0)
        self.edit.setEnabled(left == 0)
        if left:
            self.wait_label.setText(f"请等待 {left} 秒后再试")
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.wait_label.setText("")
            self.timer.stop()
            self.edit.setFocus()
        return left

    def try_password(self) -> bool:
        """Check what was typed; accept the dialog when right, else show why and start the wait."""
        result = password_ops.attempt(self.db, self.edit.text(), self.clock()).value
        if result.ok:
            self.accept()
            return True
        self.message.setText("密码不正确。" if not result.too_soon else "")
        self.edit.clear()
        self.refresh()
        return False


def unlock(db, parent: QWidget | None = None, *, clock: Clock = dt.datetime.now) -> bool:
    """True when no password is set or the right one was given; False when the clerk chose to quit."""
    if not password.is_set(db):
        return True
    return PasswordDialog(db, parent, clock=clock).exec() == QDialog.Accepted


class PasswordChangeDialog(QDialog):
    """Set, change (``mode='change'``) or remove (``mode='remove'``) the start-up password.

    Changing and removing ask for the present password first. Problems show under the field concerned.
    """

    TITLES = {"set": "设置启动密码", "change": "修改启动密码", "remove": "取消启动密码"}

    def __init__(self, db, mode: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.mode = mode
        self.setWindowTitle(self.TITLES[mode])
        self.form = ValidatedForm()
        self.current_edit = _password_edit()
        self.new_edit = _password_edit(f"至少 {rules.MIN_LENGTH} 个字符")
        self.repeat_edit = _password_edit()
        if mode in ("change", "remove"):
            self.form.add_field("current", "原密码", self.current_edit)
        if mode in ("set", "change"):
            self.form.add_field("new", "新密码", self.new_edit)
            self.form.add_field("repeat", "再次输入新密码", self.repeat_edit)
        hint = QLabel("启动密码用于防止他人随手打开本软件查看数据。数据库文件本身没有加密；"
                      "请牢记密码，忘记时需请软件维护人员协助清除。" if mode != "remove"
                      else "取消后，打开本软件时不再询问密码。")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("确定")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def save(self) -> bool:
        """Apply the change; on a problem the dialog stays open with the message under the field."""
        current = self.current_edit.text()
        new, repeated = self.new_edit.text(), self.repeat_edit.text()
        problems = {}
        if self.mode != "set" and not password.matches(self.db, current):
            problems["current"] = "原密码不正确。"
        if self.mode != "remove":
            own = rules.new_password_problem(new, new)
            if own:
                problems["new"] = own
            elif new != repeated:
                problems["repeat"] = rules.new_password_problem(new, repeated)
        self.form.set_errors(problems)
        if problems:
            return False
        try:
            if self.mode == "remove":
                password_ops.remove(self.db, current)
            else:
                password_ops.set_password(self.db, new, repeated=repeated, current=current or None)
        except UserError as err:
            self.form.set_errors({"current" if self.mode != "set" else "new": str(err)})
            return False
        self.accept()
        return True


def ask_password_change(db, mode: str, parent: QWidget | None = None) -> bool:
    """Show :class:`PasswordChangeDialog`; True when the password was changed."""
    return PasswordChangeDialog(db, mode, parent).exec() == QDialog.Accepted
