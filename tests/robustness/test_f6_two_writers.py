"""F6: two writers at once wait for each other or get a clear Chinese message, never "程序内部错误".

The attacks: overlapping command-line writers failed at once with ``database is locked`` (a deferred
transaction that upgrades to a write ignores the busy timeout), shown as 程序内部错误; and two windows
opened one file because the single-instance lock was keyed by the path as typed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from desktop_app.cli import main
from desktop_app.db.connection import open_database
from desktop_app.errors import BUSY


def started(script: str, *args, cwd=None) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *map(str, args)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    line = process.stdout.readline().strip()
    assert line == "ready", f"helper said {line!r}: {process.stderr.read()}"
    return process


def stop(process: subprocess.Popen) -> None:
    process.kill()
    process.wait(timeout=30)


HOLD_THE_LOCK_FILE = """
    import sys, time
    from desktop_app.db import file_lock
    file_lock.acquire(sys.argv[1])
    print("ready", flush=True)
    time.sleep(120)
"""


def test_f6_the_single_instance_lock_is_keyed_by_the_resolved_file(tmp_path):
    """A window on ``office.db`` keeps out a window opened through a link or another spelling of the path."""
    from desktop_app.app import acquire_lock

    path = tmp_path / "office.db"
    open_database(path).close()
    (tmp_path / "link.db").symlink_to(path)
    (tmp_path / "sub").mkdir()
    first = acquire_lock(path)
    try:
        probe = subprocess.run([sys.executable, "-c", textwrap.dedent("""
            import sys
            from pathlib import Path
            from desktop_app.app import acquire_lock
            print(*[acquire_lock(Path(p), wait=0.2) is None for p in sys.argv[1:]])
        """), "../link.db", "../sub/../office.db", str(tmp_path / "other.db")],
            capture_output=True, text=True, timeout=60, cwd=tmp_path / "sub")
    finally:
        first.release()
    assert probe.stdout.split() == ["True", "True", "False"], probe.stderr


def test_f6_a_database_locked_by_another_program_is_a_chinese_message_with_exit_2(tmp_path, capsys,
                                                                                  monkeypatch):
    """A SQLite tool keeps a write transaction open: the command waits its busy timeout, then says so."""
    from desktop_app.db import connection

    path = tmp_path / "office.db"
    open_database(path).close()
    holder = started("""
        import sqlite3, sys, time
        conn = sqlite3.connect(sys.argv[1], isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO settings(key, value) VALUES ('tool', '1')")
        print("ready", flush=True)
        time.sleep(120)
    """, path)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 300, raising=False)
    try:
        code = main(["--db", str(path), "demo"])
    finally:
        stop(holder)
    err = capsys.readouterr().err
    assert code == 2
    assert BUSY in err and "本次操作没有保存" in err and "程序内部错误" not in err
    db = open_database(path)
    try:
        assert db.execute("SELECT COUNT(*) FROM deputies").fetchone()[0] == 0      # all or nothing
    finally:
        db.close()


def test_f6_a_writing_command_waits_for_another_command_then_says_so(tmp_path, capsys, monkeypatch):
    """Another command keeps the database too long: the writer waits, then stops with exit 2, nothing written."""
    from desktop_app.commands import database_access

    path = tmp_path / "office.db"
    open_database(path).close()
    monkeypatch.setattr(database_access, "WRITER_WAIT_SECONDS", 1.5)
    holder = started(HOLD_THE_LOCK_FILE, path)
    try:
        code = main(["--db", str(path), "demo"])
        reader = main(["--db", str(path), "export", "roster", "--out", str(tmp_path / "名册.xlsx")])
    finally:
        stop(holder)
    err = capsys.readouterr().err
    assert code == 2 and "等待它完成" in err and BUSY in err and "程序内部错误" not in err
    assert reader == 0                               # reading needs no lock
    assert main(["--db", str(path), "demo"]) == 0    # once the other command is gone, the command runs


def test_f6_a_writing_command_stops_at_once_while_the_program_has_the_database_open(tmp_path, capsys):
    """An open window does not let go soon: the command says so at once instead of waiting minutes."""
    path = tmp_path / "office.db"
    open_database(path).close()
    window = started("""
        import sys, time
        from pathlib import Path
        from desktop_app.app import acquire_lock
        assert acquire_lock(Path(sys.argv[1])) is not None
        print("ready", flush=True)
        time.sleep(120)
    """, path)
    try:
        began = time.monotonic()
        code = main(["--db", str(path), "demo"])
        took = time.monotonic() - began
    finally:
        stop(window)
    err = capsys.readouterr().err
    assert code == 2 and took < 10
    assert BUSY in err and "乡镇人大工作台正开着这个数据库" in err and "程序内部错误" not in err
    db = open_database(path)
    try:
        assert db.execute("SELECT COUNT(*) FROM deputies").fetchone()[0] == 0
    finally:
        db.close()


def test_f6_overlapping_command_line_writers_all_succeed(tmp_path):
    """Ten writing commands started together: each waits for the one before it; none fails.

    Before, each waited only the 10 s busy timeout of SQLite: three of ten failed as 程序内部错误.
    """
    path = tmp_path / "office.db"
    open_database(path).close()
    env = {**os.environ, "XZRD_DATA_DIR": str(tmp_path / "userdata")}
    writers = [subprocess.Popen([sys.executable, "-m", "desktop_app", "--db", str(path), "demo", "--force",
                                 "--seed", str(seed)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                env=env) for seed in range(10)]
    results = [(w.wait(timeout=280), w.stderr.read()) for w in writers]
    for writer in writers:
        writer.stderr.close()
    assert [code for code, _ in results] == [0] * 10, [err for _, err in results]
    db = open_database(path)
    try:
        assert db.execute("SELECT COUNT(*) FROM deputies").fetchone()[0] >= 78
    finally:
        db.close()


@pytest.mark.parametrize("write", ["through transaction.write", "a transaction Python opens by itself"])
def test_f6_every_write_transaction_takes_the_write_lock_at_begin(tmp_path, write):
    """BEGIN IMMEDIATE for every transaction that writes, also one Python's sqlite3 opens by itself, so a
    second writer waits for the busy timeout instead of failing at once when its transaction upgrades."""
    from desktop_app.db import transaction

    db = open_database(tmp_path / "office.db")
    begins = []
    db.conn.set_trace_callback(lambda sql: begins.append(" ".join(sql.split()[:2]).upper())
                               if sql.strip().upper().startswith("BEGIN") else None)
    try:
        if write == "through transaction.write":
            with transaction.write(db):
                db.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
        else:
            db.execute("INSERT INTO settings(key, value) VALUES ('b', '1')")
            db.conn.commit()
    finally:
        db.conn.set_trace_callback(None)
        db.close()
    assert begins == ["BEGIN IMMEDIATE"]


def test_f6_the_writing_commands_begin_every_transaction_immediate(tmp_path, monkeypatch, capsys):
    """demo, a roster import, a package export and its import, a backup: every BEGIN they send is IMMEDIATE."""
    from desktop_app.db import connection

    begins = []
    real_connect = connection.connect

    def traced(path):
        db = real_connect(path)
        db.conn.set_trace_callback(lambda sql: begins.append(" ".join(sql.split()[:2]).upper())
                                   if sql.strip().upper().startswith("BEGIN") else None)
        return db

    monkeypatch.setattr(connection, "connect", traced)
    path, other = str(tmp_path / "office.db"), str(tmp_path / "other.db")
    package = tmp_path / "package.zip"
    assert main(["--db", path, "demo"]) == 0
    assert main(["--db", path, "export", "roster", "--unmasked", "--out", str(tmp_path / "名册.xlsx")]) == 0
    assert main(["--db", other, "import-roster", str(tmp_path / "名册.xlsx"), "--term-name", "第十九届"]) == 0
    assert main(["--db", path, "sync-export", "--out", str(package)]) == 0
    # other.db holds records and its own key (made at setup): the first package's key is taken on purpose.
    assert main(["--db", other, "sync-import", str(package), "--accept-new-key"]) == 0
    assert main(["--db", path, "backup"]) == 0
    capsys.readouterr()
    assert len(begins) > 5 and set(begins) == {"BEGIN IMMEDIATE"}
