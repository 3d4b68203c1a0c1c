"""Automatic backups: a verified, readable copy; rotation in the chosen folder; due once a day; fallback."""

import datetime as dt
import sqlite3

import pytest

from desktop_app.db import auto_backup as ab
from desktop_app.db import settings
from desktop_app.db.terms import create_term
from desktop_app.domain.backup_policy import backup_file_name
from desktop_app.errors import UserError

NOW = dt.datetime(2025, 6, 18, 12, 0)


def rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_auto_backup_writes_a_verified_copy_with_the_data(db, db_path):
    create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    result = ab.auto_backup(db, "启动", now=NOW)
    assert result.path == db_path.parent / "backups" / "test-20250618-120000-启动.db"
    assert rows(result.path, "PRAGMA integrity_check") == [("ok",)]
    assert rows(result.path, "SELECT name FROM terms") == [("第十八届",)]
    assert result.removed == [] and result.fallback_reason is None
    assert ab.backup_contents(result.path)["terms"] == 1
    assert not (result.path.parent / (result.path.name + "-wal")).exists()


def test_a_year_of_daily_auto_backups_is_pruned_to_the_policy(db, tmp_path):
    folder = tmp_path / "usb"
    start = NOW - dt.timedelta(days=364)
    for day in range(365):
        ab.auto_backup(db, "每日", folder=folder, now=start + dt.timedelta(days=day))
    names = sorted(p.name for p in folder.glob("*.db"))
    assert len(names) == 20
    assert "test-20250618-120000-每日.db" in names and "test-20240731-120000-每日.db" in names
    assert "test-20240630-120000-每日.db" not in names     # 13 months ago


def test_pruning_leaves_other_files_and_manual_backups_alone(db, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    old = NOW - dt.timedelta(days=90)
    keep = [folder / "说明.txt", folder / "other-20240101-000000-每日.db",
            folder / backup_file_name("test", NOW - dt.timedelta(days=10), "手动")]
    doomed = [folder / backup_file_name("test", old - dt.timedelta(hours=h), "每日") for h in (1, 2)]
    for path in keep + doomed:
        path.write_bytes(b"x")
    result = ab.auto_backup(db, "每日", folder=folder, now=NOW)
    assert all(p.exists() for p in keep)
    assert doomed[0].exists() and not doomed[1].exists()   # newest of its month stays, the older goes
    assert result.removed == [doomed[1]]


def test_configured_folder_is_used_and_an_unusable_one_falls_back(db, db_path, tmp_path):
    usb = tmp_path / "U盘" / "备份"
    assert ab.set_backup_folder(db, usb) == usb.resolve()
    assert settings.get(db, "backup_folder") == str(usb.resolve())
    assert ab.auto_backup(db, "启动", now=NOW).path.parent == usb.resolve()
    # the drive is "unplugged": a file now sits where the folder was expected
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    settings.put(db, "backup_folder", str(blocker / "sub"))
    result = ab.auto_backup(db, "每日", now=NOW + dt.timedelta(days=1))
    assert result.path.parent == db_path.parent / "backups"
    assert result.fallback_reason and "默认文件夹" in result.message
    assert ab.set_backup_folder(db, None) == db_path.parent / "backups"
    assert ab.backup_folder(db) == db_path.parent / "backups"


def test_choosing_an_unwritable_folder_is_refused_and_changes_nothing(db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="无法在文件夹"):
        ab.set_backup_folder(db, blocker / "sub")
    assert settings.get(db, "backup_folder") is None


def test_backup_due_once_a_day_counting_automatic_backups_only(db):
    assert ab.backup_due(db, NOW)
    ab.auto_backup(db, "手动", folder=ab.default_folder(db), now=NOW)
    assert ab.backup_due(db, NOW)                                   # a manual backup is not the daily one
    ab.auto_backup(db, "启动", now=NOW)
    assert not ab.backup_due(db, NOW + dt.timedelta(hours=23, minutes=59))
    assert ab.backup_due(db, NOW + dt.timedelta(days=1))
    assert ab.backup_due(db, NOW - dt.timedelta(days=3))            # the clock went back: do not wait 3 days


def test_list_backups_newest_first_with_size_and_reason(db, db_path):
    ab.auto_backup(db, "启动", now=NOW - dt.timedelta(days=1))
    ab.auto_backup(db, "手动", now=NOW)
    listed = ab.list_backups(db)
    assert [(b.created, b.reason, b.automatic) for b in listed] == [
        (NOW, "手动", False), (NOW - dt.timedelta(days=1), "启动", True)]
    assert all(b.size == b.path.stat().st_size > 0 for b in listed)


def test_backup_contents_of_a_damaged_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    with pytest.raises(UserError, match="无法读取备份文件"):
        ab.backup_contents(bad)
