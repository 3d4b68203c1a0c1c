"""``db.check``: integrity, foreign keys, data version, audit chain; damaged and foreign files."""

import shutil
import sqlite3

from desktop_app.db import ballots, sessions, vote_items
from desktop_app.db.connection import open_database
from desktop_app.db.check import CHECKS, check_report, run_checks


def filled_file(path, ballots_count=400):
    db = open_database(path)
    sid = sessions.create_session(db, term_id=None, number=1, name="测试会议", total_deputies=500)
    item = vote_items.create_item(db, sid, code="1", name="票决", kind="票决", seats=10, issued=500)
    vote_items.set_candidates(db, item, [f"民生实事项目{i:02d}" for i in range(12)])
    for serial in range(1, ballots_count + 1):
        ballots.add_ballot(db, item, serial=serial, marks=("Y" * 10 + "--")[serial % 3:] + "-" * (serial % 3))
    db.close()
    return path


def test_healthy_database_passes_every_check(db, db_path):
    db.close()
    results = check_report(db_path)
    assert [r.name for r in results] == [name for name, _, _ in CHECKS]
    assert all(r.ok and not r.skipped for r in results)
    assert run_checks(db_path) == []


def test_foreign_key_violation_reported(db, db_path):
    db.close()
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute("INSERT INTO candidates(item_id, name) VALUES (777, '无主候选人')")
    raw.commit()
    raw.close()
    problems = run_checks(db_path)
    assert [p.check for p in problems] == ["foreign_keys"]
    assert "candidates" in problems[0].message and "vote_items" in problems[0].message


def test_newer_data_version_reported(db, db_path):
    db.close()
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA user_version = 99")
    raw.close()
    assert [p.check for p in run_checks(db_path)] == ["schema"]


def test_missing_and_foreign_files(tmp_path):
    assert run_checks(tmp_path / "nothing.db")[0].check == "open"
    assert not (tmp_path / "nothing.db").exists()   # checking never creates a database
    text = tmp_path / "notes.db"
    text.write_text("这不是数据库", encoding="utf-8")
    problems = run_checks(text)
    assert problems[0].check == "open" and "不是 SQLite" in problems[0].message
    results = check_report(text)
    assert all(r.skipped for r in results[1:])


def test_damaged_copy_is_reported(tmp_path):
    good = filled_file(tmp_path / "good.db")
    assert run_checks(good) == []
    damaged = tmp_path / "damaged.db"
    shutil.copyfile(good, damaged)
    page = 4096
    size = damaged.stat().st_size
    assert size > 6 * page
    with open(damaged, "r+b") as fh:
        # scribble over the middle of a few pages of table data and indexes (not the header page)
        for number in (2, 3, size // page - 2):
            fh.seek(number * page + 100)
            fh.write(bytes(range(256)) * 8)
    problems = run_checks(damaged)
    assert problems, "damage went unnoticed"
    assert run_checks(good) == []
