"""Opening the office database for a command: the lock file for a writer, the start-up password, stale temp files.

Every command that opens the database goes through :func:`opened`. One that writes holds the lock file
(``db/file_lock``) while it runs, so ``restore`` cannot replace the file under it; when another command
holds it, it waits its turn (up to ``WRITER_WAIT_SECONDS``), and when a window has the database open (the
GUI holds the lock for its whole life) it stops at once with a clear message. When a start-up password is set it is asked for before anything is read: on a terminal
with getpass, in scripts from ``--password-file FILE``. A wrong one counts like a wrong try in the GUI.
"""

from __future__ import annotations

import contextlib
import getpass
import sqlite3
import sys
import time
from pathlib import Path
from typing import Iterator

import sqlite_utils

from ..cli import db_path
from ..db import file_lock
from ..db import password as password_store
from ..db.connection import connect, open_database
from ..db.stale_files import remove_stale_temporary_files
from ..exchange.office_key import ensure_on_open
from ..errors import BUSY, DatabaseBusyError, InputError
from ..ops import password as password_ops
from ..private_files import POSIX

WRITER_WAIT_SECONDS = 300.0     # a queue of scripted writers each waits its turn


@contextlib.contextmanager
def opened(args, *, writes: bool, password: bool = True) -> Iterator[sqlite_utils.Database]:
    """The database of ``args.db``, unlocked; with ``writes`` the lock file is held until the block ends."""
    path = db_path(args)
    with contextlib.ExitStack() as stack:
        if writes:
            stack.enter_context(writer_lock(path))
        db = open_database(path)
        stack.callback(db.close)
        remove_stale_temporary_files(db)
        if password:
            unlock(db, path, args)
        # The office's key pair exists from setup on, not only from the first export; made for a reader too, so
        # that ``sync-import --dry-run`` judges a package's key as the import itself will.
        ensure_on_open(db)
        yield db


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """The database's lock file for a command that writes: at once, or after another command finishes.

    DatabaseBusyError at once when a window has the database open, or when the wait runs out.
    """
    deadline = time.monotonic() + WRITER_WAIT_SECONDS
    told = False
    while True:
        if file_lock.window_open(path):
            raise DatabaseBusyError(file_lock.WINDOW_MESSAGE)
        try:
            lock = file_lock.acquire(path, min(1.0, max(deadline - time.monotonic(), 0)))
            break
        except DatabaseBusyError:
            if time.monotonic() >= deadline:
                raise
            if not told:
                print(f"{BUSY}（另一个命令正在写入），等待它完成…", file=sys.stderr)
                told = True
    try:
        yield
    finally:
        lock.release()


def unlock(db: sqlite_utils.Database, path: Path, args) -> None:
    """Nothing when no start-up password is set; otherwise ask for it, InputError (exit 2) when it is wrong."""
    if not password_store.is_set(db):
        return
    result = password_ops.attempt(db, given_password(args, path)).value
    if result.ok:
        return
    if result.too_soon:
        raise InputError(f"启动密码已连续输错，请等待 {result.wait_seconds} 秒后再试。命令未执行。")
    wait = f"请等待 {result.wait_seconds} 秒后再试。" if result.wait_seconds else "请检查后重试。"
    raise InputError(f"启动密码不正确，命令未执行。{wait}")


def unlock_file(path: Path, args) -> None:
    """:func:`unlock` for a database that is about to be replaced (``restore``): opened without migrations.

    A file that cannot be read has no password to check; restoring it from a backup is what it needs.
    """
    if not path.is_file():
        return
    try:
        db = connect(path)
    except sqlite3.DatabaseError:
        return
    try:
        try:
            protected = password_store.is_set(db)
        except sqlite3.DatabaseError:
            return
        if protected:
            unlock(db, path, args)
    finally:
        db.close()


def given_password(args, path: Path) -> str:
    """The password from ``--password-file``, else typed at the terminal; InputError when neither can be had."""
    file = getattr(args, "password_file", None)
    if file is not None:
        return read_password_file(Path(file))
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            return getpass.getpass(f"数据库 {path.name} 设置了启动密码，请输入密码：")
        except EOFError:
            raise InputError("没有输入启动密码，命令未执行。") from None
    raise InputError(f"数据库 {path.name} 设置了启动密码：请在终端中运行此命令并输入密码，"
                     "或用 --password-file 文件 指定保存密码的文件（供脚本使用）。命令未执行。")


def read_password_file(file: Path) -> str:
    """The first line of ``file`` (UTF-8, line end dropped)."""
    try:
        text = file.read_text(encoding="utf-8-sig")
        mode = file.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"密码文件 {file} 不存在，命令未执行。") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"无法读取密码文件 {file}（{err}），命令未执行。") from None
    if POSIX and mode & 0o077:
        print(f"提示：密码文件 {file} 其他用户也能读取，建议执行 chmod 600 {file}。", file=sys.stderr)
    lines = text.splitlines()
    return lines[0] if lines else ""
