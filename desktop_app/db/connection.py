"""Open the office database: WAL, foreign keys on, migrations run after an automatic backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from ..errors import InputError, UserError
from ..private_files import create_private_file, make_private
from . import audit_head, migrations

# How long a writer waits for another connection's write lock before "database is locked" (milliseconds).
BUSY_TIMEOUT_MS = 10_000


class SchemaTooNewError(UserError):
    """The file was written by a newer version of the app; we refuse to touch it."""


class DatabaseFileError(InputError):
    """The path given as the database is a folder, not a database at all, or cannot be opened."""


def _unusable(path: Path, err: BaseException) -> DatabaseFileError | None:
    """A Chinese explanation when ``err`` means the file itself is wrong (None for other errors, e.g. locked)."""
    text = str(err).lower()
    if path.is_dir():
        return DatabaseFileError(f"“{path}”是一个文件夹，不是数据库文件。请选择数据库文件（如 renda.db）。")
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return DatabaseFileError(
            f"文件“{path.name}”不是乡镇人大工作台的数据库，或已严重损坏，无法打开；文件未作任何改动。"
            "请选择正确的数据库文件，或从备份恢复。")
    if "unable to open" in text or isinstance(err, OSError):
        return DatabaseFileError(f"无法打开数据库文件“{path}”：路径不存在或没有写入权限。")
    return None


def connect(path: str | Path) -> sqlite_utils.Database:
    """A connection with the project's pragmas, without running migrations."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    # The transactions Python opens by itself (a write outside transaction.write) also take the write
    # lock at BEGIN, so they wait for the busy timeout instead of failing at once when they upgrade.
    conn.isolation_level = "IMMEDIATE"
    db = sqlite_utils.Database(conn)
    with db.ensure_autocommit_on():
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA foreign_keys=ON")
    # FULL makes a committed transaction survive a power cut, not only a process kill.
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_MS)}")
    return db


def open_database(path: str | Path, *, backup_before_migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) and bring the schema up to date.

    Raises :class:`SchemaTooNewError` when the file comes from a newer app version.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Personal data: the file (and the -wal/-shm SQLite creates with its mode) is the owner's only.
        if path.is_file():
            make_private(path)
        elif not path.exists():
            create_private_file(path)
        db = connect(path)
    except (sqlite3.DatabaseError, OSError) as err:
        raise (_unusable(path, err) or err) from None
    try:
        try:
            current = migrations.schema_version(db)
        except sqlite3.DatabaseError as err:
            raise (_unusable(path, err) or err) from None
        if current > len(migrations.MIGRATIONS):
            raise SchemaTooNewError(
                f"数据库文件 {path.name} 由更新版本的乡镇人大工作台创建（数据版本 {current}，"
                f"本程序支持到 {len(migrations.MIGRATIONS)}）。为避免损坏数据，本程序不会打开它，请升级软件后再打开。"
            )
        if current < len(migrations.MIGRATIONS):
            if backup_before_migrate and current > 0:
                from .auto_backup import protective_backup

                # Into the backup folder chosen in 设置 (e.g. a USB drive), like every other backup.
                protective_backup(db, f"升级前-v{current}")
            migrations.migrate(db)
            if str(path) != ":memory:" and not audit_head.head_path(path).exists():
                # A new or just upgraded file: its chain's head is recorded from now on, so that a missing
                # file later means something. Only here: opening never re-creates a file someone removed.
                audit_head.write(path, audit_head.chain_head(db))
    except BaseException:
        db.close()
        raise
    return db
