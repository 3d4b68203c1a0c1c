"""F12: with a start-up password set, every command that reads personal data or writes asks for it.

The attack: every command, ``export roster --unmasked`` included, ran without the password. Now they ask
(getpass on a terminal, ``--password-file`` in scripts); ``check``, ``--help`` and ``reset-password`` do
not, and ``reset-password`` runs only for the operating-system account that owns the database file.
"""

from __future__ import annotations

import os
import sqlite3

import pytest

from desktop_app.cli import main
from desktop_app.db import audit
from desktop_app.db import password as password_store
from desktop_app.db.connection import open_database

PASSWORD = "人大办2026"


@pytest.fixture
def protected(town_path, tmp_path):
    """The demo township with a start-up password, and a file holding that password."""
    from desktop_app.ops import password as password_ops

    db = open_database(town_path)
    password_ops.set_password(db, PASSWORD)
    db.close()
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    secret.chmod(0o600)
    return town_path, secret


def commands(tmp_path, town_path):
    """Every command that opens the database, with arguments that would succeed (name → argv)."""
    backup = tmp_path / "备份.db"
    db = open_database(town_path)
    from desktop_app.db.backup import backup_to

    backup_to(db, backup)
    db.close()
    return {
        "export": ["export", "roster", "--unmasked", "--out", str(tmp_path / "名册.xlsx")],
        "sync-export": ["sync-export", "--out", str(tmp_path / "包.zip")],
        "backup": ["backup", "--to", str(tmp_path / "backups")],
        "import-roster --dry-run": ["import-roster", str(tmp_path / "名册.xlsx"), "--dry-run"],
        "demo": ["demo", "--force"],
        "restore": ["restore", str(backup), "--yes"],
    }


def test_f12_every_command_that_reads_or_writes_refuses_without_the_password(protected, tmp_path, capsys):
    path, _ = protected
    for name, argv in commands(tmp_path, path).items():
        before = path.read_bytes()
        code = main(["--db", str(path), *argv])
        err = capsys.readouterr().err
        assert code == 2, name
        assert "设置了启动密码" in err and "--password-file" in err and "程序内部错误" not in err, name
        assert not (tmp_path / "名册.xlsx").exists() and not (tmp_path / "包.zip").exists(), name
        assert path.read_bytes() == before or name != "demo", name


def test_f12_a_wrong_password_is_exit_2_and_counted(protected, tmp_path, capsys):
    path, _ = protected
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("猜一个\n", encoding="utf-8")
    code = main(["--db", str(path), "--password-file", str(wrong), "export", "roster", "--out",
                 str(tmp_path / "名册.xlsx")])
    assert code == 2 and "启动密码不正确，命令未执行" in capsys.readouterr().err
    assert not (tmp_path / "名册.xlsx").exists()
    db = open_database(path)
    try:
        assert password_store.failure_count(db) == 1        # a wrong try in a script counts as in the GUI
        assert audit.entries(db)[-1]["action"] == "启动密码输入错误"
    finally:
        db.close()


def test_f12_the_password_file_or_the_terminal_unlocks_every_command(protected, tmp_path, capsys, monkeypatch):
    path, secret = protected
    for name, argv in commands(tmp_path, path).items():
        # --password-file works before the command (like --db) and after it.
        first = ["--password-file", str(secret), *argv] if name != "demo" else [*argv, "--password-file",
                                                                                  str(secret)]
        code = main(["--db", str(path), *first])
        assert code == 0, (name, capsys.readouterr().err)
    capsys.readouterr()
    import getpass
    import sys

    asked = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or PASSWORD)
    assert main(["--db", str(path), "export", "roster", "--out", str(tmp_path / "名册2.xlsx")]) == 0
    assert asked and "启动密码" in asked[0]


def test_f12_check_help_and_tally_ask_for_no_password(protected, capsys):
    path, _ = protected
    assert main(["--db", str(path), "check"]) == 0
    with pytest.raises(SystemExit) as done:
        main(["--db", str(path), "export", "--help"])
    assert done.value.code == 0
    assert "--password-file" in capsys.readouterr().out


def test_f12_reset_password_runs_only_for_the_owner_of_the_database_file(protected, capsys, monkeypatch):
    if not hasattr(os, "geteuid"):
        pytest.skip("Windows: the per-user profile keeps the data folder; the owner check is skipped there")
    path, _ = protected
    owner = path.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)
    assert main(["--db", str(path), "reset-password", "--yes"]) == 2
    assert "只有数据库文件的所有者" in capsys.readouterr().err
    db = open_database(path)
    assert password_store.is_set(db)
    db.close()
    monkeypatch.setattr(os, "geteuid", lambda: owner)
    assert main(["--db", str(path), "reset-password", "--yes"]) == 0       # no password asked
    db = open_database(path)
    try:
        assert not password_store.is_set(db)
        last = audit.entries(db)[-1]
        assert last["action"] == "重置遗忘的启动密码" and "操作系统账户" in last["actor"]
    finally:
        db.close()


def test_f12_reset_password_does_not_create_a_database(tmp_path, capsys):
    path = tmp_path / "none.db"
    assert main(["--db", str(path), "reset-password", "--yes"]) == 2
    assert "不存在" in capsys.readouterr().err and not path.exists()


def test_f12_without_a_password_commands_run_as_before(town_path, tmp_path, capsys):
    assert main(["--db", str(town_path), "export", "roster", "--out", str(tmp_path / "名册.xlsx")]) == 0
    assert (tmp_path / "名册.xlsx").exists()


def test_f12_the_guide_says_the_password_is_access_control_not_encryption():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "user-guide.md").read_text(encoding="utf-8")
    assert "不是加密" in guide and "--password-file" in guide and "reset-password" in guide


def test_f12_a_damaged_database_can_still_be_restored(tmp_path, town_path, capsys):
    """restore checks the password of the file it replaces when it can read it; a damaged one has none."""
    backup = tmp_path / "好的备份.db"
    db = open_database(town_path)
    from desktop_app.db.backup import backup_to

    backup_to(db, backup)
    db.close()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    assert main(["--db", str(damaged), "restore", str(backup), "--yes"]) == 0
    conn = sqlite3.connect(damaged)
    try:
        assert conn.execute("SELECT COUNT(*) FROM deputies").fetchone()[0] > 0
    finally:
        conn.close()


def test_f12_screenshot_of_a_protected_database_asks_for_the_password(protected, tmp_path):
    """``screenshot --db`` renders the office's own pages (its deputies): it asks like every reader."""
    import argparse

    from desktop_app.commands import screenshot
    from desktop_app.errors import InputError

    path, secret = protected
    with pytest.raises(InputError, match="设置了启动密码"):
        screenshot._open_database(path, tmp_path, argparse.Namespace(db=path))
    db, opened = screenshot._open_database(path, tmp_path, argparse.Namespace(db=path, password_file=secret))
    db.close()
    assert opened == path
