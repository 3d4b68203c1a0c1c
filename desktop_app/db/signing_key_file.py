"""The office's private signing key as a file beside the database: owner-only, copied beside its backups.

Only bytes are handled here (exchange/signing.py makes and reads the key). The key signs the county
exchange packages, so a lost laptop must not lose it: every backup copies it into the backup folder (it
never changes, so one copy serves backups of every date) and a restore puts it back when the data folder
lacks it. It is written readable by its owner alone, like the database it belongs to.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

SUFFIX = ".signing-key.pem"


def key_file(database: str | os.PathLike) -> Path:
    """``renda.db`` → ``renda.signing-key.pem`` in the same folder (one key per database file)."""
    database = Path(database)
    return database.with_name(database.stem + SUFFIX)


def read_key(database: str | os.PathLike) -> bytes | None:
    """The key file's bytes, None when there is none yet."""
    try:
        return key_file(database).read_bytes()
    except FileNotFoundError:
        return None


def write_owner_only(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary name created with mode 0600, then rename it in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)   # the umask may not narrow it, and on Windows this is the profile's ACL anyway
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def create_key(database: str | os.PathLike, data: bytes) -> Path:
    """Store a new key beside ``database``; FileExistsError when one is there (a key is never overwritten)."""
    target = key_file(database)
    if target.exists():
        raise FileExistsError(str(target))
    return write_owner_only(target, data)


def mirror_to_backups(database: str | os.PathLike, backup_folder: str | os.PathLike) -> bool:
    """After a backup: copy the key into ``backup_folder`` when it is missing or different there.

    A failure is logged and does not undo the database backup, which is already written and verified.
    """
    data = read_key(database)
    if data is None:
        return False
    target = Path(backup_folder) / key_file(database).name
    try:
        if target.is_file() and target.read_bytes() == data:
            return False
        write_owner_only(target, data)
    except OSError as err:
        log.warning("签名密钥备份未完成：%s", err)
        return False
    return True


def restore_from_backups(backup_file: str | os.PathLike, database: str | os.PathLike) -> bool:
    """After a restore from ``backup_file``: put back the key beside ``database`` when the data folder has none.

    The backup folder's key is the one the backups were made with; an existing key is never replaced.
    """
    if key_file(database).exists():
        return False
    folder = Path(backup_file).parent
    candidates = sorted(folder.glob("*" + SUFFIX))
    own = folder / key_file(database).name
    source = own if own.is_file() else (candidates[0] if len(candidates) == 1 else None)
    if source is None:
        return False
    write_owner_only(key_file(database), source.read_bytes())
    return True
