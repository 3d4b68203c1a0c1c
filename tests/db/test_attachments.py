"""Attachments: copied next to the database with their SHA-256, verified, and surviving a backup and restore."""

import hashlib
from pathlib import Path

import pytest

from activity_samples import build
from desktop_app.db import activities, attachments
from desktop_app.db.connection import open_database
from desktop_app.db.backup import backup_database
from desktop_app.db.restore import restore_database
from desktop_app.errors import InputError


@pytest.fixture
def activity(db):
    build(db)
    return activities.create_activity(db, {"type_id": activities.type_id_by_name(db, "视察"), "date": "2026-03-01",
                                           "theme": "视察农贸市场"})


def test_attachment_is_copied_with_its_hash(db, db_path, tmp_path, activity):
    photo = tmp_path / "现场照片 1.jpg"
    photo.write_bytes(b"\xff\xd8 fake jpeg " * 100)
    attachment_id = attachments.add_attachment(db, "activities", activity, photo)
    [row] = attachments.list_attachments(db, "activities", activity)
    assert row["id"] == attachment_id and row["original_name"] == "现场照片 1.jpg" and row["is_image"]
    assert row["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest() and row["size"] == 1300
    assert row["path"].parent.parent.parent == db_path.parent / "attachments"
    assert row["path"].read_bytes() == photo.read_bytes() and row["path"].name.endswith("现场照片 1.jpg")
    # Nothing half-written is left beside it.
    assert [p.name for p in row["path"].parent.iterdir()] == [row["path"].name]
    photo.unlink()                                  # the clerk's original may go; our copy stays
    assert attachments.verify_attachments(db) == []


def test_changed_or_missing_file_is_reported(db, tmp_path, activity):
    doc = tmp_path / "纪要.docx"
    doc.write_bytes(b"minutes")
    first = attachments.add_attachment(db, "activities", activity, doc)
    second = attachments.add_attachment(db, "activities", activity, doc)
    attachments.attachment_path(db, first).write_bytes(b"edited")
    attachments.attachment_path(db, second).unlink()
    problems = attachments.verify_attachments(db)
    assert len(problems) == 2 and "内容与登记时不一致" in problems[0] and "文件缺失" in problems[1]


def test_bad_source_or_owner_changes_nothing(db, tmp_path, activity):
    with pytest.raises(InputError, match="不存在"):
        attachments.add_attachment(db, "activities", activity, tmp_path / "none.jpg")
    real = tmp_path / "a.png"
    real.write_bytes(b"png")
    with pytest.raises(Exception, match="不存在"):
        attachments.add_attachment(db, "activities", 999, real)
    assert attachments.list_attachments(db, "activities", activity) == []
    assert not (attachments.folder(db)).exists() or not any(attachments.folder(db).rglob("*.*"))


def test_remove_hides_but_keeps_file(db, tmp_path, activity):
    doc = tmp_path / "签到表.pdf"
    doc.write_bytes(b"%PDF")
    attachment_id = attachments.add_attachment(db, "activities", activity, doc)
    attachments.remove_attachment(db, attachment_id)
    assert attachments.list_attachments(db, "activities", activity) == []
    assert attachments.attachment_path(db, attachment_id).is_file()
    attachments.restore_attachment(db, attachment_id)
    assert len(attachments.list_attachments(db, "activities", activity)) == 1


def test_attachments_survive_backup_and_restore(db, db_path, tmp_path, activity):
    photo = tmp_path / "合影.png"
    photo.write_bytes(b"group photo")
    attachments.add_attachment(db, "activities", activity, photo)
    backup = backup_database(db, reason="测试")
    # After the backup, a later attachment and a deleted activity: the restore brings the old state back.
    later = tmp_path / "later.png"
    later.write_bytes(b"later")
    attachments.add_attachment(db, "activities", activity, later)
    activities.delete_activity(db, activity)
    db.close()
    restore_database(backup, db_path)
    restored = open_database(db_path)
    try:
        [row] = attachments.list_attachments(restored, "activities", activity)
        assert row["path"].read_bytes() == b"group photo"
        assert attachments.verify_attachments(restored) == []
        assert activities.get_activity(restored, activity)["deleted_at"] is None
    finally:
        restored.close()


def test_a_lost_laptop_backup_on_a_usb_drive_brings_the_files_back(db, db_path, tmp_path, activity):
    """The backup folder holds a mirror of the attachments: restoring onto a new machine restores them."""
    import shutil

    usb = tmp_path / "U盘" / "人大备份"
    photo = tmp_path / "合影.png"
    photo.write_bytes(b"group photo")
    attachments.add_attachment(db, "activities", activity, photo)
    backup = backup_database(db, reason="测试", folder=usb)
    assert backup_database(db, reason="再次", folder=usb).parent == usb   # the second copies nothing new
    assert len([p for p in (usb / "attachments").rglob("*") if p.is_file()]) == 1
    db.close()
    shutil.rmtree(db_path.parent / "attachments")           # the old laptop is gone
    new_home = tmp_path / "新电脑" / "renda.db"
    new_home.parent.mkdir()
    restore_database(backup, new_home)
    restored = open_database(new_home)
    try:
        [row] = attachments.list_attachments(restored, "activities", activity)
        assert row["path"].read_bytes() == b"group photo"
        assert attachments.verify_attachments(restored) == []
    finally:
        restored.close()


def test_check_command_reports_a_missing_attachment_file(tmp_path):
    """`check` includes the attachments: a file deleted behind the app's back is named."""
    import subprocess
    import sys

    path = tmp_path / "office.db"
    db = open_database(path)
    doc = tmp_path / "会议纪要.txt"
    doc.write_text("纪要", encoding="utf-8")
    activity_id = activities.create_activity(
        db, {"type_id": activities.list_types(db)[0]["id"], "date": "2026-11-02", "theme": "接待选民"}, {})
    attachment = attachments.add_attachment(db, "activities", activity_id, doc)
    stored = attachments.list_attachments(db, "activities", activity_id)[0]["path"]
    db.close()
    ok = subprocess.run([sys.executable, "-m", "desktop_app", "check", "--db", str(path)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    Path(stored).unlink()
    broken = subprocess.run([sys.executable, "-m", "desktop_app", "check", "--db", str(path)],
                            capture_output=True, text=True)
    assert broken.returncode == 1 and "会议纪要.txt" in broken.stdout + broken.stderr
    assert attachment
