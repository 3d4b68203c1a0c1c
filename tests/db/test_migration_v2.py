"""Migration 2 on a version-1 file full of demo data: data kept, new tables seeded, schedules read, search works."""

import sqlite3

from desktop_app.db import activities, deputies, migrations, receptions, suggestions
from desktop_app.db.connection import open_database
from desktop_app.db.connection import connect
from desktop_app.ops.demo import fill_demo


def _v1_file_with_demo(path):
    db = connect(path)
    migrations.migrate(db, target=1)
    fill_demo(db, seed=7, with_activities=False)   # a v1 file has no activity tables
    counts = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("deputies", "groups", "stations", "group_members", "audit_log", "sessions")}
    db.close()
    return counts


def test_v1_with_demo_data_migrates_cleanly(db_path):
    before = _v1_file_with_demo(db_path)
    db = open_database(db_path)
    try:
        assert migrations.schema_version(db) == migrations.LATEST >= 2
        for table, count in before.items():
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count, table
        assert len(activities.list_types(db)) == 12 and len(suggestions.list_fields(db)) == 7
        # The stations' 开放时间 text became schedules.
        assert {s["station_name"]: s["description"] for s in receptions.list_schedules(db)} == {
            "示范镇人大代表之家": "每月9日、19日", "东山片区代表联络站": "每月9日、19日", "桃园片区代表联络站": "每周一",
            "青石片区代表联络站": "每月9日", "光明片区代表联络站": "每周四"}
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        deputy = deputies.list_deputies(db)[0]["id"]
        sid = suggestions.create_suggestion(db, {"title": "村级活动场所改造提升", "source": "代表建议",
                                                 "date": "2026-03-02"}, [deputy])["id"]
        assert [r["id"] for r in suggestions.search(db, "活动场所")] == [sid]
    finally:
        db.close()
    # The migration made a backup of the version-1 file first.
    backups = list(db_path.parent.glob("backups/*.db"))
    assert len(backups) == 1
    conn = sqlite3.connect(str(backups[0]))
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        conn.close()


def test_migration_is_atomic(db_path, monkeypatch):
    """A failure inside migration 2 leaves the file at version 1 with no half-made tables."""
    _v1_file_with_demo(db_path)

    def broken(db):
        db.execute("CREATE TABLE activity_types (id INTEGER PRIMARY KEY)")
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
    db = connect(db_path)
    try:
        try:
            migrations.migrate(db)
        except RuntimeError:
            pass
        assert migrations.schema_version(db) == 1
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'activity_types'").fetchone() is None
    finally:
        db.close()
