"""While the app is open: a start-up backup once the database opens, a daily one when due, failures shown."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.db import auto_backup as ab
from desktop_app.db import settings
from desktop_app.ui.auto_backup_timer import AutoBackupTimer

pytestmark = pytest.mark.gui


def backups(db_path, reason):
    return sorted((db_path.parent / "backups").glob(f"*-{reason}.db"))


def test_start_up_backup_when_the_window_opens_its_database(qtbot, db_path):
    from desktop_app.db.connection import open_database
    from desktop_app.ui.main_window import MainWindow

    existing = open_database(db_path)
    settings.put(existing, "demo_offered", True)                # no welcome dialog on this empty file
    existing.close()
    window = MainWindow(db_path=db_path)
    qtbot.addWidget(window)
    timer = AutoBackupTimer.for_window(window, interval_ms=60_000)
    assert backups(db_path, "启动") == []                       # nothing before the database is open
    assert window.open_database()
    try:
        assert len(backups(db_path, "启动")) == 1
        assert timer.timer.isActive() and timer.timer.interval() == 60_000
        assert window.statusBar().currentMessage().startswith("已备份到 ")
    finally:
        window.ctx.db.close()


def test_daily_check_backs_up_only_when_due(ctx, qtbot, db_path):
    timer = AutoBackupTimer(ctx)
    assert timer.check() is not None                           # no automatic backup yet
    assert len(backups(db_path, "每日")) == 1
    assert timer.check() is None                               # the one just made is less than a day old
    assert not ab.backup_due(ctx.db, dt.datetime.now() + dt.timedelta(hours=23))


def test_a_failed_backup_is_reported_and_the_app_goes_on(ctx, qtbot, tmp_path, monkeypatch):
    from desktop_app.errors import UserError

    def broken(*args, **kwargs):
        raise UserError("备份失败：磁盘已满。")

    monkeypatch.setattr("desktop_app.ui.auto_backup_timer.auto_backup", broken)
    timer = AutoBackupTimer(ctx)
    with qtbot.waitSignal(timer.failed) as signal:
        assert timer.back_up("每日") is None
    assert signal.args == ["备份失败：磁盘已满。"]
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    timer.report_to(window.statusBar())
    assert window.statusBar().currentMessage() == "备份失败：磁盘已满。"


def test_unplugged_drive_falls_back_and_says_so(ctx, qtbot, db_path, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    settings.put(ctx.db, "backup_folder", str(blocker / "备份"))
    result = AutoBackupTimer(ctx).back_up("启动")
    assert result.path.parent == db_path.parent / "backups"
    assert "已改存到默认文件夹" in result.message
