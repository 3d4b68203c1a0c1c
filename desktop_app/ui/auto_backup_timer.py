"""Automatic backups while the app runs: one on start, then whenever the last one is a day old.

The timer only checks ``backup_due`` (hourly): a 24-hour QTimer would drift or be lost when the
laptop sleeps, while an hourly check catches up within the hour after it wakes.
"""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QStatusBar

from ..db.auto_backup import DAILY_REASON, START_REASON, AutoBackupResult, auto_backup, backup_due
from ..errors import UserError
from .context import AppContext

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 60 * 60 * 1000


class AutoBackupTimer(QObject):
    """Makes the automatic backups of ``ctx.db`` and reports each one as a status-bar sentence."""

    succeeded = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext | None = None, parent: QObject | None = None,
                 interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_message: tuple[str, bool] | None = None   # (text, is a failure)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    @classmethod
    def for_window(cls, window: QMainWindow, interval_ms: int = CHECK_INTERVAL_MS) -> "AutoBackupTimer":
        """Back up (启动) as soon as ``window`` has its database open, report in its status bar, then check hourly.

        The main window opens the database after it is shown and then emits ``databaseOpened``; a window
        built with its context already open starts at once.
        """
        backups = cls(None, window, interval_ms)

        def begin() -> None:
            backups.ctx = window.ctx
            backups.back_up(START_REASON)
            backups.report_to(window.statusBar())
            backups.start()

        if getattr(window, "ctx", None) is not None:
            begin()
        else:
            window.databaseOpened.connect(begin)
        return backups

    def back_up(self, reason: str) -> AutoBackupResult | None:
        """One automatic backup; a failure is reported, never raised: the clerk's work goes on."""
        try:
            result = auto_backup(self.ctx.db, reason)
        except (UserError, OSError, sqlite3.Error) as err:
            log.error("automatic backup (%s) failed: %s", reason, err)
            text = str(err) if isinstance(err, UserError) else f"自动备份失败：{err}"
            self.last_message = (text, True)
            self.failed.emit(text)
            return None
        log.info("automatic backup (%s): %s, removed %d old", reason, result.path, len(result.removed))
        self.last_message = (result.message, bool(result.fallback_reason))
        self.succeeded.emit(result.message)
        return result

    def check(self) -> AutoBackupResult | None:
        """The daily backup, when one is due."""
        if backup_due(self.ctx.db):
            return self.back_up(DAILY_REASON)
        return None

    def start(self) -> None:
        self.timer.start()

    def report_to(self, status_bar: QStatusBar) -> None:
        """Show the last outcome now and every later one in ``status_bar`` (failures stay until replaced)."""
        self.succeeded.connect(lambda text: status_bar.showMessage(text, 15000))
        self.failed.connect(lambda text: status_bar.showMessage(text))
        if self.last_message:
            text, problem = self.last_message
            status_bar.showMessage(text, 0 if problem else 15000)
