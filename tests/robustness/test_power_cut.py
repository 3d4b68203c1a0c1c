"""A power cut (SIGKILL) in the middle of an exchange import or a scoring freeze: the file stays sound and
holds either the whole write or none of it (the idea of tests/db/test_kill_during_import.py, for #6 and #5).

The writer process is stopped at a chosen point — before the transaction, inside it after its rows are
written but before the commit, or after the commit — by a hook that announces the point and then waits
to be killed, so the kill never depends on timing.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

IMPORT_WRITER = """
import sys, time
from desktop_app.db import sync
from desktop_app.db.connection import open_database
from desktop_app.exchange import importer
from desktop_app.exchange.package import read_package

db_path, package_path, where = sys.argv[1:4]
db = open_database(db_path)
plan = importer.preview_import(db, read_package(package_path))

def hold(point):
    print("at", point, flush=True)
    time.sleep(120)

if where == "middle":       # deputies, groups and stations written; activities not yet
    real_activities = importer._apply_activities
    def activities_then_hold(*args, **kwargs):
        hold(where)
        return real_activities(*args, **kwargs)
    importer._apply_activities = activities_then_hold
elif where == "before_commit":   # every row and the audit entry written, the commit not yet
    real_record = sync.record_import
    def record_then_hold(*args, **kwargs):
        real_record(*args, **kwargs)
        hold(where)
    sync.record_import = record_then_hold
print("at applying", flush=True)   # the 导入前 backup and the transaction are still to come
importer.apply_import(db, plan)
print("at committed", flush=True)
time.sleep(120)
"""

FREEZE_WRITER = """
import sys, time
from desktop_app.db import audit, scoring
from desktop_app.db.connection import open_database

db_path, where = sys.argv[1:3]
db = open_database(db_path)

def hold(point):
    print("at", point, flush=True)
    time.sleep(120)

if where == "computing":      # inside the transaction, before any frozen row
    real_finish = scoring._finish
    def finish_then_hold(*args, **kwargs):
        rows = real_finish(*args, **kwargs)
        hold(where)
        return rows
    scoring._finish = finish_then_hold
elif where == "before_commit":   # all frozen rows and the audit entry written, the commit not yet
    real_append = audit.append
    def append_then_hold(db_, action, *args, **kwargs):
        result = real_append(db_, action, *args, **kwargs)
        if action == "审核冻结积分":
            hold(where)
        return result
    audit.append = append_then_hold
scoring.freeze_year(db, 2026, "王秘书", "年终审核")
print("at committed", flush=True)
time.sleep(120)
"""


def kill_at(script: str, args: list, point: str, data_dir: Path) -> None:
    """Run the writer until it reports ``point``, then SIGKILL it (a power cut, as far as SQLite can tell)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), XZRD_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    watchdog = threading.Timer(60, proc.kill)   # a writer that never reaches the point fails, not hangs
    watchdog.start()
    try:
        for line in proc.stdout:
            if line.strip() == f"at {point}":
                break
        else:
            pytest.fail("writer ended before the point: " + proc.stderr.read())
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL


def sound(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return conn


def count(conn, sql, *params):
    return conn.execute(sql, params).fetchone()[0]


IMPORTED = ("deputies", "groups", "stations", "activities", "activity_attendance", "suggestions", "suggestion_events")


@pytest.mark.parametrize("point, whole", [("applying", False), ("middle", False), ("before_commit", False),
                                          ("committed", True)])
def test_power_cut_during_an_exchange_import(package_path, tmp_path, point, whole):
    from desktop_app.db.connection import open_database
    from desktop_app.exchange.package import read_package

    db_path = tmp_path / "county.db"
    open_database(db_path).close()
    kill_at(IMPORT_WRITER, [db_path, package_path, point], point, tmp_path / "userdata")

    expected = {t: len(rows) for t, rows in read_package(package_path).tables.items() if t in IMPORTED}
    conn = sound(db_path)
    try:
        found = {t: count(conn, f"SELECT COUNT(*) FROM {t}") for t in IMPORTED}
        imports = count(conn, "SELECT COUNT(*) FROM audit_log WHERE action = '导入数据交换包'")
    finally:
        conn.close()
    if whole:
        assert found == expected and imports == 1
    else:
        assert found == {t: 0 for t in IMPORTED} and imports == 0

    # The survivor opens normally, its audit chain holds, and the import can simply be run (again).
    from desktop_app.db.audit import verify_chain
    from desktop_app.exchange.importer import apply_import, preview_import

    db = open_database(db_path)
    try:
        assert verify_chain(db) is None
        plan = preview_import(db, read_package(package_path))
        assert plan.has_work != whole
        apply_import(db, plan, backup=False)
        assert {t: count(db.conn, f"SELECT COUNT(*) FROM {t}") for t in IMPORTED} == expected
    finally:
        db.close()


@pytest.fixture(scope="module")
def scored_count(town_master, tmp_path_factory):
    """How many deputies the 2026 freeze writes (computed on a private copy)."""
    from desktop_app.db import scoring
    from desktop_app.db.connection import open_database

    copy = tmp_path_factory.mktemp("scored") / "town.db"
    shutil.copyfile(town_master[0], copy)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XZRD_DATA_DIR", str(copy.parent / "userdata"))
        db = open_database(copy)
        try:
            return len(scoring.annual_scores(db, 2026))
        finally:
            db.close()


@pytest.mark.parametrize("point, whole", [("computing", False), ("before_commit", False), ("committed", True)])
def test_power_cut_during_a_scoring_freeze(town_path, tmp_path, scored_count, point, whole):
    assert scored_count > 0
    kill_at(FREEZE_WRITER, [town_path, point], point, tmp_path / "userdata")
    conn = sound(town_path)
    try:
        freezes = count(conn, "SELECT COUNT(*) FROM score_freezes WHERE year = 2026")
        frozen = count(conn, "SELECT COUNT(*) FROM frozen_scores WHERE year = 2026")
        audited = count(conn, "SELECT COUNT(*) FROM audit_log WHERE action = '审核冻结积分'")
    finally:
        conn.close()
    assert (freezes, frozen, audited) == ((1, scored_count, 1) if whole else (0, 0, 0))

    from desktop_app.db import scoring
    from desktop_app.db.connection import open_database

    db = open_database(town_path)
    try:
        assert scoring.is_frozen(db, 2026) == whole
        if not whole:   # nothing half-frozen stands in the way of freezing again
            assert scoring.freeze_year(db, 2026, "王秘书") == scored_count
    finally:
        db.close()
