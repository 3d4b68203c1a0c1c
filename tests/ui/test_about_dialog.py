"""关于 shows the released version and the folders, and its buttons open them in the file manager."""

from __future__ import annotations

from pathlib import Path

import pytest

import desktop_app
from desktop_app.db.auto_backup import set_backup_folder
from desktop_app.ui import about_dialog
from desktop_app.ui.about_dialog import AboutDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(monkeypatch):
    urls: list[str] = []
    monkeypatch.setattr(about_dialog.QDesktopServices, "openUrl",
                        lambda url: urls.append(url.toLocalFile()) or True)
    return urls


def test_about_shows_version_database_and_folders(ctx, qtbot, db_path, tmp_path):
    usb = tmp_path / "U盘备份"
    set_backup_folder(ctx.db, usb)
    dialog = AboutDialog(ctx.db_path, ctx.db)
    qtbot.addWidget(dialog)
    assert f"版本 {desktop_app.__version__}" in dialog.version_label.text()
    assert dialog.db_label.text() == str(db_path)
    assert dialog.path_labels["data"].text() == str(db_path.parent)
    assert dialog.path_labels["backups"].text() == str(usb.resolve())
    assert dialog.path_labels["logs"].text() == str(tmp_path / "userdata" / "logs")


def test_open_buttons_open_the_data_and_backup_folders(ctx, qtbot, db_path, opened, tmp_path):
    dialog = AboutDialog(ctx.db_path, ctx.db)
    qtbot.addWidget(dialog)
    dialog.open_buttons["data"].click()
    dialog.open_buttons["backups"].click()
    assert [Path(p) for p in opened] == [db_path.parent, db_path.parent / "backups"]
    assert all(b.text() == "打开文件夹" for b in dialog.open_buttons.values())


def test_an_unplugged_backup_drive_is_explained_not_opened(ctx, qtbot, opened, tmp_path, monkeypatch):
    from desktop_app.db import settings

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.put(ctx.db, "backup_folder", str(blocker / "备份"))
    warnings = []
    monkeypatch.setattr(about_dialog.QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    dialog = AboutDialog(ctx.db_path, ctx.db)
    qtbot.addWidget(dialog)
    assert "目前无法访问" in dialog.path_labels["backups"].text()
    dialog.open_buttons["backups"].click()
    assert opened == [] and "请先插好U盘" in warnings[0]


def test_help_menu_opens_the_about_dialog(ctx, qtbot, monkeypatch):
    from desktop_app.ui.main_window import MainWindow

    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self.version_label.text()) or 0)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.text() == "关于(&A)")
    action.trigger()
    assert shown and desktop_app.__version__ in shown[0]
