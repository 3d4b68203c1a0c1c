"""Automatic backups: a verified copy on start and daily, then rotation by ``domain/backup_policy``.

The backup folder is the setting ``backup_folder`` (e.g. a USB drive) or, when unset, the ``backups``
folder beside the database. When the chosen folder cannot be written (drive unplugged, disk full) the
backup goes to the default folder instead, so a copy is always made; the result says so.

Pruning only ever deletes files named like this database's backups (``<stem>-<stamp>-<reason>.db``);
anything else in the folder — other databases' backups, the user's own files — is left alone.
Manual backups (``python -m desktop_app backup``, 立即备份) do not prune; they are tagged 手动 and
kept at least 30 days by the policy, then rotate with the automatic ones.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import sqlite_utils

from ..domain.backup_policy import AUTOMATIC_REASONS, backups_to_keep, parse_backup_name
from ..errors import UserError
from ..paths import backup_dir
from ..private_files import unprotected_drive_warning
from . import settings
from .backup import backup_database, database_path
from .writes import writes

log = logging.getLogger(__name__)

SETTING_KEY = "backup_folder"
DAILY_REASON = "每日"
START_REASON = "启动"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the restore preview lists it."""

    path: Path
    created: dt.datetime
    size: int          # bytes
    reason: str

    @property
    def automatic(self) -> bool:
        return self.reason in AUTOMATIC_REASONS


@dataclass
class AutoBackupResult:
    """The backup written, what rotation removed, and whether the default folder stood in for the chosen one."""

    path: Path
    removed: list[Path] = field(default_factory=list)
    fallback_reason: str | None = None    # why the configured folder was not used (None: it was)

    @property
    def message(self) -> str:
        text = f"已备份到 {self.path}"
        if self.fallback_reason:
            text += f"（设置的备份文件夹无法使用：{self.fallback_reason}，已改存到默认文件夹）"
        warning = unprotected_drive_warning(self.path.parent)
        return f"{text}\n{warning}" if warning else text


def default_folder(db: sqlite_utils.Database) -> Path:
    return backup_dir(database_path(db))


def configured_folder(db: sqlite_utils.Database) -> Path | None:
    """The folder chosen in 设置, or None when the default is used."""
    value = settings.get(db, SETTING_KEY)
    return Path(value) if value else None


def backup_folder(db: sqlite_utils.Database) -> Path:
    """Where backups of this database go: the chosen folder, else ``backups`` beside the database."""
    return configured_folder(db) or default_folder(db)


@writes
def set_backup_folder(db: sqlite_utils.Database, folder: str | Path | None) -> Path:
    """Choose the backup folder (None: back to the default) after checking a file can be written there."""
    if folder is None or str(folder).strip() == "":
        settings.put(db, SETTING_KEY, None)
        return default_folder(db)
    folder = Path(folder).expanduser().resolve()
    probe = folder / ".xzrd-write-test"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as err:
        raise UserError(f"无法在文件夹 {folder} 中写入备份（{err.strerror or err}）。"
                        "请确认U盘已插好、文件夹可写，或另选一个文件夹。备份位置未改变。") from None
    settings.put(db, SETTING_KEY, str(folder))
    return folder


def list_backups(db: sqlite_utils.Database, folder: str | Path | None = None) -> list[BackupInfo]:
    """This database's backups in ``folder`` (default: the backup folder), newest first."""
    return _scan(Path(folder) if folder else backup_folder(db), database_path(db).stem)


def _scan(folder: Path, stem: str) -> list[BackupInfo]:
    found = []
    try:
        candidates = list(folder.glob("*.db"))
    except OSError:
        return []
    for path in candidates:
        parsed = parse_backup_name(path.name)
        if parsed is None or parsed.stem != stem:
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path, parsed.created, size, parsed.reason))
    return sorted(found, key=lambda info: (info.created, info.path.name), reverse=True)


def backup_contents(path: str | Path) -> dict[str, int]:
    """Rows per table in a backup file, read without modifying it (no -wal/-shm created beside it)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise UserError(f"无法读取备份文件 {Path(path).name}：{err}（文件可能已损坏）。") from None


def table_counts(db: sqlite_utils.Database, tables: Iterable[str]) -> dict[str, int]:
    """Rows per table of the open database, for those of ``tables`` it has (the 恢复备份 preview's 当前 column)."""
    names = set(db.table_names())
    return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t in names}


def prune(folder: Path, stem: str, now: dt.datetime, written: Path | None = None) -> list[Path]:
    """Delete this database's backups in ``folder`` that the policy does not keep; returns the deleted.

    ``written`` (the backup just made) is never deleted, even when another one shares its second.
    """
    backups = _scan(folder, stem)
    keep = backups_to_keep([(info.path, info.created) for info in backups], now) | {written}
    removed = []
    for info in backups:
        if info.path in keep:
            continue
        try:
            info.path.unlink()
        except OSError as err:
            # A locked or read-only file stays; the next rotation tries again.
            log.warning("could not delete old backup %s: %s", info.path, err)
            continue
        removed.append(info.path)
    return removed


def auto_backup(db: sqlite_utils.Database, reason: str = DAILY_REASON, folder: str | Path | None = None,
                now: dt.datetime | None = None, rotate: bool = True) -> AutoBackupResult:
    """Write a verified backup, then (``rotate``) prune the backups in the folder it went to.

    With ``folder`` given, it is used as is (errors propagate). Otherwise the configured folder is
    tried first and the default folder stands in when it fails. UserError when no copy could be made.
    Manual backups pass ``rotate=False``: asking for a copy never deletes one.
    """
    now = now or dt.datetime.now()
    stem = database_path(db).stem

    def rotated(target: Path, path: Path) -> list[Path]:
        return prune(target, stem, now, path) if rotate else []

    if folder is not None:
        target = Path(folder)
        path = backup_database(db, reason=reason, folder=target, now=now)
        return AutoBackupResult(path, rotated(target, path))
    fallback_reason = None
    chosen = configured_folder(db)
    if chosen is not None:
        try:
            path = backup_database(db, reason=reason, folder=chosen, now=now)
            return AutoBackupResult(path, rotated(chosen, path))
        except (OSError, sqlite3.Error, UserError) as err:
            fallback_reason = getattr(err, "strerror", None) or str(err)
            log.warning("backup folder %s unusable, using the default folder: %s", chosen, err)
    target = default_folder(db)
    try:
        path = backup_database(db, reason=reason, folder=target, now=now)
    except (OSError, sqlite3.Error) as err:
        raise UserError(f"备份失败：无法写入 {target}（{err}）。请检查磁盘空间。数据库本身未受影响。") from None
    return AutoBackupResult(path, rotated(target, path), fallback_reason)


def protective_backup(db: sqlite_utils.Database, reason: str, now: dt.datetime | None = None) -> AutoBackupResult:
    """The verified copy made just before a risky step (升级前-vN, 恢复前, 导入前), in the chosen folder.

    Like the automatic backups it falls back to the default folder when the chosen one is unusable
    (USB drive unplugged), and it never prunes anything. UserError when no copy could be made.
    """
    try:
        settings.get(db, SETTING_KEY)
    except sqlite3.Error:
        # A file too old or too damaged to have a settings table: the default folder, as before.
        path = backup_database(db, reason=reason, folder=default_folder(db), now=now)
        return AutoBackupResult(path)
    return auto_backup(db, reason, now=now, rotate=False)


def last_automatic_backup(db: sqlite_utils.Database) -> dt.datetime | None:
    """When the newest automatic backup was made, in the chosen folder or the default one."""
    stem = database_path(db).stem
    folders = {default_folder(db)}
    if configured_folder(db) is not None:
        folders.add(configured_folder(db))
    times = [info.created for f in folders for info in _scan(f, stem) if info.automatic]
    return max(times, default=None)


def backup_due(db: sqlite_utils.Database, now: dt.datetime | None = None) -> bool:
    """True when there is no automatic backup from the last 24 hours (a future date counts as stale)."""
    now = now or dt.datetime.now()
    last = last_automatic_backup(db)
    if last is None:
        return True
    age = now - last
    return age >= dt.timedelta(days=1) or age < -dt.timedelta(days=1)
