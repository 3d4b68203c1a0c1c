"""Killing the process during a roster import never corrupts the file nor leaves half an import."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BATCH = 3000

# The writer: one roster import (preview + apply, one transaction) per batch of generated deputies.
# It says "applying K" just before the transaction of batch K and "committed K" right after it.
WRITER = f"""
import sys
from desktop_app.db.connection import open_database
from desktop_app.db.terms import create_term
from desktop_app.db.roster_import import snapshot
from desktop_app.ops import roster_import as roster_ops
from desktop_app.reports.excel import roster_import
from desktop_app.reports.excel.roster_layout import EXPORT_HEADERS
from desktop_app.reports.excel.workbook_reader import SheetTable
from roster_samples import layout_row, sample_deputy

db = open_database(sys.argv[1])
create_term(db, "第十八届", 18, "2021-11-20", "2026-11-19", is_current=True)
batch = 0
while True:
    rows = [(n + 2, tuple(layout_row(n + 1, sample_deputy(batch * {BATCH} + n)))) for n in range({BATCH})]
    table = SheetTable("gen.xlsx", "代表名册", 1, list(EXPORT_HEADERS), rows)
    preview = roster_import.check_table(table, snapshot(db))
    assert not preview.has_errors, preview.problems[:3]
    print("applying", batch + 1, flush=True)
    roster_ops.apply(db, preview)
    batch += 1
    print("committed", batch, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.08, 0.3])   # before, inside and after the commit
def test_sigkill_mid_import_leaves_whole_transactions(tmp_path, delay):
    db_path = tmp_path / "kill.db"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests" / "reports")]))
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    committed = 0
    try:
        deadline = time.monotonic() + 120
        for line in proc.stdout:
            word, number = line.split()
            if word == "committed":
                committed = int(number)
            # Batch 2 is being written (batch 1 is safely committed): kill inside its transaction.
            if word == "applying" and int(number) == 2:
                time.sleep(delay)
                break
            assert time.monotonic() < deadline, "writer too slow"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    assert committed == 1

    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        count = conn.execute("SELECT COUNT(*) FROM deputies").fetchone()[0]
        # Before or after batch 2's transaction, never in between.
        assert count in (BATCH, 2 * BATCH)
        imports = conn.execute("SELECT COUNT(*) FROM audit_log WHERE action = '导入名册'").fetchone()[0]
        assert imports == count // BATCH
    finally:
        conn.close()

    from desktop_app.db.connection import open_database
    from desktop_app.db.audit import verify_chain

    db = open_database(db_path)
    try:
        assert verify_chain(db) is None
    finally:
        db.close()
