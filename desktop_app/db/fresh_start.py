"""清空数据，从空白开始: the current file is kept as a verified backup, then an empty database takes its place.

For an office that tried the demo township in the file it now wants to use for real. Nothing is lost:
the old data is a backup like any other (reason 清空前), listed in 恢复备份 and restorable.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from . import audit_head
from .auto_backup import protective_backup
from .restore import SIDE_FILES


def keep_a_copy(db: sqlite_utils.Database) -> Path:
    """The verified 清空前 backup, made while the database is still open; its path."""
    return protective_backup(db, "清空前").path


def remove_database_file(path: str | Path) -> None:
    """Delete the (closed) database file and its -wal/-shm, so the next open starts an empty database."""
    path = Path(path)
    for suffix in SIDE_FILES:
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.unlink(missing_ok=True)
    # The empty database starts an empty chain: the head beside it says so, not the old file's head.
    audit_head.write(path, audit_head.Head(0, audit_head.GENESIS))
