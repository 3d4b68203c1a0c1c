"""The lock file beside the database: one process at a time writes to a database file.

The GUI holds it for its whole life and each command that writes holds it while it runs, so ``restore`` and
清空数据, which replace the file, can refuse while anyone else has it: a process that still had the old
file open would otherwise go on "saving" into a file that no longer exists. The lock is keyed by the
resolved path, so two spellings of one file (a relative path, a symbolic link) share one lock.

Within one process the lock is re-entrant: the GUI's own restore runs while the GUI holds it.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from ..errors import BUSY, DatabaseBusyError
from ..private_files import FILE_MODE

_locks: dict[Path, FileLock] = {}      # lock file → this process's lock on it (re-entrant)
_guard = threading.Lock()

BUSY_MESSAGE = (f"{BUSY}（乡镇人大工作台的窗口或另一个命令正在使用它）。"
                "请等它完成，或关闭那个窗口后重试；本次操作没有改动数据。")


def lock_path(db_path: str | Path) -> Path:
    """The lock file of a database: ``<resolved database>.lock``."""
    resolved = Path(db_path).resolve()
    return resolved.with_name(resolved.name + ".lock")


def _lock_for(db_path: str | Path) -> FileLock:
    path = lock_path(db_path)
    with _guard:
        lock = _locks.get(path)
        if lock is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            # thread_local=False: the GUI takes it on one thread and a worker may write on another.
            lock = _locks[path] = FileLock(str(path), thread_local=False, mode=FILE_MODE)
    return lock


def acquire(db_path: str | Path, wait: float = 0, message: str = BUSY_MESSAGE) -> FileLock:
    """Take the lock, waiting up to ``wait`` seconds; DatabaseBusyError(``message``) when another process keeps it.

    Each ``acquire`` is matched by one ``release()`` of the returned lock.
    """
    lock = _lock_for(db_path)
    try:
        lock.acquire(timeout=max(wait, 0))
    except Timeout:
        raise DatabaseBusyError(message) from None
    return lock


@contextlib.contextmanager
def hold(db_path: str | Path, wait: float = 0, message: str = BUSY_MESSAGE) -> Iterator[None]:
    """The lock for the block (see :func:`acquire`)."""
    lock = acquire(db_path, wait, message)
    try:
        yield
    finally:
        lock.release()


def held_here(db_path: str | Path) -> bool:
    """Whether this process holds the lock of ``db_path``."""
    with _guard:
        lock = _locks.get(lock_path(db_path))
    return lock is not None and lock.is_locked
