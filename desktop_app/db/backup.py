"""Verified backups with the SQLite online-backup API."""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
from pathlib import Path

import sqlite_utils

from ..domain.backup_policy import backup_file_name
from ..errors import UserError
from ..paths import backup_dir
from ..private_files import create_private_file
from . import signing_key_file
from .attachment_mirror import mirror_to_backups


def database_path(db: sqlite_utils.Database) -> Path:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check`` lines other than 'ok'."""
    rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def backup_to(db: sqlite_utils.Database, target: Path) -> Path:
    """Copy the live database to ``target`` (via a temporary name) and verify the copy."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    if tmp.exists():
        tmp.unlink()
    try:
        # Owner-only from the first byte (an empty file is an empty database to SQLite); the rename keeps it.
        create_private_file(tmp)
        dest = sqlite3.connect(str(tmp))
        try:
            db.conn.backup(dest)
            problems = integrity_problems(dest)
        finally:
            dest.close()
    except sqlite3.OperationalError as err:
        # The copy could not be written (full disk, read-only medium): an unfinished copy of personal data
        # must not stay behind, and the message names the backup, not the live database.
        tmp.unlink(missing_ok=True)
        raise _as_os_error(err, target) from err
    if problems:
        tmp.unlink(missing_ok=True)
        raise UserError(f"备份文件校验失败：{problems[0]}。原数据库未改动，请检查磁盘后重试。")
    tmp.replace(target)
    return target


def _as_os_error(err: sqlite3.OperationalError, target: Path) -> Exception:
    text = str(err).lower()
    if "full" in text or "i/o" in text:
        return OSError(errno.ENOSPC, "磁盘空间不足", str(target))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return PermissionError(errno.EACCES, "无法写入", str(target))
    return err


def backup_database(db: sqlite_utils.Database, *, reason: str = "手动", folder: Path | None = None,
                    now: dt.datetime | None = None) -> Path:
    """A timestamped, verified backup in the backup folder; returns its path.

    The name (domain/backup_policy.backup_file_name) carries the time and the reason, which rotation reads.
    """
    source = database_path(db)
    folder = Path(folder) if folder else backup_dir(source)
    target = backup_to(db, folder / backup_file_name(source.stem, now or dt.datetime.now(), reason))
    mirror_to_backups(source, folder)   # photos and documents live beside the database, not in it
    signing_key_file.mirror_to_backups(source, folder)   # the key that signs the county packages, owner-only
    return target
