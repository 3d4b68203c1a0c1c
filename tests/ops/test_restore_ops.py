"""ops.restore headless: a verified backup replaces the closed database after a safety backup; a file that is
not a backup is refused in Chinese and the database stays as it was."""

from __future__ import annotations

import hashlib

import pytest

from desktop_app.db.connection import open_database
from desktop_app.db.backup import backup_database
from desktop_app.db.terms import create_term, list_terms
from desktop_app.errors import UserError
from desktop_app.ops import restore
from desktop_app.ops.changes import Area


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_restore_puts_the_backup_back_after_a_safety_backup(db, db_path, tmp_path):
    create_term(db, "第十七届", 17)
    backup = backup_database(db, folder=tmp_path / "备份")
    create_term(db, "第十八届", 18)
    db.close()
    changes = restore.restore(backup, db_path)
    assert changes.areas == Area.EVERYTHING and changes.value.safety_backup.exists()
    again = open_database(db_path)
    try:
        assert [t["name"] for t in list_terms(again)] == ["第十七届"]
    finally:
        again.close()
    safety = open_database(changes.value.safety_backup)
    try:
        assert sorted(t["name"] for t in list_terms(safety)) == ["第十七届", "第十八届"]   # nothing lost
    finally:
        safety.close()


def test_a_file_that_is_not_a_backup_is_refused(db, db_path, tmp_path):
    create_term(db, "第十八届", 18)
    db.close()
    before = _digest(db_path)
    junk = tmp_path / "不是备份.db"
    junk.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(UserError):
        restore.restore(junk, db_path)
    assert _digest(db_path) == before
