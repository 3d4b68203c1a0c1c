"""Temporary copies left by killed backups and restores (``*.db.tmp``): removed at start once a day old.

A backup or a restore that is killed leaves its half-made copy of the deputies' personal data behind
(``<backup>.db.tmp``, ``.restore-….db.tmp``, an attachment's ``.tmp``). Nothing reads them again, so they are
deleted when the program or a command starts, in the database's folder and the backup folders — but
only once they are more than a day old and no process has them open, so a backup running in another
window is never touched.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Iterable

import sqlite_utils

from .attachment_mirror import FOLDER as ATTACHMENTS
from .auto_backup import configured_folder

log = logging.getLogger(__name__)

MAX_AGE = dt.timedelta(days=1)
# Only the program's own names (with SQLite's side files): other files there are the user's. The database's
# folder may be any folder the clerk chose, so there only a restore's staged copy; a backup folder holds
# the half-made backups ``<name>.db.tmp``.
SIDES = ("", "-wal", "-shm", "-journal")
DATABASE_FOLDER_PATTERNS = tuple(f".restore-*.db.tmp{side}" for side in SIDES)
BACKUP_FOLDER_PATTERNS = tuple(f"*.db.tmp{side}" for side in SIDES)


def candidates(folder: Path, patterns: Iterable[str]) -> list[Path]:
    """The program's temporary files in ``folder``, and every ``*.tmp`` under its ``attachments`` folder."""
    found: list[Path] = []
    try:
        for pattern in patterns:
            found += folder.glob(pattern)
        found += (folder / ATTACHMENTS).rglob("*.tmp")
    except OSError:
        return []
    return [p for p in found if p.is_file() and not p.is_symlink()]


def held_open(path: Path) -> bool:
    """Whether a process has ``path`` open (Linux: /proc/*/fd). Elsewhere False: Windows refuses to delete
    an open file anyway, and the age alone stands for the rest."""
    if not sys.platform.startswith("linux"):
        return False
    target = os.path.realpath(path)
    try:
        processes = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return False
    for pid in processes:
        fds = f"/proc/{pid}/fd"
        try:
            names = os.listdir(fds)
        except OSError:
            continue      # gone, or another account's process
        for name in names:
            try:
                if os.readlink(f"{fds}/{name}") == target:
                    return True
            except OSError:
                continue
    return False


def remove_stale(folders: Iterable[tuple[Path, Iterable[str]]], now: dt.datetime | None = None) -> list[Path]:
    """Delete the temporary files (folder, name patterns) older than a day that no process holds; the deleted."""
    cutoff = (now or dt.datetime.now()) - MAX_AGE
    removed = []
    for folder, patterns in folders:
        for path in candidates(folder, patterns):
            try:
                if dt.datetime.fromtimestamp(path.stat().st_mtime) >= cutoff or held_open(path):
                    continue
                path.unlink()
            except OSError as err:
                log.info("stale temporary file %s left: %s", path, err)
                continue
            removed.append(path)
    if removed:
        log.info("removed %d stale temporary files: %s", len(removed), ", ".join(map(str, removed)))
    return removed


def folders_of(db: sqlite_utils.Database) -> list[tuple[Path, tuple[str, ...]]]:
    """(folder, patterns): the database's folder, its default ``backups`` folder, the one chosen in 设置."""
    row = db.execute("PRAGMA database_list").fetchone()
    database = Path(row[2]).resolve()
    folders = [(database.parent, DATABASE_FOLDER_PATTERNS), (database.parent / "backups", BACKUP_FOLDER_PATTERNS)]
    try:
        chosen = configured_folder(db)
    except Exception:  # noqa: BLE001 - a damaged settings row must not stop the program from starting
        chosen = None
    if chosen and chosen.resolve() != database.parent / "backups":
        folders.append((chosen, BACKUP_FOLDER_PATTERNS))
    return folders


def remove_stale_temporary_files(db: sqlite_utils.Database, now: dt.datetime | None = None) -> list[Path]:
    """At start: :func:`remove_stale` over the folders of ``db``. Never fails; the deleted files."""
    try:
        return remove_stale(folders_of(db), now)
    except Exception:  # noqa: BLE001 - tidying up must never keep the clerk from working
        log.exception("could not remove stale temporary files")
        return []
