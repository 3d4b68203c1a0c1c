"""F12–F14: backups, temporary copies, packages and the data folder are readable by their owner only.

The attack: backups were written 0644, readable by every account on the machine. On POSIX every file of
personal data is now 0600 and its folders 0700; on Windows the per-user profile keeps other accounts out
(nothing to test there). FAT/exFAT drives keep no permissions at all: a backup there carries a warning.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop_app import private_files
from desktop_app.cli import main
from desktop_app.db.connection import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the per-user profile holds the permissions")


def mode(path) -> int:
    return stat.S_IMODE(Path(path).stat().st_mode)


@pytest.fixture(autouse=True)
def lenient_umask():
    """The usual desktop umask, under which files were created 0644 before."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_f12_backups_packages_exports_and_the_database_are_owner_only(town_master, tmp_path, capsys):
    from desktop_app import paths

    path = tmp_path / "data" / "renda.db"
    path.parent.mkdir()
    path.write_bytes(town_master[0].read_bytes())
    os.chmod(path, 0o644)                         # a database from before this change
    attachment = path.parent / "attachments" / "activities" / "2026" / "照片.jpg"
    attachment.parent.mkdir(parents=True)
    attachment.write_bytes(b"photo")
    assert main(["--db", str(path), "backup"]) == 0
    assert main(["--db", str(path), "sync-export", "--out", str(tmp_path / "包.zip")]) == 0
    assert main(["--db", str(path), "export", "roster", "--out", str(tmp_path / "名册.xlsx")]) == 0
    out = capsys.readouterr().out
    [backup] = (path.parent / "backups").glob("*.db")
    assert mode(backup) == 0o600 and mode(path.parent / "backups") == 0o700
    assert mode(path.parent / "backups" / "attachments" / "activities" / "2026" / "照片.jpg") == 0o600
    assert mode(tmp_path / "包.zip") == 0o600 and mode(tmp_path / "名册.xlsx") == 0o600
    assert mode(path) == 0o600
    assert "FAT" not in out
    assert mode(paths.data_dir()) == 0o700

    assert main(["--db", str(path), "restore", str(backup), "--yes"]) == 0
    [safety] = [p for p in (path.parent / "backups").glob("*.db") if "恢复前" in p.name]
    assert mode(path) == 0o600 and mode(safety) == 0o600


def test_f12_a_new_database_is_owner_only_from_the_start(tmp_path):
    path = tmp_path / "new.db"
    open_database(path).close()
    assert mode(path) == 0o600
    assert all(mode(side) == 0o600 for side in tmp_path.glob("new.db-*"))


def test_f12_a_backup_on_a_fat_drive_says_others_can_read_it(db, tmp_path, monkeypatch):
    from desktop_app.db import auto_backup

    monkeypatch.setattr(private_files, "filesystem_without_permissions",
                        lambda folder: "exFAT" if Path(folder) == tmp_path / "usb" else None)
    on_usb = auto_backup.auto_backup(db, "手动", folder=tmp_path / "usb", rotate=False)
    assert "exFAT 格式" in on_usb.message and "妥善保管" in on_usb.message
    at_home = auto_backup.auto_backup(db, "手动", rotate=False)
    assert "FAT" not in at_home.message


def test_f12_fat_and_exfat_drives_are_recognised_from_the_mount_table():
    mounts = "\n".join([
        "/dev/sda1 / ext4 rw,relatime 0 0",
        "/dev/sdb1 /media/clerk/U\\040盘 vfat rw,nosuid,uid=1000 0 0",
        "/dev/sdc1 /media/clerk/BACKUP exfat rw 0 0",
        "/dev/sdd1 /media/clerk/BACKUP/inner ext4 rw 0 0",
    ])
    assert private_files.linux_filesystem(Path("/media/clerk/U 盘/备份"), mounts) == "FAT"
    assert private_files.linux_filesystem(Path("/media/clerk/BACKUP/x"), mounts) == "exFAT"
    assert private_files.linux_filesystem(Path("/media/clerk/BACKUP/inner/x"), mounts) is None
    assert private_files.linux_filesystem(Path("/home/clerk/backups"), mounts) is None
    assert private_files.linux_filesystem(Path("/media/clerk/BACKUPS"), mounts) is None
