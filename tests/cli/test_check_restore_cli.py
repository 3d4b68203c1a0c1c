"""``check`` and ``restore`` from the command line: exit codes, reports, safety backup, nothing lost."""

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.db import sessions
from desktop_app.db.connection import open_database
from desktop_app.db.backup import backup_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _only_these_commands(monkeypatch):
    """In-process runs build only the parsers under test, so another command's import cannot mask a result."""
    from desktop_app import cli

    monkeypatch.setattr(cli, "COMMANDS", {k: v for k, v in cli.COMMANDS.items() if k in ("check", "restore")})


def make_db(path, *names):
    db = open_database(path)
    for n, name in enumerate(names, start=1):
        sessions.create_session(db, term_id=None, number=n, name=name, total_deputies=30)
    return db


def session_names(path):
    db = open_database(path)
    try:
        return [s["name"] for s in sessions.list_sessions(db)]
    finally:
        db.close()


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_check_healthy_database(tmp_path, capsys):
    path = tmp_path / "renda.db"
    make_db(path, "第一次会议").close()
    assert main(["check", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "审计日志链：正常" in out and "全部检查通过" in out


def test_check_reports_tampered_audit_entry_and_exits_1(tmp_path, capsys):
    path = tmp_path / "renda.db"
    make_db(path, "第一次会议", "第二次会议", "第三次会议").close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE audit_log SET detail = replace(detail, '第二次', '第九次') WHERE id = 2")
    assert raw.total_changes == 1
    raw.commit()
    raw.close()
    assert main(["check", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "审计日志第 2 条" in out and "发现问题" in out
    assert main(["check", "--db", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    chain = next(c for c in report["checks"] if c["name"] == "audit_chain")
    assert report["ok"] is False and chain["problems"][0]["entry_id"] == 2


def test_check_missing_file_exits_1_without_creating_it(tmp_path, capsys):
    path = tmp_path / "none.db"
    assert main(["check", "--db", str(path)]) == 1
    assert not path.exists()
    assert "不存在" in capsys.readouterr().out


def test_check_as_a_process(tmp_path):
    path = tmp_path / "renda.db"
    make_db(path, "第一次会议").close()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "desktop_app", "check", "--db", str(path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0, done.stderr
    assert "全部检查通过" in done.stdout


def test_restore_round_trip_with_safety_backup(tmp_path, capsys):
    path = tmp_path / "data" / "renda.db"
    db = make_db(path, "第一次会议")
    backup = backup_database(db, reason="手动")
    sessions.create_session(db, term_id=None, number=2, name="第二次会议", total_deputies=30)
    db.close()
    backup_bytes = digest(backup)
    assert main(["restore", str(backup), "--db", str(path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "已为当前数据库做安全备份" in out and "已恢复数据库" in out
    assert session_names(path) == ["第一次会议"]
    safety = [p for p in (path.parent / "backups").glob("*恢复前*.db")]
    assert len(safety) == 1 and str(safety[0]) in out
    assert sorted(session_names(safety[0])) == ["第一次会议", "第二次会议"]
    assert digest(backup) == backup_bytes                      # the backup itself is only read
    assert not Path(str(backup) + "-wal").exists()
    leftovers = [p.name for p in path.parent.iterdir() if p.name.startswith(".restore")]
    assert leftovers == []
    assert main(["check", "--db", str(path)]) == 0


@pytest.mark.parametrize("make_bad", [
    lambda p: p.write_text("不是备份", encoding="utf-8"),
    lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x07" * 5000),
    "newer",
    "foreign",
])
def test_restore_refuses_an_invalid_backup_and_changes_nothing(tmp_path, capsys, make_bad):
    path = tmp_path / "renda.db"
    make_db(path, "第一次会议").close()
    bad = tmp_path / "bad.db"
    if make_bad == "newer":
        make_db(bad, "未来的会议").close()
        raw = sqlite3.connect(bad)
        raw.execute("PRAGMA user_version = 99")
        raw.close()
    elif make_bad == "foreign":
        raw = sqlite3.connect(bad)
        raw.execute("CREATE TABLE t(x)")
        raw.commit()
        raw.close()
    else:
        make_bad(bad)
    before = digest(path)
    assert main(["restore", str(bad), "--db", str(path), "--yes"]) == 2
    assert "未作任何改动" in capsys.readouterr().err
    assert digest(path) == before
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("*恢复前*"))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".restore")] == []


def test_restore_missing_file_exits_2(tmp_path, capsys):
    path = tmp_path / "renda.db"
    make_db(path, "第一次会议").close()
    assert main(["restore", str(tmp_path / "nope.db"), "--db", str(path), "--yes"]) == 2
    assert "不存在" in capsys.readouterr().err


def test_restore_asks_first(tmp_path, capsys, monkeypatch):
    path = tmp_path / "renda.db"
    db = make_db(path, "第一次会议")
    backup = backup_database(db)
    sessions.create_session(db, term_id=None, number=2, name="第二次会议", total_deputies=30)
    db.close()
    monkeypatch.setattr("builtins.input", lambda prompt="": "n")
    assert main(["restore", str(backup), "--db", str(path)]) == 1
    assert "已取消" in capsys.readouterr().err
    assert len(session_names(path)) == 2
    monkeypatch.setattr("builtins.input", lambda prompt="": "y")
    assert main(["restore", str(backup), "--db", str(path)]) == 0
    assert session_names(path) == ["第一次会议"]


def test_restore_over_a_damaged_database_keeps_a_raw_copy(tmp_path, capsys):
    path = tmp_path / "renda.db"
    db = make_db(path, "第一次会议")
    backup = backup_database(db)
    db.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + b"garbage" * 1000)
    damaged = digest(path)
    assert main(["restore", str(backup), "--db", str(path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "原样复制" in out
    raw_copies = list((tmp_path / "backups").glob("*恢复前-原样.db"))
    assert len(raw_copies) == 1 and digest(raw_copies[0]) == damaged
    assert session_names(path) == ["第一次会议"]
