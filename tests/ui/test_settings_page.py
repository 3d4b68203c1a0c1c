"""Settings are stored in the database; masking changes what the roster shows; backups are real."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app.db import settings
from desktop_app.ui.roster.page import RosterPage
from desktop_app.ui.settings.page import SettingsPage
from desktop_app.ops.changes import Area

pytestmark = pytest.mark.gui


def test_names_are_saved_and_empty_ones_refused(ctx, qtbot):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.township_edit.setText("  青山镇 ")
    page.county_edit.setText("")
    assert page.save_names() is False
    assert "县" in page.names_form.shown_errors()["county_name"]
    assert settings.get(ctx.db, "township_name") == "示范镇"
    page.county_edit.setText("绿水县")
    page.save_names_button.click()
    assert settings.get(ctx.db, "township_name") == "青山镇"
    assert settings.get(ctx.db, "county_name") == "绿水县"
    assert page.names_status.text() == "已保存。"


def test_masking_toggle_changes_the_roster(ctx, roster, qtbot):
    roster_page = RosterPage(ctx)
    settings_page = SettingsPage(ctx)
    qtbot.addWidget(roster_page)
    qtbot.addWidget(settings_page)
    model = roster_page.model
    row = model.row_of_id(roster["张三"])
    full_id = model.row(row)["id_number"]
    id_column, phone_column = model.column_of("id_number"), model.column_of("phone")
    assert settings_page.mask_check.isChecked()
    assert model.display_text(row, id_column) != full_id

    settings_page.mask_check.setChecked(False)
    assert settings.get(ctx.db, "mask_personal_data") is False
    assert model.display_text(row, id_column) == full_id
    assert model.display_text(row, phone_column) == "13800138000"

    settings_page.mask_check.setChecked(True)
    assert model.display_text(row, phone_column) == "138****8000"
    # A fresh page reads the stored setting.
    settings.put(ctx.db, "mask_personal_data", False)
    fresh = RosterPage(ctx)
    qtbot.addWidget(fresh)
    assert fresh.model.display_text(fresh.model.row_of_id(roster["张三"]), id_column) == full_id


def test_backup_now_writes_a_verified_copy(ctx, roster, qtbot, tmp_path):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.backup_button.click()
    text = page.backup_status.text()
    assert text.startswith("已备份到 ")
    target = text.removeprefix("已备份到 ")
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("SELECT COUNT(*) FROM deputies").fetchone()[0] == 4
    finally:
        conn.close()
    assert "版本" in page.version_label.text()


def test_open_folder_uses_the_desktop(ctx, qtbot, monkeypatch, tmp_path):
    opened = []
    from desktop_app.ui.settings import page as settings_module

    monkeypatch.setattr(settings_module.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.open_folder(tmp_path / "backups")
    assert opened == [str(tmp_path / "backups")]


def test_start_empty_keeps_the_old_data_as_a_backup_and_reopens_an_empty_database(ctx, roster, qtbot, monkeypatch):
    """设置 → 清空数据，从空白开始: after a confirmation, a verified 清空前 backup, then an empty database."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.db import auto_backup, deputies
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.widgets import messages

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    monkeypatch.setattr(messages, "confirm", lambda *a: False)
    assert page.start_empty() is False and len(deputies.list_deputies(ctx.db)) == 4   # 否: nothing happens
    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    assert page.start_empty() is True
    assert deputies.list_deputies(window.ctx.db) == [] and window.ctx.db is ctx.db
    assert settings.get(ctx.db, "demo_offered") is True             # no demo offer on the emptied file
    [kept] = [b for b in auto_backup.list_backups(ctx.db) if b.reason == "清空前"]
    copy = sqlite3.connect(kept.path)
    try:
        assert copy.execute("SELECT COUNT(*) FROM deputies").fetchone()[0] == 4
    finally:
        copy.close()
    QApplication.processEvents()                                     # the old pages are deleted now
    ctx.announce(Area.SETTINGS)                              # …and no slot of theirs is left behind
    assert window.show_page("roster").model.rowCount() == 0


def test_the_masked_import_message_names_the_setting_as_settings_shows_it(ctx, qtbot):
    """The roster import told the clerk to switch off "脱敏显示个人信息", a label 设置 does not have."""
    from desktop_app.reports.excel.roster_import import MASKED_ID_MESSAGE

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    label = page.mask_check.text().removesuffix("（推荐）")
    assert f"“{label}”" in MASKED_ID_MESSAGE
    tab = page.tabs.tabText(0)
    group = page.mask_check.parentWidget().title()
    assert f"设置 → {tab} → {group}" in MASKED_ID_MESSAGE


def test_the_county_code_is_saved_once_and_a_short_one_refused(ctx, qtbot, monkeypatch):
    from desktop_app.ui.settings import page as settings_module

    shown = []
    monkeypatch.setattr(settings_module, "show_error", lambda parent, err, title=None: shown.append(str(err)))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    # The key pair exists before any package is signed; its fingerprint is there to read out to the county.
    from desktop_app.exchange.signing import fingerprint, office_public_key

    assert f"签名密钥指纹：{fingerprint(office_public_key(ctx.db))}" in page.key_label.text()
    page.county_code_edit.setText("sfx 1234")
    assert not page.save_county_code() and "至少 8 个字符" in shown[0]
    assert settings.get(ctx.db, "county_code") is None
    page.county_code_edit.setText(" sfx-2026-0815 ")
    assert page.save_county_code()
    assert settings.get(ctx.db, "county_code") == "SFX-2026-0815" == page.county_code_edit.text()
    assert "已保存" in page.code_status.text()
    # The audit entry says a code was set, never the code itself.
    detail = ctx.db.execute("SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert detail[0] == "设置县级匹配码" and "SFX" not in (detail[1] or "")
