"""``backup`` from the command line: a manual, verified copy in the chosen folder that deletes nothing."""

import datetime as dt
import sqlite3

from desktop_app.cli import main
from desktop_app.db.connection import open_database
from desktop_app.db.auto_backup import set_backup_folder
from desktop_app.domain.backup_policy import backup_file_name


def test_manual_backup_goes_to_the_chosen_folder_and_prunes_nothing(tmp_path, capsys):
    path = tmp_path / "renda.db"
    usb = tmp_path / "usb"
    db = open_database(path)
    set_backup_folder(db, usb)
    db.close()
    old = [usb / backup_file_name("renda", dt.datetime(2020, 1, day, 9), "每日") for day in (1, 2, 3)]
    for file in old:
        file.write_bytes(b"x")
    assert main(["backup", "--db", str(path)]) == 0
    written = capsys.readouterr().out.strip().removeprefix("已备份到 ")
    assert written.startswith(str(usb.resolve())) and written.endswith("-手动.db")
    conn = sqlite3.connect(written)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert all(file.exists() for file in old)


def test_backup_to_an_explicit_folder(tmp_path, capsys):
    path = tmp_path / "renda.db"
    assert main(["backup", "--db", str(path), "--to", str(tmp_path / "外部")]) == 0
    assert len(list((tmp_path / "外部").glob("renda-*-手动.db"))) == 1
