"""Restore the database from a backup file: verify the backup, keep a safety backup, then swap the file in."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from ..errors import BUSY, InputError, UserError
from ..paths import backup_dir
from ..private_files import make_private
from . import audit_head, file_lock, migrations
from . import signing_key_file
from .attachment_mirror import restore_from_backups
from .auto_backup import protective_backup
from .check import SQLITE_MAGIC

SIDE_FILES = ("-wal", "-shm")

IN_USE = (f"{BUSY}（另一个乡镇人大工作台窗口或正在写入的命令打开着它），现在不能恢复：恢复会替换数据库文件，"
          "那个窗口之后保存的内容都会丢失。请先关闭其他乡镇人大工作台窗口、等命令结束，再恢复。当前数据库未被替换。")


@dataclass
class RestoreReport:
    """What ``restore_database`` did, for the message shown to the clerk."""

    source: Path
    target: Path
    version: int
    safety_backup: Path | None     # None when there was no database to protect
    safety_raw: bool = False       # the current file was unreadable: copied byte for byte instead


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _verify_copy(copy: Path, source: Path) -> int:
    """Integrity and data version of the staged copy; InputError says why the backup is unusable."""
    try:
        conn = sqlite3.connect(str(copy))
        try:
            lines = [r[0] for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            has_audit = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise InputError(f"备份文件 {source} 已损坏，无法读取（{err}）。当前数据库未作任何改动。") from None
    if lines != ["ok"]:
        raise InputError(f"备份文件 {source} 完整性检查未通过：{lines[0]}。当前数据库未作任何改动。")
    if version > migrations.LATEST:
        raise InputError(f"备份文件 {source} 由更新版本的程序创建（数据版本 {version}，本程序支持到 "
                         f"{migrations.LATEST}），请升级软件后再恢复。当前数据库未作任何改动。")
    if version < 1 or not has_audit:
        raise InputError(f"{source} 不是乡镇人大工作台的数据库备份。当前数据库未作任何改动。")
    return version


def stage_backup(source: str | Path, folder: Path) -> tuple[Path, int]:
    """Copy the backup next to the database under a temporary name and verify the copy.

    The backup itself is only read (a copy is opened, never the original, so no -wal/-shm appear
    beside it). Returns (temporary path, data version); InputError when it is not a usable backup.
    """
    source = Path(source)
    if not source.is_file():
        raise InputError(f"备份文件 {source} 不存在。")
    with open(source, "rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise InputError(f"{source} 不是数据库备份文件（文件头不符）。当前数据库未作任何改动。")
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".db.tmp", dir=folder)
    os.close(fd)
    staged = Path(name)
    try:
        shutil.copyfile(source, staged)
        # A backup copied while the app was writing may keep recent pages in its -wal: bring them along.
        if _side(source, "-wal").is_file():
            shutil.copyfile(_side(source, "-wal"), _side(staged, "-wal"))
        version = _verify_copy(staged, source)
    except BaseException:
        _remove_with_sides(staged)
        raise
    for suffix in SIDE_FILES:
        _side(staged, suffix).unlink(missing_ok=True)
    return staged, version


def _remove_with_sides(path: Path) -> None:
    for p in (path, *(_side(path, s) for s in SIDE_FILES)):
        p.unlink(missing_ok=True)


def _raw_copy(target: Path) -> Path:
    """Byte-for-byte copy of a database that SQLite cannot back up (it may be the damaged one)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = backup_dir(target) / f"{target.stem}-{stamp}-恢复前-原样.db"
    shutil.copyfile(target, dest)
    make_private(dest)
    if _side(target, "-wal").is_file():
        shutil.copyfile(_side(target, "-wal"), _side(dest, "-wal"))
        make_private(_side(dest, "-wal"))
    return dest


def safety_backup(target: Path) -> tuple[Path, bool]:
    """Back up the current database (reason 恢复前) and empty its WAL; (path, was it a raw copy)."""
    try:
        conn = sqlite3.connect(str(target), timeout=10)
    except sqlite3.DatabaseError:
        return _raw_copy(target), True
    db = sqlite_utils.Database(conn)
    try:
        # The backup folder chosen in 设置 (falling back to the default one when it is unplugged).
        path = protective_backup(db, "恢复前").path
        # Everything committed is now in the main file, so the -wal left behind holds nothing of value.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return path, False
    except (sqlite3.DatabaseError, UserError):
        conn.close()
        return _raw_copy(target), True
    finally:
        conn.close()


def restore_database(source: str | Path, target: str | Path) -> RestoreReport:
    """Replace ``target`` by the verified backup ``source``, after a safety backup of ``target``.

    Nothing is changed when the backup is invalid (InputError) or when another process holds the
    database's lock file (DatabaseBusyError): it could keep writing into the replaced file. The new file
    is moved in with os.replace, after the target's -wal/-shm are removed (an old WAL would be replayed
    onto the new file).
    """
    source, target = Path(source), Path(target)
    if target.exists() and source.resolve() == target.resolve():
        raise InputError("所选备份文件就是当前数据库，请选择备份文件夹中的备份。")
    with file_lock.hold(target, message=IN_USE):
        return _replace(source, target)


def _replace(source: Path, target: Path) -> RestoreReport:
    staged, version = stage_backup(source, target.parent)
    try:
        safety, raw = (None, False)
        if target.exists():
            safety, raw = safety_backup(target)
        try:
            for suffix in SIDE_FILES:
                _side(target, suffix).unlink(missing_ok=True)
        except OSError as err:
            raise UserError(f"数据库正被使用（{err}），请先关闭乡镇人大工作台的所有窗口再恢复。当前数据库未被替换。") from None
        os.replace(staged, target)
    finally:
        _remove_with_sides(staged)
    # The restored file's chain is now the one to follow: an older head beside it would read as a cut tail.
    audit_head.write_for_file(target)
    restore_from_backups(source, target)
    signing_key_file.restore_from_backups(source, target)
    return RestoreReport(source=source, target=target, version=version, safety_backup=safety, safety_raw=raw)
