"""A copy of the attachments folder kept beside the backups, so photos and documents survive a lost laptop.

Attachment files are never changed or removed once stored (each has a unique name; removing an attachment
only hides its row), so the mirror is additive: a backup copies the files the mirror lacks, and a restore
copies back the ones the data folder lacks. Backups of every date share one mirror.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from ..private_files import create_private_file

FOLDER = "attachments"
log = logging.getLogger(__name__)


def _missing(source: Path, target: Path) -> list[Path]:
    """Files under ``source`` that ``target`` lacks or holds with a different size (a torn copy)."""
    if not source.is_dir():
        return []
    missing = []
    for path in source.rglob("*"):
        if path.is_file() and not path.name.endswith(".tmp"):
            other = target / path.relative_to(source)
            if not other.is_file() or other.stat().st_size != path.stat().st_size:
                missing.append(path)
    return missing


def copy_missing(source: Path, target: Path) -> int:
    """Copy into ``target`` each file of ``source`` it lacks (temporary name, then rename); how many."""
    copied = 0
    for path in _missing(source, target):
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".tmp")
        create_private_file(tmp)      # photos and documents of deputies: the owner's only
        shutil.copyfile(path, tmp)
        tmp.replace(dest)
        copied += 1
    return copied


def mirror_to_backups(database: Path, backup_folder: Path) -> int:
    """After a backup of ``database`` into ``backup_folder``: bring the mirror up to date.

    A failure here (disk full on the USB drive) is logged and does not undo the database backup, which
    is already written and verified.
    """
    try:
        return copy_missing(Path(database).parent / FOLDER, Path(backup_folder) / FOLDER)
    except OSError as err:
        log.warning("附件备份未完成：%s", err)
        return 0


def restore_from_backups(backup_file: Path, database: Path) -> int:
    """After restoring ``database`` from ``backup_file``: copy back the attachments the data folder lacks."""
    return copy_missing(Path(backup_file).parent / FOLDER, Path(database).parent / FOLDER)
