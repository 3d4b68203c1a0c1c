"""Schema migrations: a fresh file, an older file (backed up first), a newer file (refused, untouched)."""

import sqlite3

import pytest

from desktop_app.db import deputies, migrations, terms
from desktop_app.db.connection import SchemaTooNewError, open_database
from desktop_app.db.connection import connect


def user_version(path):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def tables(db):
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_fresh_database_reaches_latest(db_path):
    db = open_database(db_path)
    try:
        assert migrations.schema_version(db) == migrations.LATEST
        assert {"deputies", "terms", "districts", "groups", "stations", "audit_log"} <= tables(db)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.close()
    # A brand-new file has nothing worth backing up.
    assert not list(db_path.parent.glob("backups/*.db"))


def test_empty_version_0_file_is_migrated(db_path):
    db = connect(db_path)
    migrations.migrate(db, target=0)
    assert migrations.schema_version(db) == 0 and "deputies" not in tables(db)
    db.close()
    db = open_database(db_path)
    try:
        assert migrations.schema_version(db) == migrations.LATEST
        assert "deputies" in tables(db)
    finally:
        db.close()


def test_reopening_a_current_file_changes_nothing(db_path):
    db = open_database(db_path)
    terms.create_term(db, "第十九届", 19, "2026-10-01", "2031-09-30")
    db.close()
    db = open_database(db_path)
    try:
        assert [t["name"] for t in terms.list_terms(db)] == ["第十九届"]
        assert migrations.schema_version(db) == migrations.LATEST
    finally:
        db.close()
    assert not list(db_path.parent.glob("backups/*.db"))


def test_newer_database_is_refused_and_left_byte_identical(db_path):
    db = open_database(db_path)
    terms.create_term(db, "第十九届", 19, "2026-10-01", "2031-09-30")
    db.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    db.close()
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNewError) as err:
        open_database(db_path)
    assert f"数据版本 {migrations.LATEST + 1}" in str(err.value) and "不会打开它" in str(err.value)
    assert db_path.read_bytes() == before
    assert user_version(db_path) == migrations.LATEST + 1


@pytest.fixture
def one_more_migration(monkeypatch):
    """Pretend the app ships migration LATEST+1 (adds a column); returns the new latest number."""
    calls = []

    def add_nickname(db):
        calls.append(True)
        db.execute("ALTER TABLE deputies ADD COLUMN nickname TEXT")

    newest = migrations.LATEST + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, add_nickname])
    monkeypatch.setattr(migrations, "LATEST", newest)
    # migrate()'s default target was bound when the module was imported.
    monkeypatch.setattr(migrations.migrate, "__defaults__", (newest,))
    return newest, calls


def _file_with_a_deputy(db_path, version=None):
    """A file at schema ``version`` (default: the current latest) holding one deputy."""
    db = connect(db_path)
    migrations.migrate(db, target=migrations.LATEST if version is None else version)
    deputies.insert_deputy(db, {"name": "张三", "level": "乡"})
    db.close()


def test_older_database_is_backed_up_then_migrated(db_path, one_more_migration):
    newest, calls = one_more_migration
    original_version = newest - 1
    _file_with_a_deputy(db_path, original_version)
    assert user_version(db_path) == original_version

    db = open_database(db_path)
    try:
        assert migrations.schema_version(db) == newest
        assert "nickname" in {r[1] for r in db.execute("PRAGMA table_info(deputies)")}
        assert [r["name"] for r in deputies.list_deputies(db)] == ["张三"]
        assert calls == [True]
    finally:
        db.close()
    backups = list((db_path.parent / "backups").glob(f"*升级前-v{original_version}.db"))
    assert len(backups) == 1
    assert user_version(backups[0]) == original_version
    conn = sqlite3.connect(str(backups[0]))
    assert conn.execute("SELECT name FROM deputies").fetchall() == [("张三",)]
    conn.close()


def test_failed_migration_rolls_back_and_keeps_the_data(db_path, monkeypatch):
    _file_with_a_deputy(db_path)

    def broken(db):
        db.execute("ALTER TABLE deputies ADD COLUMN nickname TEXT")
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(migrations, "LATEST", len(migrations.MIGRATIONS))
    monkeypatch.setattr(migrations.migrate, "__defaults__", (migrations.LATEST,))
    with pytest.raises(RuntimeError):
        open_database(db_path)
    db = connect(db_path)
    try:
        assert migrations.schema_version(db) == migrations.LATEST - 1
        assert "nickname" not in {r[1] for r in db.execute("PRAGMA table_info(deputies)")}
        assert [r[0] for r in db.execute("SELECT name FROM deputies")] == ["张三"]
    finally:
        db.close()
    assert len(list((db_path.parent / "backups").glob("*.db"))) == 1


def test_migration_6_adds_the_collected_count_to_existing_items(db_path):
    db = connect(db_path)
    migrations.migrate(db, target=5)
    db.execute("INSERT INTO sessions(name, number, total_deputies) VALUES ('第三次会议', 3, 9)")
    db.execute("INSERT INTO vote_items(session_id, code, name, kind, seats, issued) "
               "VALUES (1, '1', '选举镇长', '选举', 1, 9)")
    db.conn.commit()
    db.close()
    db = open_database(db_path)
    try:
        assert migrations.schema_version(db) == migrations.LATEST
        from desktop_app.db import vote_items
        item = vote_items.get_item(db, 1)
        assert item["collected"] is None and item["name"] == "选举镇长"   # nothing else changed
    finally:
        db.close()


def test_migration_9_gives_every_stored_honour_its_year(db_path):
    db = connect(db_path)
    migrations.migrate(db, target=6)
    db.execute("INSERT INTO deputies(name) VALUES ('张三')")
    for date in ("2025-03-12", "2025-06-30", "2025-07-01", "2025-12-28"):
        db.execute("INSERT INTO honors(deputy_id, kind, title, date) VALUES (1, '荣誉', '优秀人大代表', ?)", [date])
    db.conn.commit()
    db.close()
    db = open_database(db_path)
    try:
        years = [r[0] for r in db.execute("SELECT year FROM honors ORDER BY date")]
        assert years == [2024, 2024, 2025, 2025]      # an award of January to June is for the year before
    finally:
        db.close()
