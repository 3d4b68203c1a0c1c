"""数据安全: the start-up password prompt and its countdown, the backup folder, 检查数据 and 从备份恢复."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from desktop_app.db import auto_backup, deputies, migrations, settings
from desktop_app.db import password as pw
from desktop_app.ui.password_dialog import PasswordChangeDialog, PasswordDialog
from desktop_app.ui.restore_dialog import RestoreDialog
from desktop_app.ui.settings.data_safety import DataSafetySettings

pytestmark = pytest.mark.gui


class FakeClock:
    def __init__(self):
        self.now = dt.datetime(2025, 6, 18, 9, 0, 0)

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += dt.timedelta(seconds=seconds)


def count_rows(path, table):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# Password prompt -------------------------------------------------------------------------------
def test_wrong_password_disables_ok_with_a_countdown(ctx, qtbot):
    pw.set_password(ctx.db, "人大工作")
    clock = FakeClock()
    dialog = PasswordDialog(ctx.db, clock=clock)
    qtbot.addWidget(dialog)
    assert dialog.ok_button.isEnabled() and dialog.wait_label.text() == ""

    dialog.edit.setText("错的")
    dialog.ok_button.click()                      # first mistake: no wait, just the message
    assert dialog.message.text() == "密码不正确。" and dialog.ok_button.isEnabled()
    assert dialog.result() != QDialog.Accepted

    dialog.edit.setText("还是错的")
    dialog.ok_button.click()
    assert not dialog.ok_button.isEnabled() and dialog.wait_label.text() == "请等待 1 秒后再试"
    assert dialog.timer.isActive()
    clock.advance(1)
    dialog.refresh()
    assert dialog.ok_button.isEnabled() and dialog.wait_label.text() == ""

    dialog.edit.setText("第三次错")
    dialog.ok_button.click()
    assert dialog.wait_label.text() == "请等待 2 秒后再试"
    clock.advance(1)
    dialog.refresh()
    assert dialog.wait_label.text() == "请等待 1 秒后再试" and not dialog.ok_button.isEnabled()
    clock.advance(1)
    dialog.refresh()
    dialog.edit.setText("人大工作")
    dialog.ok_button.click()
    assert dialog.result() == QDialog.Accepted
    assert pw.failure_count(ctx.db) == 0


def test_a_new_dialog_still_makes_the_clerk_wait(ctx, qtbot):
    pw.set_password(ctx.db, "abcd")
    clock = FakeClock()
    for pause in (0, 0, 1, 2):
        clock.advance(pause)
        assert not pw.attempt(ctx.db, "bad", now=clock()).too_soon
    assert pw.failure_count(ctx.db) == 4
    clock.advance(1)
    dialog = PasswordDialog(ctx.db, clock=clock)      # e.g. after restarting the program
    qtbot.addWidget(dialog)
    assert dialog.wait_label.text() == "请等待 3 秒后再试" and not dialog.ok_button.isEnabled()


def _answer_modal(text: str | None):
    """When the next modal dialog opens, type ``text`` and press OK (None: press cancel)."""
    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PasswordDialog):
            QTimer.singleShot(20, act)
            return
        if text is None:
            dialog.reject()
        else:
            dialog.edit.setText(text)
            dialog.ok_button.click()
    QTimer.singleShot(0, act)


def test_main_window_shows_no_data_until_the_right_password(qtbot, tmp_path):
    from desktop_app.app import show_main_window
    from desktop_app.db.connection import open_database

    path = tmp_path / "office.db"
    db = open_database(path)
    settings.put(db, "demo_offered", True)
    pw.set_password(db, "abcd")
    db.close()

    window = show_main_window(QApplication.instance(), path)
    qtbot.addWidget(window)
    _answer_modal(None)
    assert window.open_database() is False
    assert window.ctx is None and not window.isVisible()

    window = show_main_window(QApplication.instance(), path)
    qtbot.addWidget(window)
    _answer_modal("abcd")
    assert window.open_database() is True
    assert window.ctx is not None and window.stack.currentWidget().__class__.__name__ != "QWidget"
    window.ctx.db.close()


def test_change_dialog_shows_each_problem_under_its_field(ctx, qtbot):
    dialog = PasswordChangeDialog(ctx.db, "set")
    qtbot.addWidget(dialog)
    dialog.new_edit.setText("abcd")
    dialog.repeat_edit.setText("abce")
    assert dialog.save() is False
    assert "不一致" in dialog.form.errors["repeat"].text() and not pw.is_set(ctx.db)
    dialog.repeat_edit.setText("abcd")
    assert dialog.save() is True and pw.matches(ctx.db, "abcd")

    remove = PasswordChangeDialog(ctx.db, "remove")
    qtbot.addWidget(remove)
    remove.current_edit.setText("wrong")
    assert remove.save() is False and "原密码不正确" in remove.form.errors["current"].text()
    remove.current_edit.setText("abcd")
    assert remove.save() is True and not pw.is_set(ctx.db)


def test_settings_tab_shows_the_password_buttons_that_apply(ctx, qtbot, monkeypatch):
    tab = DataSafetySettings(ctx)
    qtbot.addWidget(tab)
    assert "未设置" in tab.password_state.text()
    assert not tab.set_password_button.isHidden() and tab.change_password_button.isHidden()

    def fill_and_accept(self):
        self.new_edit.setText("abcd")
        self.repeat_edit.setText("abcd")
        return QDialog.Accepted if self.save() else QDialog.Rejected
    monkeypatch.setattr(PasswordChangeDialog, "exec", fill_and_accept)
    tab.set_password_button.click()
    assert pw.matches(ctx.db, "abcd") and "已设置" in tab.password_state.text()
    assert tab.set_password_button.isHidden() and not tab.remove_password_button.isHidden()
    assert "没有加密" in " ".join(label.text() for label in tab.findChildren(type(tab.password_state)))


# Backup folder ---------------------------------------------------------------------------------
def test_changing_the_folder_sends_every_kind_of_backup_there(ctx, roster, qtbot, tmp_path, monkeypatch):
    usb = tmp_path / "U盘" / "人大备份"
    tab = DataSafetySettings(ctx)
    qtbot.addWidget(tab)
    assert not tab.default_folder_button.isEnabled()
    monkeypatch.setattr("desktop_app.ui.settings.data_safety.QFileDialog.getExistingDirectory",
                        lambda *a, **k: str(usb))
    tab.change_folder_button.click()
    assert str(usb) in tab.folder_label.text() and tab.default_folder_button.isEnabled()

    daily = auto_backup.auto_backup(ctx.db, "每日")
    assert daily.path.parent == usb.resolve() and count_rows(daily.path, "deputies") == 4
    guard = auto_backup.protective_backup(ctx.db, "导入前")
    assert guard.path.parent == usb.resolve()

    tab.default_folder_button.click()
    assert auto_backup.configured_folder(ctx.db) is None and "默认位置" in tab.folder_label.text()
    assert auto_backup.auto_backup(ctx.db, "每日").path.parent == ctx.db_path.parent / "backups"


def test_an_unplugged_usb_folder_is_explained(ctx, qtbot, tmp_path):
    drive = tmp_path / "E盘"
    auto_backup.set_backup_folder(ctx.db, drive / "人大备份")
    (drive / "人大备份").rmdir()
    drive.rmdir()
    drive.write_bytes(b"")          # like a drive letter that is gone: the folder cannot be created again
    tab = DataSafetySettings(ctx)
    qtbot.addWidget(tab)
    assert not tab.folder_warning.isHidden() and "没有插上" in tab.folder_warning.text()
    result = auto_backup.auto_backup(ctx.db, "每日")      # goes on in the default folder
    assert result.fallback_reason and result.path.parent == ctx.db_path.parent / "backups"


def test_an_unwritable_folder_is_refused_with_a_message(ctx, qtbot, tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    tab = DataSafetySettings(ctx)
    qtbot.addWidget(tab)
    assert tab.set_folder(not_a_folder / "备份") is None
    assert shown and "备份位置未改变" in shown[0]
    assert auto_backup.configured_folder(ctx.db) is None


def test_migration_backup_goes_to_the_chosen_folder(tmp_path):
    from desktop_app.db.connection import open_database
    from desktop_app.db.connection import connect

    path, usb = tmp_path / "old.db", tmp_path / "usb"
    old = connect(path)
    migrations.migrate(old, target=migrations.LATEST - 1)
    auto_backup.set_backup_folder(old, usb)
    old.close()
    open_database(path).close()
    assert [p.name.split("-")[-1] for p in usb.glob("*.db")] == [f"v{migrations.LATEST - 1}.db"]
    assert not list(tmp_path.glob("backups/*升级前*"))


# 检查数据 ----------------------------------------------------------------------------------------
def test_check_button_reports_a_healthy_file(ctx, roster, qtbot):
    tab = DataSafetySettings(ctx)
    qtbot.addWidget(tab)
    dialog = tab.check_dialog()
    qtbot.addWidget(dialog)
    assert dialog.ok and "全部检查通过" in dialog.browser.toPlainText()
    assert tab.check_status.text() == "上次检查：全部正常。"


def test_check_button_reports_a_tampered_file(ctx, roster, qtbot):
    with ctx.db.atomic():
        ctx.db.execute("UPDATE audit_log SET detail = '{}' WHERE id = (SELECT min(id) FROM audit_log)")
    tab = DataSafetySettings(ctx)
    qtbot.addWidget(tab)
    dialog = tab.check_dialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert not dialog.ok
    assert "发现 1 个问题" in text and "审计日志链" in text and "审计日志第 1 条" in text
    assert "审计日志链：发现问题" in dialog.text
    assert tab.check_status.text() == "上次检查：发现 1 个问题。"


def test_check_button_shows_a_warning_without_calling_the_file_damaged(ctx, roster, qtbot):
    from desktop_app.db import audit_head

    audit_head.head_path(ctx.db_path).unlink()
    tab = DataSafetySettings(ctx)
    qtbot.addWidget(tab)
    dialog = tab.check_dialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert dialog.ok and "全部检查通过" in text and "提示：没有找到审计链尾记录文件" in text
    assert "提示：没有找到审计链尾记录文件" in dialog.text
    assert tab.check_status.text() == "上次检查：全部正常（有 1 条提示）。"


# 从备份恢复 --------------------------------------------------------------------------------------
def test_restore_dialog_previews_then_restores_and_the_window_shows_the_old_rows(ctx, roster, qtbot, tmp_path,
                                                                                  monkeypatch):
    from desktop_app.ui.main_window import MainWindow

    usb = tmp_path / "usb"
    auto_backup.set_backup_folder(ctx.db, usb)
    auto_backup.auto_backup(ctx.db, "手动", now=dt.datetime(2025, 6, 18, 9, 30))
    deputies.insert_deputy(ctx.db, {"name": "钱七", "level": "乡"})
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    roster_page = window.show_page("roster")
    assert roster_page.model.rowCount() == 5

    dialog = RestoreDialog(ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.list.rowCount() == 1 and dialog.list.item(0, 0).text() == "2025年6月18日 09:30"
    assert dialog.list.item(0, 1).text() == "手动"
    rows = dialog.preview_rows()
    assert rows[0] == ("代表", "4", "5")
    assert ("选区", "2", "2") in rows and "2025年6月18日 09:30" in dialog.preview_title.text()

    told = []
    monkeypatch.setattr("desktop_app.ui.restore_dialog.confirm", lambda *a: True)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: told.append(a[2]))
    assert dialog.restore_selected()
    assert ctx.db["deputies"].count == 4
    page = window.show_page("roster")
    assert page is not roster_page and page.model.rowCount() == 4
    safety = list(usb.glob("*恢复前.db"))
    assert len(safety) == 1 and count_rows(safety[0], "deputies") == 5
    assert "已从 2025年6月18日 09:30 的备份恢复" in told[0] and str(safety[0]) in told[0]


def test_a_damaged_backup_cannot_be_restored(ctx, roster, qtbot, tmp_path):
    bad = tmp_path / "test-20250101-120000-手动.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    dialog = RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.add_file(bad)
    assert dialog.selected().path == bad
    assert "损坏" in dialog.preview_title.text() and not dialog.restore_button.isEnabled()


def test_file_menu_offers_restore(ctx, qtbot, monkeypatch):
    from desktop_app.ui.main_window import MainWindow

    opened = []
    monkeypatch.setattr(RestoreDialog, "exec", lambda self: opened.append(self.ctx) or QDialog.Rejected)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "恢复备份(&R)…")
    action.trigger()
    assert opened == [ctx]
