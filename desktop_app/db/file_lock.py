"""The lock file beside the database: one process at a time writes to a database file.

The GUI holds it for its whole life and each command that writes holds it while it runs, so ``restore`` and
清空数据, which replace the file, can refuse while anyone else has it: a process that still had the old
file open would otherwise go on "saving" into a file that no longer exists. The lock is keyed by the
resolved path, so two spellings of one file (a relative path, a symbolic link) share one lock.

Within one process the lock is re-entrant: the GUI's own restore runs while the GUI holds it. The GUI also
holds a second file, ``<database>.window.lock``, so that a command can tell an open window (which will not
let go soon: the command stops at once) from another command (which will: the command waits its turn).
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
WINDOW_MESSAGE = (f"{BUSY}：乡镇人大工作台正开着这个数据库。请在那个窗口中操作，或关闭它后再运行此命令；"
                  "本次操作没有改动数据。")


def lock_path(db_path: str | Path, kind: str = "") -> Path:
    """The lock file of a database: ``<resolved database>.lock`` (``kind`` "window": ``….window.lock``)."""
    resolved = Path(db_path).resolve()
    return resolved.with_name(resolved.name + (f".{kind}" if kind else "") + ".lock")


def _lock_for(db_path: str | Path, kind: str = "") -> FileLock:
    path = lock_path(db_path, kind)
    with _guard:
        lock = _locks.get(path)
        if lock is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            # thread_local=False: the GUI takes it on one thread and a worker may write on another.
            lock = _locks[path] = FileLock(str(path), thread_local=False, mode=FILE_MODE)
    return lock


def acquire(db_path: str | Path, wait: float = 0, message: str = BUSY_MESSAGE, kind: str = "") -> FileLock:
    """Take the lock, waiting up to ``wait`` seconds; DatabaseBusyError(``message``) when another process keeps it.

    Each ``acquire`` is matched by one ``release()`` of the returned lock.
    """
    lock = _lock_for(db_path, kind)
    try:
        lock.acquire(timeout=max(wait, 0))
    except Timeout:
        raise DatabaseBusyError(message) from None
    return lock


@contextlib.contextmanager
def hold(db_path: str | Path, wait: float = 0, message: str = BUSY_MESSAGE, kind: str = "") -> Iterator[None]:
    """The lock for the block (see :func:`acquire`)."""
    lock = acquire(db_path, wait, message, kind)
    try:
        yield
    finally:
        lock.release()


class WindowLock:
    """What a window holds for its life: the window marker and the database's lock."""

    def __init__(self, window: FileLock, database: FileLock):
        self._locks = (database, window)

    def release(self) -> None:
        for lock in self._locks:
            lock.release()


def acquire_for_window(db_path: str | Path, wait: float = 0) -> WindowLock:
    """The window marker (within a second) and the database's lock (waiting up to ``wait`` for a command).

    DatabaseBusyError when another window has the database, or a command keeps it longer than ``wait``.
    """
    window = _lock_for(db_path, "window")
    try:
        # A second: a command may be probing the marker at this very moment (window_open).
        window.acquire(timeout=1.0)
    except Timeout:
        raise DatabaseBusyError(WINDOW_MESSAGE) from None
    try:
        database = acquire(db_path, wait)
    except BaseException:
        window.release()
        raise
    return WindowLock(window, database)


def window_open(db_path: str | Path) -> bool:
    """Whether a window of another process has the database open (it holds the window marker)."""
    window = _lock_for(db_path, "window")
    if window.is_locked:
        return False              # this process is the window
    # Probes take turns, so a busy marker is a window, never another command probing at the same moment.
    with hold(db_path, wait=10, kind="probe"):
        try:
            window.acquire(timeout=0)
        except Timeout:
            return True
        window.release()
    return False


def held_here(db_path: str | Path) -> bool:
    """Whether this process holds the lock of ``db_path``."""
    with _guard:
        lock = _locks.get(lock_path(db_path))
    return lock is not None and lock.is_locked
