"""清空数据，从空白开始: the current file is kept as a verified backup, then an empty database takes its place.

For an office that tried the demo township in the file it now wants to use for real. Nothing is lost:
the old data is a backup like any other (reason 清空前), listed in 恢复备份 and restorable.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from ..errors import BUSY
from . import audit_head, file_lock
from .auto_backup import protective_backup
from .restore import SIDE_FILES

IN_USE = (f"{BUSY}（另一个乡镇人大工作台窗口或正在写入的命令打开着它），现在不能清空：那个窗口之后保存的内容"
          "会写进被删除的文件而丢失。请先关闭其他乡镇人大工作台窗口、等命令结束，再清空。数据没有改动。")


def ensure_not_in_use(path: str | Path) -> None:
    """DatabaseBusyError when another process holds the database's lock file (this process may hold it)."""
    with file_lock.hold(path, message=IN_USE):
        pass


def keep_a_copy(db: sqlite_utils.Database) -> Path:
    """The verified 清空前 backup, made while the database is still open; its path."""
    return protective_backup(db, "清空前").path


def remove_database_file(path: str | Path) -> None:
    """Delete the (closed) database file and its -wal/-shm, so the next open starts an empty database.

    Refused (DatabaseBusyError, nothing deleted) while another process holds the database's lock file.
    """
    path = Path(path)
    with file_lock.hold(path, message=IN_USE):
        for suffix in SIDE_FILES:
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        # The empty database starts an empty chain: the head beside it says so, not the old file's head.
        audit_head.write(path, audit_head.Head(0, audit_head.GENESIS))
