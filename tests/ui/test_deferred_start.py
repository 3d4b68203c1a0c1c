"""The real start-up path: the window shows first, then the database opens and the first page appears."""

import os

from desktop_app.app import show_main_window
from desktop_app.db import settings
from desktop_app.db.connection import open_database


def test_window_shows_before_the_database_then_opens_it(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    path = tmp_path / "office.db"
    db = open_database(path)
    settings.put(db, "demo_offered", True)   # no first-start question in this test
    db.close()
    window = show_main_window(QApplication.instance(), path)
    qtbot.addWidget(window)
    assert window.isVisible() and window.ctx is None
    assert "正在打开数据库" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.databaseOpened, timeout=5000):
        assert window.open_database()
    assert window.ctx is not None and window.stack.currentIndex() == 0
    assert window.stack.currentWidget().__class__.__name__ == "HomePage"
    # The office's signing key pair is made at first start, owner-only, before any package is exported.
    from desktop_app.db.signing_key_file import key_file

    assert key_file(path).is_file()
    if os.name == "posix":
        assert key_file(path).stat().st_mode & 0o077 == 0
    window.ctx.db.close()


def test_newer_database_is_refused_with_a_message(qtbot, tmp_path, monkeypatch):
    import sqlite3

    from PySide6.QtWidgets import QApplication, QMessageBox

    path = tmp_path / "newer.db"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA user_version = 999")
    raw.close()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    window = show_main_window(QApplication.instance(), path)
    qtbot.addWidget(window)
    assert window.open_database() is False
    assert shown and "更新版本" in shown[0]
    assert not window.isVisible()
