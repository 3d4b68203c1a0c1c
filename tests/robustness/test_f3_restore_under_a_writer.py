"""F3: ``restore`` and 清空数据 while another process has the database open must not lose what it saved.

The attack: a command-line ``restore`` replaced the file under a running program, which went on "saving"
into the unlinked old file (14 of 30 activities reported as saved existed nowhere). Now the GUI and every
writing command hold the lock file beside the database, and restore / 清空数据 refuse while another
process holds it: each writer below is a real second process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from desktop_app.cli import main
from desktop_app.db import auto_backup, districts, fresh_start
from desktop_app.db.connection import open_database
from desktop_app.errors import BUSY, DatabaseBusyError

# A second process that behaves like the GUI: it takes the database's lock as run_gui does, then saves one
# record at a time through the same ops function as the 选区 page, printing the id of each one it saved.
GUI_LIKE_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from desktop_app.app import acquire_lock
    from desktop_app.db.connection import open_database
    from desktop_app.ops import districts

    path = Path(sys.argv[1])
    lock = acquire_lock(path)
    assert lock is not None, "the writer could not take the lock"
    db = open_database(path)
    print("ready", flush=True)
    for n in range(int(sys.argv[2])):
        changes = districts.add(db, None, {"name": f"第{n + 1}选区（写入进程）"})
        print("saved", changes.ids[0], flush=True)
        time.sleep(0.05)
    db.close()
    lock.release()
    print("done", flush=True)
""")


def start(script: str, *args, cwd=None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=cwd)


def wait_for_line(process: subprocess.Popen, expected: str) -> None:
    line = process.stdout.readline().strip()
    assert line == expected, f"writer said {line!r}; stderr: {process.stderr.read()}"


@pytest.fixture
def office(tmp_path):
    """A database with one district and a verified backup of it (the file a clerk would restore)."""
    path = tmp_path / "office.db"
    db = open_database(path)
    try:
        from desktop_app.ops import districts as district_ops

        district_ops.add(db, None, {"name": "第一选区"})
        backup = auto_backup.auto_backup(db, "手动", rotate=False).path
    finally:
        db.close()
    return path, backup


def district_ids(path) -> set[int]:
    db = open_database(path)
    try:
        return {row["id"] for row in districts.list_districts(db, include_deleted=True)}
    finally:
        db.close()


def test_f3_restore_refuses_while_another_process_writes(office, capsys):
    path, backup = office
    writer = start(GUI_LIKE_WRITER, path, 40)
    try:
        wait_for_line(writer, "ready")
        codes = []
        for _ in range(5):      # restore tried again and again while the writer saves
            codes.append(main(["--db", str(path), "restore", str(backup), "--yes"]))
            err = capsys.readouterr().err
            assert BUSY in err and "当前数据库未被替换" in err and "程序内部错误" not in err
            time.sleep(0.1)
        out, err = writer.communicate(timeout=120)
    finally:
        writer.kill()
    assert codes == [2] * 5
    assert writer.returncode == 0, err
    saved = {int(line.split()[1]) for line in out.splitlines() if line.startswith("saved")}
    assert len(saved) == 40
    assert saved <= district_ids(path)           # nothing reported as saved is lost


def test_f3_restore_waits_for_nothing_once_the_writer_is_gone(office, capsys):
    """The lock is released with the writer (even a killed one): the clerk can restore afterwards."""
    path, backup = office
    writer = start(GUI_LIKE_WRITER, path, 1000)
    wait_for_line(writer, "ready")
    writer.kill()                                 # the program crashed: the system drops its lock
    writer.wait(timeout=30)
    assert main(["--db", str(path), "restore", str(backup), "--yes"]) == 0
    assert "已恢复数据库" in capsys.readouterr().out


def test_f3_restore_during_a_command_line_import_loses_nothing(tmp_path, capsys):
    """A real ``demo`` run (thousands of rows) in another process; ``restore`` is tried all the while.

    Each try is refused while the command holds the file. A try that slips in after the command let go
    (between its last write and its exit) replaces the file, as a restore should, after keeping it as
    the 恢复前 backup: the command's rows are then there.
    """
    path = tmp_path / "office.db"
    db = open_database(path)
    backup = auto_backup.auto_backup(db, "手动", rotate=False).path
    db.close()
    writer = subprocess.Popen([sys.executable, "-m", "desktop_app", "--db", str(path), "demo"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    refused, replaced_after_refusals = 0, None
    try:
        while writer.poll() is None and replaced_after_refusals is None:
            code = main(["--db", str(path), "restore", str(backup), "--yes"])
            out, err = capsys.readouterr()
            if code == 2:
                assert BUSY in err
                refused += 1
            else:
                assert code == 0, err
                if refused:
                    [line] = [x for x in out.splitlines() if x.startswith("已为当前数据库做安全备份：")]
                    replaced_after_refusals = line.split("：", 1)[1]
            time.sleep(0.05)
        out, err = writer.communicate(timeout=120)
    finally:
        writer.kill()
    assert writer.returncode == 0, err
    assert "代表 78 名" in out                    # what the command reported as saved…
    assert refused > 0
    db = open_database(replaced_after_refusals or path)
    try:
        assert db.execute("SELECT COUNT(*) FROM deputies").fetchone()[0] == 78     # …is in the file
    finally:
        db.close()


def test_f3_fresh_start_refuses_while_another_process_writes(office):
    path, _ = office
    writer = start(GUI_LIKE_WRITER, path, 20)
    try:
        wait_for_line(writer, "ready")
        with pytest.raises(DatabaseBusyError, match=BUSY):
            fresh_start.ensure_not_in_use(path)
        with pytest.raises(DatabaseBusyError, match="不能清空"):
            fresh_start.remove_database_file(path)
        assert path.exists()
        out, err = writer.communicate(timeout=120)
    finally:
        writer.kill()
    assert writer.returncode == 0, err
    saved = {int(line.split()[1]) for line in out.splitlines() if line.startswith("saved")}
    assert len(saved) == 20 and saved <= district_ids(path)


@pytest.mark.gui
def test_f3_the_settings_page_says_why_it_cannot_empty_a_database_in_use(town, town_path, qtbot, monkeypatch):
    from desktop_app.db import deputies
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.settings import page as settings_page
    from desktop_app.ui.widgets import messages

    ctx = AppContext(db=town, db_path=town_path)
    before = len(deputies.list_deputies(town))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    page = window.show_page("settings")
    monkeypatch.setattr(messages, "confirm", lambda *a: True)
    shown = []
    monkeypatch.setattr(settings_page, "show_error", lambda parent, err: shown.append(str(err)))
    holder = start(textwrap.dedent("""
        import sys, time
        from desktop_app.db import file_lock
        lock = file_lock.acquire(sys.argv[1])
        print("ready", flush=True)
        time.sleep(120)
    """), ctx.db_path)
    try:
        wait_for_line(holder, "ready")
        assert page.start_empty() is False
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert shown and BUSY in shown[0] and "不能清空" in shown[0]
    assert len(deputies.list_deputies(ctx.db)) == before > 0 and town_path.exists()
    ctx.undo_stack.clear()
