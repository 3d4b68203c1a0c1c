"""F11: the half-made copies of personal data that killed backups and restores leave (``*.db.tmp``) are
removed when the program or a command starts — once a day old and held by no process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from desktop_app.cli import main
from desktop_app.db.connection import open_database

DAY = 24 * 3600


def aged(path, seconds: float):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SQLite format 3\x00 personal data")
    when = time.time() - seconds
    os.utime(path, (when, when))
    return path


@pytest.fixture
def leftovers(tmp_path):
    """A database, a USB backup folder chosen in 设置, and what killed backups/restores left around them."""
    from desktop_app.ops import settings as settings_ops

    path = tmp_path / "data" / "renda.db"
    usb = tmp_path / "usb"
    db = open_database(path)
    settings_ops.set_backup_folder(db, usb)
    db.close()
    data, backups = path.parent, path.parent / "backups"
    stale = [
        aged(data / ".restore-k2j4h1.db.tmp", 2 * DAY),                         # a killed restore
        aged(backups / "renda-20261101-083000-每日.db.tmp", 3 * DAY),            # a killed backup
        aged(backups / "renda-20261101-083000-每日.db.tmp-journal", 3 * DAY),
        aged(usb / "renda-20261102-083000-手动.db.tmp", 2 * DAY),               # …on the USB drive
        aged(usb / "attachments" / "activities" / "2026" / "3f2a_照片.jpg.tmp", 2 * DAY),  # a killed mirror
        aged(data / "attachments" / "activities" / "2026" / ".3f2a_照片.jpg.x1.tmp", 2 * DAY),
    ]
    kept = [
        aged(backups / "renda-20261204-083000-每日.db.tmp", 3600),              # an hour old: may be running
        aged(data / "我的笔记.tmp", 5 * DAY),                                   # not the program's file
        aged(usb / "renda-20261101-083000-每日.db", 3 * DAY),                   # a finished backup
        aged(data / "别的软件.db.tmp", 3 * DAY),                               # another program's, beside the database
    ]
    return path, stale, kept


def test_f11_a_command_removes_stale_temporary_copies_at_start(leftovers, capsys):
    path, stale, kept = leftovers
    assert main(["--db", str(path), "backup"]) == 0
    assert [p for p in stale if p.exists()] == []
    assert all(p.exists() for p in kept)


def test_f11_a_temporary_file_a_process_holds_open_is_kept(leftovers, capsys):
    if not sys.platform.startswith("linux"):
        pytest.skip("open files are found through /proc on Linux; Windows refuses to delete them by itself")
    path, stale, _ = leftovers
    held = stale[1]
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        fh = open(sys.argv[1], "rb")
        print("ready", flush=True)
        time.sleep(120)
    """), str(held)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert main(["--db", str(path), "export", "roster", "--out", str(path.parent / "名册.xlsx")]) == 0
        assert held.exists()
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert not stale[0].exists()


@pytest.mark.gui
def test_f11_the_program_removes_stale_temporary_copies_when_it_opens_the_database(leftovers, qtbot):
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import show_main_window
    from desktop_app.db import settings

    path, stale, kept = leftovers
    db = open_database(path)
    settings.put(db, "demo_offered", True)      # no first-start question in this test
    db.close()
    window = show_main_window(QApplication.instance(), path)
    qtbot.addWidget(window)
    assert window.open_database()
    try:
        assert [p for p in stale if p.exists()] == []
        assert all(p.exists() for p in kept)
    finally:
        window.ctx.db.close()
