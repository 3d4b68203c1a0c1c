"""db/records: one timestamp format on every write path of a record, audited updates, idempotent soft delete,
and migration 5 rewriting the timestamps earlier versions stored as 2026-03-05T10:00:00."""

from __future__ import annotations

import re

import pytest

from desktop_app.db import activities, audit, deputies, migrations, records, roster_import, sync
from desktop_app.db.connection import open_database
from desktop_app.db import suggestions, terms
from desktop_app.db.connection import connect

STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")


@pytest.fixture
def deputy(db):
    terms.create_term(db, "第十八届", 18, "2021-10-01", "2026-09-30")
    return deputies.insert_deputy(db, {"name": "张三", "gender": "男"})


def _stamps(db, table: str, row_id: int) -> tuple:
    return db.execute(f"SELECT created_at, updated_at FROM {table} WHERE id = ?", [row_id]).fetchone()


def test_the_edit_form_the_roster_import_and_the_county_package_stamp_deputies_alike(db, deputy):
    created, _ = _stamps(db, "deputies", deputy)
    assert STAMP.match(created)                          # the schema default's own format
    paths = {
        "form": lambda: deputies.update_deputy(db, deputy, {"work_unit": "东山村村委会"}),
        "roster import": lambda: roster_import.update_deputy_fields(db, deputy, {"post": "主任"}),
        "county package": lambda: sync.update_row(db, "deputies", deputy, {"notes": "县里导入"}),
        "status change": lambda: deputies.change_status(db, deputy, "调离", "2026-01-05", "工作调动"),
    }
    for name, write in paths.items():
        db.execute("UPDATE deputies SET updated_at = 'unset' WHERE id = ?", [deputy])
        write()
        assert STAMP.match(_stamps(db, "deputies", deputy)[1]), name
    assert audit.verify_chain(db) is None


def test_a_status_change_from_the_county_package_keeps_its_history_like_the_form(db, deputy):
    sync.update_row(db, "deputies", deputy, {"status": "辞职", "status_date": "2026-02-01"})
    history = deputies.status_history(db, deputy)
    assert [(h["status"], h["date"], h["reason"]) for h in history] == [("辞职", "2026-02-01", "数据交换包导入")]
    new_id = sync.insert_row(db, "deputies", {"uid": "a" * 32, "name": "李四", "name_initials": "ls",
                                              "status": "去世", "status_date": "2026-03-01"})
    assert deputies.get_deputy(db, new_id)["name"] == "李四"
    assert db.execute("SELECT uid FROM deputies WHERE id = ?", [new_id]).fetchone()[0] == "a" * 32
    assert [h["status"] for h in deputies.status_history(db, new_id)] == ["去世"]


def test_activities_and_suggestions_use_the_same_format(db, deputy):
    type_id = activities.type_id_by_name(db, "视察")
    activity = activities.create_activity(db, {"type_id": type_id, "date": "2026-03-05", "theme": "视察道路"})
    activities.update_activity(db, activity, {"place": "东山村"})
    activities.delete_activity(db, activity)
    updated, deleted = db.execute("SELECT updated_at, deleted_at FROM activities WHERE id = ?", [activity]).fetchone()
    assert STAMP.match(updated) and STAMP.match(deleted)
    suggestion = suggestions.create_suggestion(db, {"title": "修路", "content": "", "source": "选民意见",
                                                    "date": "2026-03-05"})["id"]
    suggestions.update_suggestion(db, suggestion, {"location": "东山村"})
    assert STAMP.match(_stamps(db, "suggestions", suggestion)[1])


def test_soft_delete_and_restore_are_audited_once(db, deputy):
    count = len(audit.entries(db, entity="deputy", entity_id=deputy))
    assert records.soft_delete(db, "deputies", deputy, action="删除代表", entity="deputy")
    assert not records.soft_delete(db, "deputies", deputy, action="删除代表", entity="deputy")
    assert len(audit.entries(db, entity="deputy", entity_id=deputy)) == count + 1
    assert records.restore(db, "deputies", deputy, action="恢复代表", entity="deputy")
    assert not records.restore(db, "deputies", deputy, action="恢复代表", entity="deputy")
    assert [e["action"] for e in audit.entries(db, entity="deputy", entity_id=deputy)][-2:] == ["删除代表", "恢复代表"]


def test_migration_5_rewrites_the_older_timestamp_format(db_path):
    db = connect(db_path)
    migrations.migrate(db, target=4)
    db.execute("INSERT INTO deputies(name, updated_at, deleted_at) VALUES ('张三', '2026-03-05T10:00:00', "
               "'2026-03-06T11:30:00')")
    db.execute("INSERT INTO deputies(name, updated_at) VALUES ('李四', '2026-03-07 08:00:00')")
    db.execute("INSERT INTO groups(name, deleted_at) VALUES ('第一小组', '2026-04-01T09:15:00')")
    db.conn.commit()
    db.close()
    db = open_database(db_path)
    try:
        assert migrations.schema_version(db) == migrations.LATEST
        assert db.execute("SELECT name, updated_at, deleted_at FROM deputies ORDER BY id").fetchall() == [
            ("张三", "2026-03-05 10:00:00", "2026-03-06 11:30:00"), ("李四", "2026-03-07 08:00:00", None)]
        assert db.execute("SELECT deleted_at FROM groups").fetchone()[0] == "2026-04-01 09:15:00"
    finally:
        db.close()
