"""The 当前 column of the 恢复备份 preview: rows per table of the open database, read without writing."""

from __future__ import annotations

from desktop_app.db import audit, auto_backup
from desktop_app.db.terms import create_term


def test_table_counts_of_the_open_database(db):
    create_term(db, "第十八届", 18)
    entries = len(audit.entries(db))
    counts = auto_backup.table_counts(db, ["terms", "deputies", "no_such_table"])
    assert counts == {"terms": 1, "deputies": 0}
    assert len(audit.entries(db)) == entries
