"""Removing the newest audit entries outside the app is caught by the recorded chain head."""

import sqlite3

from desktop_app.db import audit


def test_deleting_the_last_entries_is_detected(db, db_path):
    for i in range(3):
        audit.append(db, "录入选票", entity="ballots", entity_id=i, detail={"n": i})
    assert audit.verify_chain(db) is None
    raw = sqlite3.connect(db_path)
    raw.execute("DELETE FROM audit_log WHERE id = 3")
    raw.commit()
    raw.close()
    broken = audit.verify_chain(db)
    assert broken is not None and broken.entry_id == 3


def test_emptying_the_log_is_detected(db, db_path):
    audit.append(db, "确认结果")
    raw = sqlite3.connect(db_path)
    raw.execute("DELETE FROM audit_log")
    raw.commit()
    raw.close()
    assert audit.verify_chain(db) is not None


def test_empty_log_on_a_new_database_is_whole(db):
    assert audit.verify_chain(db) is None
